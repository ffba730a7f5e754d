import { afterEach, describe, expect, it } from 'vitest'
import { DROPPED_INDEXES_KEY, dropIndexesOfEmptyTables, dropUniqueIndexesIfEmpty, restoreDroppedIndexes } from '../bulk-indexes'
import { openDatabase } from '../db'
import { customerSearchIndex } from '../../modules/customers/search-index'
import { createTestDb, MIGRATIONS_DIR } from '../../testing'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

const keyIndex = customerSearchIndex.defer!.workerDrops!
const hasIndex = (s: ReturnType<typeof createTestDb>['sqlite'], name: string) => s.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`).pluck().get(name) === 1

describe('unique indexes set aside during a bulk load', () => {
  it('drops a unique index only while its table is empty and recreates it, repairing duplicates written meanwhile', () => {
    const t = createTestDb()
    cleanup = t.cleanup
    const s = t.sqlite
    s.prepare(`INSERT INTO customer_keys (customer_id, key) VALUES ('c0', 'p:x')`).run()
    // Not empty: kept.
    expect(s.transaction(() => dropUniqueIndexesIfEmpty(s, keyIndex, 1))()).toEqual([])
    expect(hasIndex(s, 'customer_keys_key')).toBe(true)
    s.exec(`DELETE FROM customer_keys`)
    expect(s.transaction(() => dropUniqueIndexesIfEmpty(s, keyIndex, 1))()).toEqual(['customer_keys_key'])
    expect(hasIndex(s, 'customer_keys_key')).toBe(false)
    // Meanwhile a duplicate lands (nothing stops it without the index).
    const ins = s.prepare(`INSERT INTO customer_keys (customer_id, key) VALUES (?, ?)`)
    ins.run('c1', 'p:ab'); ins.run('c1', 'p:ab'); ins.run('c1', 'r:321'); ins.run('c2', 'p:ab')
    // Without its repair the index could not be created again; with it, the duplicate goes and the rest stays.
    expect(() => s.exec(`CREATE UNIQUE INDEX probe ON customer_keys (key, customer_id)`)).toThrow(/UNIQUE/)
    expect(restoreDroppedIndexes(s)).toEqual(['customer_keys'])
    expect(hasIndex(s, 'customer_keys_key')).toBe(true)
    expect(s.prepare(`SELECT customer_id, key FROM customer_keys ORDER BY 1, 2`).raw().all()).toEqual([['c1', 'p:ab'], ['c1', 'r:321'], ['c2', 'p:ab']])
    expect(s.prepare(`SELECT count(*) FROM local_meta WHERE key = ?`).pluck().get(DROPPED_INDEXES_KEY)).toBe(0)
  })

  it('an interrupted bulk load: opening the database recreates the unique index before anything else', () => {
    const t = createTestDb()
    const s = t.sqlite
    s.transaction(() => dropUniqueIndexesIfEmpty(s, keyIndex, 1))()
    s.prepare(`INSERT INTO customer_keys (customer_id, key) VALUES ('c1', 'p:ab'), ('c1', 'p:ab')`).run()
    s.close()
    const again = openDatabase(t.file, { migrationsDir: MIGRATIONS_DIR })
    cleanup = () => { again.sqlite.close(); t.cleanup() }
    expect(hasIndex(again.sqlite, 'customer_keys_key')).toBe(true)
    expect(again.sqlite.prepare(`SELECT count(*) FROM customer_keys`).pluck().get()).toBe(1)
  })
})

describe('restoring the set-aside indexes one transaction each', () => {
  it('each index commits with its own line of the list: a failure keeps those done, and the next call does the rest', () => {
    const t = createTestDb()
    cleanup = t.cleanup
    const s = t.sqlite
    const list = () => JSON.parse((s.prepare(`SELECT value FROM local_meta WHERE key = ?`).pluck().get(DROPPED_INDEXES_KEY) as string | undefined) ?? '[]') as { name: string; sql: string }[]
    const setList = (l: unknown) => s.prepare(`UPDATE local_meta SET value = ? WHERE key = ?`).run(JSON.stringify(l), DROPPED_INDEXES_KEY)
    expect(s.transaction(() => dropIndexesOfEmptyTables(s, ['customers'], 1))()).toEqual(['customers'])
    const dropped = list()
    expect(dropped.length).toBeGreaterThanOrEqual(3)
    // The third one cannot be created (as a crash there would stop it).
    setList(dropped.map((i, k) => (k === 2 ? { ...i, sql: 'CREATE INDEX broken ON no_such_table (x)' } : i)))

    // All in one transaction: the failure takes back the two before it.
    expect(() => restoreDroppedIndexes(s, ['customers'])).toThrow(/no_such_table/)
    expect(hasIndex(s, dropped[0]!.name)).toBe(false)
    expect(list()).toHaveLength(dropped.length)

    // One each: the two before it stay recreated and forgotten; it and the rest stay listed.
    expect(() => restoreDroppedIndexes(s, ['customers'], { each: true })).toThrow(/no_such_table/)
    expect(hasIndex(s, dropped[0]!.name) && hasIndex(s, dropped[1]!.name)).toBe(true)
    expect(list().map((i) => i.name)).toEqual(dropped.slice(2).map((i) => i.name))

    // Repaired, the next call brings back the rest, and the list is gone.
    setList(dropped.slice(2))
    expect(restoreDroppedIndexes(s, ['customers'], { each: true })).toEqual(['customers'])
    for (const i of dropped) expect(hasIndex(s, i.name)).toBe(true)
    expect(s.prepare(`SELECT count(*) FROM local_meta WHERE key = ?`).pluck().get(DROPPED_INDEXES_KEY)).toBe(0)
    expect(s.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok')
  })
})
