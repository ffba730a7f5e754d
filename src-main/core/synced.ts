import { getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { DroppableUnique } from './bulk-indexes'
import type { Db, Sqlite } from './db'

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
  derive?: (row: Record<string, unknown>, carried?: Record<string, unknown>) => Record<string, unknown>
  /**
   * Derived columns a document may carry so that a receiving device need not compute them again
   * (a customer's pinyin costs ~20 µs of segmentation, per document of an initial sync). The
   * writer stores `key(row)` — a fingerprint of everything the values are computed from: source
   * fields and the algorithm's version — with the values in `lb.carry`; a receiver passes them
   * to `derive` as `carried` only when its own key of the row it writes is the same (an older
   * writer, a rename merged since, or a changed algorithm: computed as usual).
   */
  carry?: { columns: readonly string[]; key(row: Record<string, unknown>): string }
  /** Keeps local derived data (search indexes) current; runs inside the same transaction. */
  afterWrite?: (db: Db, row: Record<string, unknown>) => void
  /**
   * The set-based form of `afterWrite`, for writers of many rows per transaction (the mutation
   * writer, the sync projector): `key(row)` names the entry of `index` a live row affects (for
   * customers and contacts alike, the customer whose search entry it changes); the writer
   * collects the keys of all tables sharing the index and calls `index.apply` once, each key
   * once, just before the transaction commits. A deleted row still runs `afterWrite` at once (an
   * index keyed by the row's rowid must drop it before the row can be purged).
   */
  batchIndex?: {
    index: BatchIndex
    key(row: Record<string, unknown>): string | null
    /**
     * `key(row)` is this row's own entry, and the index's deferral mark is a rowid of this table
     * (`defer.mark`): a writer that knows the rowid it wrote may leave a row above the mark to the
     * bulk build at once instead of handing its key to `apply` (which would skip it there).
     */
    ownEntry?: boolean
  }
  /**
   * Which server database the record lives in (docs/SYNC.md, "Topology"). 'company' (the
   * default): organisation data every member reads. Otherwise the record belongs to an owner:
   * `ownerOf` returns the owning user's id (their database), null for the 公海 (pool), or
   * undefined when this particular row has no owner (then it is company data). Called by the
   * outbox pump with the SQLite row (or a document body) at push time; may read SQLite (a
   * customer's children look up the customer's current owner).
   */
  partition?: 'company' | {
    ownerOf(row: Record<string, unknown>, db: Db): string | null | undefined
    /** Other users whose databases also hold the document (READER_TYPES only, topology-names.ts). */
    readersOf?(row: Record<string, unknown>, db: Db): string[]
  }
}

/** Local derived data kept by `batchIndex` (see SyncedTableDef). */
export interface BatchIndex {
  /** Names the index (its deferral state is kept in local_meta under this name). */
  name: string
  /**
   * Brings the entries of `keys` up to date; `apply(sqlite, [key(row)])` must leave exactly what
   * `afterWrite(db, row)` leaves. With `deferredAbove` (see `defer`), entries of rows written after
   * that mark are left for `defer.finish`.
   */
  apply(sqlite: Sqlite, keys: string[], deferredAbove?: number): void
  /**
   * Bulk mode for the sync projector's initial sync: while far behind, the projector takes a
   * `mark()` (e.g. the table's highest rowid), passes it to `apply`, and once it has caught up
   * calls `finish(mark)` to build the entries of everything written after the mark in one
   * pass (sorted, no per-row lookups), in the transaction of its last batch. `build(from, to)`,
   * if given, builds the entries of the rows with rowid in (from, to] the same way: the sync's
   * bulk worker (sync/bulk.worker.ts) calls it on its own connection while the sync goes on, and
   * moves the saved mark to `to` in the same transaction, so `finish` has only the rest to do.
   */
  defer?: {
    mark(sqlite: Sqlite): number
    finish(sqlite: Sqlite, mark: number): void
    build?(sqlite: Sqlite, from: number, to: number): void
    /**
     * Tables `build` looks rows up in by index, chunk after chunk: while the bulk worker builds,
     * they keep their indexes through the bulk load (without them every chunk scans the table:
     * measured +16 ms per 500-row chunk with 150,000 contacts).
     */
    reads?: readonly string[]
    /**
     * UNIQUE indexes of the derived data that `build` would update at random pages, commit after
     * commit (each chunk's entries land all over the index). While the bulk worker builds into an
     * empty table they are set aside and created once, sorted, when the deferral finishes
     * (core/bulk-indexes.ts, `dropUniqueIndexesIfEmpty`).
     */
    workerDrops?: readonly DroppableUnique[]
  }
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

/** The better-sqlite3 connection under a drizzle database (hooks prepare statements on it once). */
export function sqliteOf(db: Db): Sqlite { return (db as Db & { $client: Sqlite }).$client }
