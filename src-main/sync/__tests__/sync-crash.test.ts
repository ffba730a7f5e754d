import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, outboxRows, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { insertCustomer } from '../../testing'
import type { FaultPoint } from '../context'
import type { PouchDoc } from '../pouch'

let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close().catch(() => undefined) })

const crashAt = (point: FaultPoint, index?: number) => (p: FaultPoint, d?: { index?: number }) => {
  if (p === point && (index === undefined || d?.index === index)) throw new Error(`simulated crash at ${p}`)
}

async function setup(n = 2): Promise<{ devs: SyncDevice[]; db: string }> {
  const db = `crash${++dbn}`
  const users = Array.from({ length: n }, (_, i) => ({ name: `c${dbn}_${i}`, password: `pw-${i}` }))
  await serverWithDatabase(server, db, users)
  const devs: SyncDevice[] = []
  for (const u of users) devs.push(await createDevice({ server, username: u.name, password: u.password, database: db }))
  devices.push(...devs)
  return { devs, db }
}

/** Swaps a device for its restarted self in the cleanup list. */
async function restart(d: SyncDevice): Promise<SyncDevice> {
  const next = await d.restart()
  devices.splice(devices.indexOf(d), 1, next)
  return next
}

async function serverDocs(db: string): Promise<PouchDoc[]> {
  const r = (await server.request('GET', `/${db}/_all_docs?include_docs=true&conflicts=true`)).json as { rows: { doc: PouchDoc }[] }
  return r.rows.map((x) => x.doc).filter((d) => d._id.startsWith('customer:'))
}

const ftsCount = (d: SyncDevice) => d.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts`).pluck().get() as number

describe('a crash at any step loses nothing and duplicates nothing', () => {
  it('between the SQLite commit and the PouchDB write', async () => {
    let { devs: [a] } = await setup(1)
    const id = insertCustomer(a!.t, { name: '成都客户', ownerId: null })
    a!.fault = crashAt('pump.beforePouchWrite')
    await expect(a!.engine.pump()).rejects.toThrow(/simulated crash/)
    expect(outboxRows(a!).map((r) => r.status)).toEqual(['pending'])
    a = await restart(a!)
    await syncAll([a], 1)
    expect(outboxRows(a).map((r) => r.status)).toEqual(['pushed'])
    const local = await a.engine.local().get(`customer:${id}`)
    expect(local._rev).toMatch(/^1-/)
  })

  it('after the PouchDB write, before the outbox row is marked', async () => {
    const { devs: [first, b], db } = await setup(2)
    let a = first
    const id = insertCustomer(a!.t, { name: '重庆客户', ownerId: null })
    a!.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { city: '重庆' }))
    a!.fault = crashAt('pump.afterPouchWrite')
    await expect(a!.engine.pump()).rejects.toThrow(/simulated crash/)
    expect(outboxRows(a!).map((r) => r.status)).toEqual(['pending', 'pending'])
    expect((await a!.engine.local().get(`customer:${id}`))._rev).toMatch(/^1-/)
    a = await restart(a!)
    await syncAll([a, b!], 2)
    expect(outboxRows(a).map((r) => r.status)).toEqual(['pushed', 'pushed'])
    // The second pump found PouchDB already holding the record: no second revision.
    expect((await a.engine.local().get(`customer:${id}`))._rev).toMatch(/^1-/)
    const docs = await serverDocs(db)
    expect(docs).toHaveLength(1)
    expect(docs[0]!._rev).toMatch(/^1-/)
    expect(customerRow(b!, id)?.city).toBe('重庆')
  })

  it('in the middle of a projector batch', async () => {
    const { devs: [a, first] } = await setup(2)
    let b = first
    const ids = Array.from({ length: 60 }, (_, i) => insertCustomer(a!.t, { name: `客户${i}号`, ownerId: null, phone: `1380000${String(i).padStart(4, '0')}` }))
    await a!.engine.syncOnce()
    b!.fault = crashAt('projector.midBatch', 30)
    await expect(b!.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    // The whole batch rolled back with its checkpoint: nothing half-applied.
    expect(b!.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(0)
    b = await restart(b!)
    await syncAll([b], 1)
    expect(b.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(60)
    expect(ftsCount(b)).toBe(60)
    expect(b.t.app.database.sqlite.prepare(`SELECT count(*) FROM customer_keys WHERE key LIKE 'r:%'`).pluck().get()).toBe(60)
    for (const id of ids.slice(0, 3)) expect(customerRow(b, id)?.name).toMatch(/^客户/)
    // Replaying again changes nothing.
    await syncAll([b], 1)
    expect(ftsCount(b)).toBe(60)
    expect(outboxRows(b)).toHaveLength(0)
  })

  it('after a conflict resolution was written, before the projector committed', async () => {
    const { devs: [a, first], db } = await setup(2)
    let b = first
    const id = insertCustomer(a!.t, { name: '西安客户', ownerId: null })
    await syncAll([a!, b!], 1)
    a!.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { city: '西安' }))
    b!.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { phone: '029-1' }))
    await a!.engine.syncOnce()
    b!.fault = crashAt('resolver.afterWrite')
    await expect(b!.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    b = await restart(b!)
    await syncAll([a!, b], 3)
    for (const d of [a!, b]) expect(customerRow(d, id)).toMatchObject({ city: '西安', phone: '029-1' })
    const docs = await serverDocs(db)
    expect(docs).toHaveLength(1)
    expect(docs[0]!._conflicts).toBeUndefined()
  })
})
