import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { contacts, customers } from '../../modules/customers/customers.table'
import { customerSearchIndex, rebuildSearchIndex } from '../../modules/customers/search-index'
import { customerSearchSnapshot } from '../../testing'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import type { FaultPoint } from '../context'
import { DEFER_MIN_BACKLOG } from '../store'

let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close().catch(() => undefined) })


/** Business content of customers and contacts (what sync carries), by id. */
function rows(d: SyncDevice): unknown[] {
  const db = d.t.app.database.db
  const strip = ({ syncRev: _r, ...rest }: Record<string, unknown>) => rest
  return [...db.select().from(customers).all().map(strip), ...db.select().from(contacts).all().map(strip)].sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

const crashAt = (point: FaultPoint, index: number) => (p: FaultPoint, d?: { index?: number }) => {
  if (p === point && d?.index === index) throw new Error(`simulated crash at ${p}`)
}

async function twoDevices(): Promise<[SyncDevice, SyncDevice]> {
  const db = `index${++dbn}`
  const users = [{ name: `i${dbn}a`, password: 'pw-a' }, { name: `i${dbn}b`, password: 'pw-b' }]
  await serverWithDatabase(server, db, users)
  const a = await createDevice({ server, username: users[0]!.name, password: 'pw-a', database: db })
  const b = await createDevice({ server, username: users[1]!.name, password: 'pw-b', database: db })
  devices.push(a, b)
  return [a, b]
}

/** Customers with contacts, then edits: renames, contacts added and removed, deletes. */
function populate(a: SyncDevice): string[] {
  const ids: string[] = []
  a.t.app.mutation({ userId: null }, (w) => {
    for (let i = 0; i < 80; i++) {
      const c = w.insert(customers, { name: i % 4 === 0 ? `长安${i}号贸易有限公司` : `广州鑫源${i}电子有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: `020-6666${String(i).padStart(4, '0')}` })
      ids.push(c.id)
      for (let k = 0; k < i % 3; k++) w.insert(contacts, { customerId: c.id, name: `张${i}${k}`, mobile: `1370000${String(i * 10 + k).padStart(4, '0')}`, isPrimary: k === 0 })
    }
  })
  a.t.clock.advance(1000)
  a.t.app.mutation({ userId: null }, (w) => {
    for (const id of ids.slice(0, 10)) w.update(customers, id, { name: `改名${id.slice(-4)}客户` })
    for (const id of ids.slice(10, 15)) w.softDelete(customers, id)
    for (const id of ids.slice(20, 25)) w.insert(contacts, { customerId: id, name: '后加联系人', mobile: '13612345678', isPrimary: false })
    const some = a.t.app.database.db.select().from(contacts).all().slice(0, 5)
    for (const p of some) w.softDelete(contacts, p.id)
  })
  return ids
}

describe('projection into SQLite and the search index', () => {
  it('a projector batch writes the same rows as the source device, no audit or outbox, and the same search data as a full rebuild', async () => {
    const [a, b] = await twoDevices()
    populate(a)
    await syncAll([a, b], 1)
    expect(rows(b)).toEqual(rows(a))
    const one = (d: SyncDevice, q: string) => d.t.app.database.sqlite.prepare(q).pluck().get()
    expect(one(b, `SELECT count(*) FROM audit_log WHERE table_name IN ('customers', 'contacts')`)).toBe(0)
    expect(one(b, `SELECT count(*) FROM outbox`)).toBe(0)
    const projected = customerSearchSnapshot(b.t.app.database.sqlite)
    expect(projected.fts).toHaveLength(75)
    expect(projected).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    rebuildSearchIndex(b.t.app.database.sqlite)
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(projected)
  })

  it('a crash mid-batch during the initial sync, then a restart, leaves the rows and a correct search index', async () => {
    const [a, first] = await twoDevices()
    let b = first
    populate(a)
    await a.engine.syncOnce()
    b.fault = crashAt('projector.midBatch', 100)
    await expect(b.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    expect(customerSearchSnapshot(b.t.app.database.sqlite).fts).toHaveLength(0)
    const next = await b.restart()
    devices.splice(devices.indexOf(b), 1, next)
    b = next
    await syncAll([b], 1)
    expect(rows(b)).toEqual(rows(a))
    const projected = customerSearchSnapshot(b.t.app.database.sqlite)
    expect(projected).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    rebuildSearchIndex(b.t.app.database.sqlite)
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(projected)
    // Later edits from A reach B's index too (the steady-state path after the initial sync).
    a.t.clock.advance(1000)
    const target = a.t.app.database.db.select().from(customers).all().find((c) => !c.deletedAt)!
    a.t.app.mutation({ userId: null }, (w) => { w.update(customers, target.id, { name: '最后改名客户' }) })
    await syncAll([a, b], 2)
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(customerSearchSnapshot(b.t.app.database.sqlite).fts.find(([id]) => id === target.id)![1]).toContain('改名')
  })

  it('far behind (an initial sync), new customers are indexed in bulk once the projector catches up; a crash in between resumes the mode', async () => {
    const [a, first] = await twoDevices()
    let b = first
    const old = Array.from({ length: 20 }, (_, i) => a.t.app.mutation({ userId: null }, (w) => w.insert(customers, { name: `老客户${i}号`, nameNorm: '', pinyin: '', ownerId: null }).id))
    await syncAll([a, b], 1)
    expect(customerSearchSnapshot(b.t.app.database.sqlite).fts).toHaveLength(20)
    a.t.clock.advance(1000)
    a.t.app.mutation({ userId: null }, (w) => {
      for (const id of old.slice(0, 10)) w.update(customers, id, { name: `老客户改名${id.slice(-4)}` })
      for (let i = 0; i < DEFER_MIN_BACKLOG + 800; i++) {
        const c = w.insert(customers, { name: `新到客户${i}号有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: `0755-2${String(i).padStart(7, '0')}` })
        if (i % 50 === 0) w.insert(contacts, { customerId: c.id, name: `李${i}`, mobile: `1380013${String(i).padStart(4, '0')}`, isPrimary: true })
      }
    })
    await a.engine.syncOnce()
    // Crash in the second projector batch: the first one committed with the index deferred.
    let writes = 0
    b.fault = (p) => { if (p === 'projector.midBatch' && ++writes === 600) throw new Error('simulated crash') }
    await expect(b.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    const sqlite = () => b.t.app.database.sqlite
    const mark = sqlite().prepare(`SELECT value FROM local_meta WHERE key = 'index.deferred:customers.search'`).pluck().get()
    expect(mark).toBeDefined()
    const listed = sqlite().prepare(`SELECT count(*) FROM customers`).pluck().get() as number
    expect(listed).toBeGreaterThan(20)
    // Meanwhile new arrivals are listed but not yet searchable; the customers from before still are.
    expect(sqlite().prepare(`SELECT count(*) FROM customers_fts`).pluck().get()).toBe(20)

    const next = await b.restart()
    devices.splice(devices.indexOf(b), 1, next)
    b = next
    await syncAll([b], 1)
    expect(sqlite().prepare(`SELECT count(*) FROM local_meta WHERE key LIKE 'index.deferred:%'`).pluck().get()).toBe(0)
    expect(rows(b)).toEqual(rows(a))
    const projected = customerSearchSnapshot(sqlite())
    expect(projected.fts).toHaveLength(20 + DEFER_MIN_BACKLOG + 800)
    expect(projected).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    rebuildSearchIndex(sqlite())
    expect(customerSearchSnapshot(sqlite())).toEqual(projected)
  }, 120_000)
  it('while deferred, no customer above the mark goes through the per-batch reindex; one the user edits meanwhile is searchable at once and exact after the bulk build', async () => {
    const [a, first] = await twoDevices()
    let b = first
    a.t.app.mutation({ userId: null }, (w) => {
      for (let i = 0; i < DEFER_MIN_BACKLOG + 800; i++) w.insert(customers, { name: `批量客户${i}号有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: `0571-8${String(i).padStart(7, '0')}` })
    })
    await a.engine.syncOnce()
    // What the per-batch reindex is handed (customers.synced.ts `ownEntry`: the projector knows each row's rowid).
    const handed: string[] = []
    const apply = customerSearchIndex.apply
    customerSearchIndex.apply = (sqlite, keys, above) => { handed.push(...keys); apply(sqlite, keys, above) }
    try {
      let writes = 0
      b.fault = (p) => { if (p === 'projector.midBatch' && ++writes === 600) throw new Error('simulated crash') }
      await expect(b.engine.syncOnce()).rejects.toThrow(/simulated crash/)
      // The first batch (500) committed deferred, the second crashed before its commit.
      expect(handed).toEqual([])
    } finally {
      customerSearchIndex.apply = apply
    }
    const sqlite = () => b.t.app.database.sqlite
    expect(Number(sqlite().prepare(`SELECT value FROM local_meta WHERE key = 'index.deferred:customers.search'`).pluck().get())).toBe(0)
    expect(sqlite().prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(500)
    expect(sqlite().prepare(`SELECT count(*) FROM customers_fts`).pluck().get()).toBe(0)
    // A user renames one of them before the sync resumes: indexed at once, above the mark.
    const one = b.t.app.database.db.select().from(customers).limit(1).all()[0]!
    b.t.app.mutation({ userId: null }, (w) => w.update(customers, one.id, { name: '西湖龙井茶叶有限公司' }))
    expect(sqlite().prepare(`SELECT count(*) FROM customers_fts WHERE customers_fts MATCH '西湖'`).pluck().get()).toBe(1)

    const next = await b.restart()
    devices.splice(devices.indexOf(b), 1, next)
    b = next
    await syncAll([b], 1)
    expect(sqlite().prepare(`SELECT count(*) FROM local_meta WHERE key LIKE 'index.deferred:%'`).pluck().get()).toBe(0)
    const projected = customerSearchSnapshot(sqlite())
    expect(projected.fts).toHaveLength(DEFER_MIN_BACKLOG + 800)
    expect(projected.fts.filter(([, text]) => text.includes('西湖'))).toHaveLength(1)
    rebuildSearchIndex(sqlite())
    expect(customerSearchSnapshot(sqlite())).toEqual(projected)
  }, 120_000)
})
