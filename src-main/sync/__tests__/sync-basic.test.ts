import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { syncConflicts, syncDocs } from '../../modules/sync/sync.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { insertCustomer } from '../../testing'
import type { PouchDoc } from '../pouch'

let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

async function devicesOn(n: number): Promise<{ devs: SyncDevice[]; db: string }> {
  const db = `crm${++dbn}`
  const users = Array.from({ length: n }, (_, i) => ({ name: `u${dbn}_${i}`, password: `pw-${i}` }))
  await serverWithDatabase(server, db, users)
  const devs: SyncDevice[] = []
  for (const u of users) devs.push(await createDevice({ server, username: u.name, password: u.password, database: db }))
  devices.push(...devs)
  return { devs, db }
}

async function serverDoc(db: string, id: string): Promise<PouchDoc> {
  const r = await server.request('GET', `/${db}/customer:${id}?conflicts=true`)
  return r.json as PouchDoc
}
const localWinner = (d: SyncDevice, id: string) => d.engine.local().get(`customer:${id}`, { conflicts: true })
const update = (d: SyncDevice, id: string, patch: Partial<typeof customers.$inferInsert>) => d.t.app.mutation({ userId: null }, (w) => w.update(customers, id, patch))
const conflicts = (d: SyncDevice) => d.t.app.database.db.select().from(syncConflicts).all()

