import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Sqlite } from '../../core/db'
import { DROPPED_INDEXES_KEY } from '../../core/bulk-indexes'
import { contacts, customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { DEFER_MIN_BACKLOG } from '../store'

let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close().catch(() => undefined) })

/** Every index of the synced customer tables, as SQLite holds its definition. */
const indexes = (s: Sqlite) => s.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('customers', 'contacts') ORDER BY name`).all()
const dropped = (s: Sqlite) => s.prepare(`SELECT value FROM local_meta WHERE key = ?`).pluck().get(DROPPED_INDEXES_KEY) as string | undefined
const one = (s: Sqlite, q: string) => s.prepare(q).pluck().get()

function rows(d: SyncDevice): unknown[] {
  const db = d.t.app.database.db
  const strip = ({ syncRev: _r, ...rest }: Record<string, unknown>) => rest
  return [...db.select().from(customers).all().map(strip), ...db.select().from(contacts).all().map(strip)].sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

async function sourceWithCustomers(n: number): Promise<{ a: SyncDevice; b: SyncDevice }> {
  const db = `bulk${++dbn}`
  const users = [{ name: `k${dbn}a`, password: 'pw-a' }, { name: `k${dbn}b`, password: 'pw-b' }]
  await serverWithDatabase(server, db, users)
  const a = await createDevice({ server, username: users[0]!.name, password: 'pw-a', database: db })
  const b = await createDevice({ server, username: users[1]!.name, password: 'pw-b', database: db })
  devices.push(a, b)
  a.t.app.mutation({ userId: null }, (w) => {
    for (let i = 0; i < n; i++) {
      const c = w.insert(customers, { name: `批量客户${i}号有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: `0571-8${String(i).padStart(7, '0')}`, level: i % 3 ? 'B' : 'A' })
      if (i % 40 === 0) w.insert(contacts, { customerId: c.id, name: `王${i}`, mobile: `1390000${String(i).padStart(4, '0')}`, isPrimary: true })
    }
  })
  await a.engine.syncOnce()
  return { a, b }
}

describe('initial sync into empty tables: secondary indexes set aside and rebuilt', () => {
  it('drops the indexes of empty tables while far behind and rebuilds exactly the same ones when caught up', async () => {
    const { a, b } = await sourceWithCustomers(DEFER_MIN_BACKLOG + 500)
    const before = indexes(b.t.app.database.sqlite)
    expect(before.length).toBeGreaterThan(10)
    let missingDuringSync = 0
    b.fault = (p) => {
      if (p === 'projector.midBatch' && missingDuringSync === 0) missingDuringSync = before.length - indexes(b.t.app.database.sqlite).length
    }
    await syncAll([b], 1)
    // Only the non-unique secondary indexes went (the unique and primary keys decide conflicts).
    expect(missingDuringSync).toBeGreaterThanOrEqual(13)
    const s = b.t.app.database.sqlite
    expect(indexes(s)).toEqual(before)
    expect(dropped(s)).toBeUndefined()
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
    expect(rows(b)).toEqual(rows(a))
    // The planner uses them again (list by owner and date).
    expect(JSON.stringify(s.prepare(`EXPLAIN QUERY PLAN SELECT id FROM customers WHERE owner_id IS NULL ORDER BY updated_at DESC LIMIT 20`).all())).toMatch(/customers_owner_updated/)
  }, 120_000)

  it('a crash with the indexes set aside: the next start rebuilds them before anything else, and the sync resumes', async () => {
    const { a, b: first } = await sourceWithCustomers(DEFER_MIN_BACKLOG + 800)
    let b = first
    const before = indexes(b.t.app.database.sqlite)
    // The first batch (500) commits with the indexes dropped; the crash hits the second one.
    let writes = 0
    b.fault = (p) => { if (p === 'projector.midBatch' && ++writes === 600) throw new Error('simulated crash') }
    await expect(b.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    const s1 = b.t.app.database.sqlite
    expect(JSON.parse(dropped(s1)!)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'customers_owner_updated', table: 'customers' })]))
    expect(indexes(s1).length).toBeLessThan(before.length)
    expect(one(s1, `SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM contacts)`)).toBe(500)

    const next = await b.restart()
    devices.splice(devices.indexOf(b), 1, next)
    b = next
    // Restored when the database was opened, before migrations and before any sync.
    const s = b.t.app.database.sqlite
    expect(indexes(s)).toEqual(before)
    expect(dropped(s)).toBeUndefined()
    await syncAll([b], 1)
    expect(indexes(s)).toEqual(before)
    expect(dropped(s)).toBeUndefined()
    expect(one(s, `SELECT count(*) FROM local_meta WHERE key LIKE 'index.deferred:%'`)).toBe(0)
    expect(rows(b)).toEqual(rows(a))
    expect(one(s, `SELECT count(*) FROM customers_fts`)).toBe(DEFER_MIN_BACKLOG + 800)
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 120_000)
})
