import { getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from './db'

/** A table with the base columns (see columns.ts). */
export type SyncedTable = SQLiteTable & { id: SQLiteColumn; hlc: SQLiteColumn; deletedAt: SQLiteColumn }

/**
 * How a field merges when two devices changed the same record (used by the sync engine):
 * `lww` = latest HLC stamp wins silently; `ask` = if both sides changed it, the user decides
 * in the conflict inbox (free text, amounts on drafts).
 */
export type MergePolicy = 'lww' | 'ask'

export interface SyncedTableDef {
  table: SyncedTable
  /** Document type in CouchDB, e.g. 'customer'. */
  docType: string
  /** Append-only movements (stock, money): created once, never edited or merged. */
  ledger?: boolean
  /** Fields never written to the audit log in clear (password hashes). */
  redact?: readonly string[]
  /** Per-field merge policy; unspecified fields use `lww`. */
  merge?: Record<string, MergePolicy>
  /**
   * Columns computed from the record itself (normalised name, pinyin). Called with the whole
   * row on every write, by services and by the sync projector alike; not audited.
   */
  derive?: (row: Record<string, unknown>) => Record<string, unknown>
  /** Keeps local derived data (search indexes) current; runs inside the same transaction. */
  afterWrite?: (db: Db, row: Record<string, unknown>) => void
}

const byName = new Map<string, SyncedTableDef>()

/** Modules declare their synced tables once, at import time. */
export function defineSyncedTable(def: SyncedTableDef): SyncedTableDef {
  const name = getTableName(def.table)
  const existing = byName.get(name)
  if (existing && existing.docType !== def.docType) throw new Error(`synced table ${name} declared twice`)
  byName.set(name, def)
  return def
}

export function syncedTableDef(table: SQLiteTable): SyncedTableDef {
  const def = byName.get(getTableName(table))
  if (!def) throw new Error(`table ${getTableName(table)} is not declared as synced`)
  return def
}

export function allSyncedTables(): SyncedTableDef[] { return [...byName.values()] }
