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

interface DroppedIndex { name: string; table: string; sql: string }

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
    if (sqlite.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() !== undefined) continue
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
  if (done.length) {
    sqlite.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
      .run(DROPPED_INDEXES_KEY, JSON.stringify(dropped), now)
  }
  return done
}

/** True while some indexes are set aside (a bulk load in progress or interrupted). */
export function hasDroppedIndexes(sqlite: Sqlite): boolean {
  return hasMetaTable(sqlite) && readDropped(sqlite).length > 0
}

/**
 * Recreates the indexes `dropIndexesOfEmptyTables` set aside and forgets them, in one
 * transaction (or the caller's). With `tables`, only those tables' indexes; the others stay set
 * aside. Idempotent; returns the tables whose indexes were rebuilt.
 */
export function restoreDroppedIndexes(sqlite: Sqlite, tables?: readonly string[]): string[] {
  if (!hasMetaTable(sqlite)) return []
  return sqlite.transaction(() => {
    const dropped = readDropped(sqlite)
    const now = tables ? dropped.filter((i) => tables.includes(i.table)) : dropped
    if (tables && !now.length) return []
    for (const i of now) {
      const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(i.name) !== undefined
      if (!exists) sqlite.exec(i.sql)
    }
    const rest = dropped.filter((i) => !now.includes(i))
    if (rest.length) sqlite.prepare(`UPDATE local_meta SET value = ?, updated_at = ? WHERE key = ?`).run(JSON.stringify(rest), Date.now(), DROPPED_INDEXES_KEY)
    else sqlite.prepare(`DELETE FROM local_meta WHERE key = ?`).run(DROPPED_INDEXES_KEY)
    return [...new Set(now.map((i) => i.table))]
  })()
}
