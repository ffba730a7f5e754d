import type { Sqlite } from './db'

/**
 * Secondary indexes set aside during a bulk load (the sync projector's initial sync into empty
 * tables): maintaining a dozen b-trees row by row, at random positions, costs more than building
 * them once from the finished table (sorted, each page written once). The dropped indexes' own
 * CREATE statements (from sqlite_master) are kept in local_meta under this key, written in the
 * same transaction as the DROP, so a crash can never lose an index: `restoreDroppedIndexes` runs
 * when the bulk load ends and, after an interruption, when the database is next opened (before
 * migrations, which may refer to the indexes).
 */
export const DROPPED_INDEXES_KEY = 'index.dropped'

/** `repair`: run when recreating a UNIQUE index fails on duplicate rows, before trying again. */
interface DroppedIndex { name: string; table: string; sql: string; repair?: string }

function hasMetaTable(sqlite: Sqlite): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'local_meta'`).get() !== undefined
}

function readDropped(sqlite: Sqlite): DroppedIndex[] {
  const v = sqlite.prepare(`SELECT value FROM local_meta WHERE key = ?`).pluck().get(DROPPED_INDEXES_KEY) as string | undefined
  return v ? (JSON.parse(v) as DroppedIndex[]) : []
}

/**
 * Drops the non-unique secondary indexes of each table that is empty now (unique ones stay: they
 * decide conflicts). Call inside a transaction. Returns the tables whose indexes were dropped.
 */
export function dropIndexesOfEmptyTables(sqlite: Sqlite, tables: string[], now: number): string[] {
  const dropped = readDropped(sqlite)
  const done: string[] = []
  for (const table of tables) {
    if (!isEmpty(sqlite, table)) continue
    // sql IS NULL: automatic indexes of PRIMARY KEY / UNIQUE constraints.
    const indexes = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`)
      .all(table) as { name: string; sql: string }[]
    if (!indexes.length) continue
    for (const i of indexes) {
      sqlite.exec(`DROP INDEX "${i.name}"`)
      dropped.push({ name: i.name, table, sql: i.sql })
    }
    done.push(table)
  }
  if (done.length) saveDropped(sqlite, dropped, now)
  return done
}

/** A UNIQUE index that may be set aside while its table is empty (see `dropUniqueIndexesIfEmpty`). */
export interface DroppableUnique {
  table: string
  index: string
  /** Deletes the rows that would keep the index from being created again (duplicates). */
  repair: string
}

/**
 * Drops named UNIQUE indexes whose table is empty now, like `dropIndexesOfEmptyTables`, for
 * derived data whose writers never rely on the constraint to decide anything (the customer
 * search keys: each writer deletes a customer's keys before inserting its distinct ones). If the
 * index cannot be created again because duplicates were written meanwhile, `repair` removes them
 * first. Call inside a transaction. Returns the indexes dropped.
 */
export function dropUniqueIndexesIfEmpty(sqlite: Sqlite, specs: readonly DroppableUnique[], now: number): string[] {
  const dropped = readDropped(sqlite)
  const done: string[] = []
  for (const spec of specs) {
    const sql = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ? AND tbl_name = ?`).pluck().get(spec.index, spec.table) as string | undefined
    if (!sql || !isEmpty(sqlite, spec.table)) continue
    sqlite.exec(`DROP INDEX "${spec.index}"`)
    dropped.push({ name: spec.index, table: spec.table, sql, repair: spec.repair })
    done.push(spec.index)
  }
  if (done.length) saveDropped(sqlite, dropped, now)
  return done
}

function isEmpty(sqlite: Sqlite, table: string): boolean {
  return sqlite.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() === undefined
}

function saveDropped(sqlite: Sqlite, dropped: DroppedIndex[], now: number): void {
  sqlite.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(DROPPED_INDEXES_KEY, JSON.stringify(dropped), now)
}

/** Creates a dropped index again; a UNIQUE one that fails on duplicates is repaired and created. */
function recreate(sqlite: Sqlite, i: DroppedIndex): void {
  try {
    sqlite.exec(i.sql)
  } catch (err) {
    if (!i.repair || (err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err
    sqlite.exec(i.repair)
    sqlite.exec(i.sql)
  }
}

/** The tables whose indexes are set aside now. */
export function droppedIndexTables(sqlite: Sqlite): string[] {
  return hasMetaTable(sqlite) ? [...new Set(readDropped(sqlite).map((i) => i.table))] : []
}

/** True while some indexes are set aside (a bulk load in progress or interrupted). */
export function hasDroppedIndexes(sqlite: Sqlite): boolean {
  return hasMetaTable(sqlite) && readDropped(sqlite).length > 0
}

/**
 * Recreates the indexes `dropIndexesOfEmptyTables` set aside and forgets them, in one
 * transaction (or the caller's). With `tables`, only those tables' indexes; the others stay set
 * aside. `each`: one transaction per index instead (each with its line of the list), so that a
 * writer on another connection — a user's save while the sync's bulk worker rebuilds — waits for
 * one index at most, not for all of them (13 customer indexes at 100,000 rows: ~1.3 s in one
 * lock). Idempotent; returns the tables whose indexes were rebuilt.
 */
export function restoreDroppedIndexes(sqlite: Sqlite, tables?: readonly string[], opts: { each?: boolean } = {}): string[] {
  if (!hasMetaTable(sqlite)) return []
  if (!opts.each) return sqlite.transaction(() => restoreSome(sqlite, tables, Infinity).tables)()
  const done = new Set<string>()
  for (;;) {
    const step = sqlite.transaction(() => restoreSome(sqlite, tables, 1))()
    for (const t of step.tables) done.add(t)
    if (step.left === 0) return [...done]
  }
}

/** Recreates up to `limit` of the set-aside indexes (of `tables`), forgetting them; how many of those are left. */
function restoreSome(sqlite: Sqlite, tables: readonly string[] | undefined, limit: number): { tables: string[]; left: number } {
  const dropped = readDropped(sqlite)
  const wanted = tables ? dropped.filter((i) => tables.includes(i.table)) : dropped
  const now = wanted.slice(0, limit)
  if (!now.length) return { tables: [], left: 0 }
  for (const i of now) {
    const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(i.name) !== undefined
    if (!exists) recreate(sqlite, i)
  }
  const rest = dropped.filter((i) => !now.includes(i))
  if (rest.length) sqlite.prepare(`UPDATE local_meta SET value = ?, updated_at = ? WHERE key = ?`).run(JSON.stringify(rest), Date.now(), DROPPED_INDEXES_KEY)
  else sqlite.prepare(`DELETE FROM local_meta WHERE key = ?`).run(DROPPED_INDEXES_KEY)
  return { tables: [...new Set(now.map((i) => i.table))], left: wanted.length - now.length }
}