describe('two devices, one customer', () => {
  it('different fields edited offline on both: both edits survive everywhere, and both devices resolving the conflict write the same revision', async () => {
    const { devs: [a, b], db } = await devicesOn(2)
    const id = insertCustomer(a!.t, { name: '北京莱邦科技有限公司', ownerId: null, phone: '010-1' })
    await syncAll([a!, b!], 1)
    expect(customerRow(b!, id)?.name).toBe('北京莱邦科技有限公司')

    a!.t.clock.advance(60_000)
    b!.t.clock.advance(61_000)
    update(a!, id, { city: '上海' })
    update(b!, id, { phone: '13900001111' })
    // A pushes first; B pushes its branch and pulls A's; then A pulls B's. Both now hold the
    // same two-branch conflict and resolve it on their own, before exchanging anything more.
    await a!.engine.syncOnce()
    await b!.engine.syncOnce()
    await a!.engine.syncOnce()
    const ra = await localWinner(a!, id)
    const rb = await localWinner(b!, id)
    expect(ra._conflicts ?? []).toEqual([])
    expect(rb._conflicts ?? []).toEqual([])
    expect(ra._rev).toBe(rb._rev)

    await syncAll([a!, b!], 2)
    for (const d of [a!, b!]) expect(customerRow(d, id)).toMatchObject({ city: '上海', phone: '13900001111', name: '北京莱邦科技有限公司' })
    const onServer = await serverDoc(db, id)
    expect(onServer._conflicts).toBeUndefined()
    expect(onServer._rev).toBe(ra._rev)
    expect(onServer).toMatchObject({ city: '上海', phone: '13900001111' })
    // The FTS/search keys were rebuilt by the projector on B (derive + afterWrite ran).
    const keys = b!.t.app.database.sqlite.prepare(`SELECT key FROM customer_keys WHERE customer_id = ?`).pluck().all(id)
    expect(keys).toContain('r:11110000931')
    expect(conflicts(a!)).toHaveLength(0)
  })

  it('one projector batch with a known record and new ones: the known one is merged with its unsent local edit, the new ones are inserted', async () => {
    const { devs: [a, b] } = await devicesOn(2)
    const x = insertCustomer(a!.t, { name: '杭州莱邦贸易有限公司', ownerId: null, phone: '0571-1' })
    await syncAll([a!, b!], 1)
    a!.t.clock.advance(60_000)
    b!.t.clock.advance(61_000)
    update(a!, x, { city: '上海' })
    const news = [insertCustomer(a!.t, { name: '宁波新客户一号有限公司', ownerId: null }), insertCustomer(a!.t, { name: '宁波新客户二号有限公司', ownerId: null })]
    await a!.engine.syncOnce()
    // B edits another field and has not pumped it; A's revisions land in B's local PouchDB as a pull writes them.
    update(b!, x, { phone: '13900002222' })
    const ids = [x, ...news].map((id) => `customer:${id}`)
    const docs = (await a!.engine.local().allDocs({ keys: ids, include_docs: true })).rows.map((r) => r.doc!)
    const withHistory = await Promise.all(docs.map((d) => a!.engine.local().get(d._id, { revs: true })))
    await b!.engine.local().bulkDocs(withHistory, { new_edits: false })
    expect(await b!.engine.project()).toBeGreaterThanOrEqual(3)
    expect(customerRow(b!, x)).toMatchObject({ city: '上海', phone: '13900002222', name: '杭州莱邦贸易有限公司' })
    for (const id of news) expect(customerRow(b!, id)?.name).toMatch(/^宁波新客户/)
    // And it converges: B's edit goes out, A ends with both.
    await syncAll([b!, a!], 2)
    expect(customerRow(a!, x)).toMatchObject({ city: '上海', phone: '13900002222' })
  })

  it('same field, one device two days behind: the HLC decides, the same everywhere, and a later edit after syncing wins', async () => {
    const { devs: [a, b] } = await devicesOn(2)
    const id = insertCustomer(a!.t, { name: '杭州客户', ownerId: null })
    await syncAll([a!, b!], 1)
    a!.t.clock.advance(2 * 86_400_000) // A's wall clock is two days ahead of B's
    update(a!, id, { city: '杭州' })
    b!.t.clock.advance(5_000)
    update(b!, id, { city: '宁波' }) // later in real time, earlier by B's wrong clock
    await syncAll([a!, b!], 3)
    expect(customerRow(a!, id)?.city).toBe('杭州')
    expect(customerRow(b!, id)?.city).toBe('杭州')
    // B has now seen A's stamp: its next edit sorts after it although its wall clock is behind.
    update(b!, id, { city: '温州' })
    await syncAll([a!, b!], 2)
    expect(customerRow(a!, id)?.city).toBe('温州')
    expect(customerRow(b!, id)?.city).toBe('温州')
  })

  it('an ask field changed on both sides: newest value everywhere, the conflict inbox keeps base / mine / theirs', async () => {
    const { devs: [a, b] } = await devicesOn(2)
    const id = insertCustomer(a!.t, { name: '苏州客户', ownerId: null })
    update(a!, id, { notes: '原备注' })
    await syncAll([a!, b!], 1)
    a!.t.clock.advance(1000)
    b!.t.clock.advance(2000)
    update(a!, id, { notes: 'A 的备注' })
    update(b!, id, { notes: 'B 的备注' })
    await syncAll([a!, b!], 3)
    expect(customerRow(a!, id)?.notes).toBe('B 的备注')
    expect(customerRow(b!, id)?.notes).toBe('B 的备注')
    const inbox = [...conflicts(a!), ...conflicts(b!)]
    expect(inbox.length).toBeGreaterThan(0)
    // A round pulls before it pushes, so B (second to sync) meets A's edit first and opens the entry.
    const onB = conflicts(b!)[0]!
    expect(onB).toMatchObject({ recordId: id, kind: 'fields', resolvedAt: null })
    expect(onB.fields.notes).toMatchObject({ base: '原备注', mine: 'B 的备注', theirs: 'A 的备注' })
  })

  it('delete on one device, edit on the other: the edit wins on every device, the record is restored and the inbox says so', async () => {
    const { devs: [a, b, c] } = await devicesOn(3)
    const id = insertCustomer(a!.t, { name: '广州客户', ownerId: null, phone: '020-1' })
    await syncAll([a!, b!, c!], 1)
    a!.t.clock.advance(10_000)
    b!.t.clock.advance(5_000)
    a!.t.app.mutation({ userId: null }, (w) => w.softDelete(customers, id)) // later in time
    update(b!, id, { phone: '020-2' })
    await syncAll([a!, b!, c!], 3)
    for (const d of [a!, b!, c!]) expect(customerRow(d, id)).toMatchObject({ deletedAt: null, phone: '020-2' })
    expect([...conflicts(a!), ...conflicts(b!)].some((x) => x.kind === 'restored' && x.recordId === id)).toBe(true)
    // Deleting again, having seen the edit, deletes it everywhere.
    a!.t.clock.advance(1000)
    a!.t.app.mutation({ userId: null }, (w) => w.softDelete(customers, id))
    await syncAll([a!, b!, c!], 2)
    for (const d of [a!, b!, c!]) expect(customerRow(d, id)?.deletedAt).not.toBeNull()
    // and it is no longer searchable on the devices that received the delete
    expect(c!.t.app.database.sqlite.prepare(`SELECT count(*) FROM customer_keys WHERE customer_id = ?`).pluck().get(id)).toBe(0)
  })

  it('an older app editing a document written by a newer one keeps the fields it does not know', async () => {
    const { devs: [a], db } = await devicesOn(1)
    const id = insertCustomer(a!.t, { name: '深圳客户', ownerId: null })
    await syncAll([a!], 1)
    // A newer app adds `wechatGroup` (schema 99) and a document type this app does not have.
    const cur = await serverDoc(db, id)
    const lb = cur.lb as { hlc: string; fieldHlc: Record<string, string>; schema: number }
    const stamp = `${String(Date.UTC(2030, 0, 1)).padStart(13, '0')}-0000-newerapp0001`
    await server.request('PUT', `/${db}/customer:${id}`, { ...cur, wechatGroup: '莱邦客户群', lb: { ...lb, schema: 99, hlc: stamp, fieldHlc: { ...lb.fieldHlc, wechatGroup: stamp } } })
    await server.request('PUT', `/${db}/hologram:q1`, { amount: 100, lb: { type: 'hologram', schema: 99, hlc: stamp, fieldHlc: { amount: stamp }, device: 'x', mutation: null, appVersion: '9' } })
    await syncAll([a!], 1)
    update(a!, id, { city: '深圳' })
    await syncAll([a!], 1)
    const after = await serverDoc(db, id)
    expect(after).toMatchObject({ city: '深圳', wechatGroup: '莱邦客户群' })
    expect((after.lb as { fieldHlc: Record<string, string> }).fieldHlc.wechatGroup).toBe(stamp)
    // The unknown type is kept locally (sync_docs) untouched, and was not pushed back changed.
    const kept = a!.t.app.database.db.select().from(syncDocs).all().find((r) => r.id === 'hologram:q1')
    expect(kept?.doc).toMatchObject({ amount: 100 })
    expect(((await server.request('GET', `/${db}/hologram:q1`)).json as PouchDoc)._rev).toMatch(/^1-/)
  })
})
