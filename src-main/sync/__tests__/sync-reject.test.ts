import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, outboxRows, serverWithDatabase, syncAll, waitFor, type SyncDevice } from '../../testing/sync'
import { insertCustomer, setupCompany } from '../../testing'
import type { PouchDoc } from '../pouch'

let server: CouchTestServer
const devices: SyncDevice[] = []
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

/**
 * The kind of rule the server's validate_doc_update enforces: only the owner (or an admin) may
 * change or delete (also a losing conflict branch) a customer; writing back exactly the stored
 * content (a revert) is always allowed.
 */
const OWNER_RULE = `function (newDoc, oldDoc, userCtx) {
  if (userCtx.roles.indexOf('_admin') !== -1 || !oldDoc || !oldDoc.lb || oldDoc.lb.type !== 'customer') return;
  function body(d) { var o = {}; Object.keys(d).sort().forEach(function (k) { if (k[0] !== '_' && k !== 'lb') o[k] = d[k]; }); return JSON.stringify(o); }
  if (!newDoc._deleted && body(newDoc) === body(oldDoc)) return;
  if (oldDoc.ownerId && oldDoc.ownerId !== userCtx.name) throw({ forbidden: 'customer belongs to ' + oldDoc.ownerId });
}`

let n = 0
async function setup(): Promise<{ a: SyncDevice; db: string; user: string }> {
  const db = `rej${++n}`
  const user = `sales${n}`
  await serverWithDatabase(server, db, [{ name: user, password: 'pw-s' }])
  await server.putValidation(db, OWNER_RULE)
  const a = await createDevice({ server, username: user, password: 'pw-s', database: db })
  devices.push(a)
  return { a, db, user }
}

describe('a push the server refuses', () => {
  it('marks the outbox row rejected with the reason, the user sees it, other changes still sync, retry and discard work', async () => {
    const { a, db, user } = await setup()
    const admin = await setupCompany(a.t)
    const mine = insertCustomer(a.t, { name: '我的客户', ownerId: user })
    const theirs = insertCustomer(a.t, { name: '将被转走的客户', ownerId: user })
    await syncAll([a], 1)
    // On the server the customer is reassigned to someone else (a manager's device did it).
    const doc = (await server.request('GET', `/${db}/customer:${theirs}`)).json as PouchDoc
    const lb = doc.lb as { hlc: string; fieldHlc: Record<string, string> }
    const stamp = `${String(Number(lb.hlc.slice(0, 13)) + 500).padStart(13, '0')}-0000-managerdevice`
    await server.request('PUT', `/${db}/customer:${theirs}`, { ...doc, ownerId: 'other-salesperson', lb: { ...lb, hlc: stamp, fieldHlc: { ...lb.fieldHlc, ownerId: stamp } } })
    // Offline, the salesperson edits both customers before pulling that change.
    a.t.clock.advance(1000)
    a.t.app.mutation({ userId: null }, (w) => { w.update(customers, theirs, { city: '天津' }); w.update(customers, mine, { city: '石家庄' }) })
    await a.engine.drain()
    await a.engine.syncOnce()
    await a.engine.settled()

    const rows = outboxRows(a).filter((r) => r.recordId === theirs && r.status === 'rejected')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.error).toContain('customer belongs to other-salesperson')
    expect(outboxRows(a).filter((r) => r.recordId === mine).every((r) => r.status === 'pushed')).toBe(true)
    expect(((await server.request('GET', `/${db}/customer:${mine}`)).json as PouchDoc).city).toBe('石家庄')
    expect(((await server.request('GET', `/${db}/customer:${theirs}`)).json as PouchDoc).city).toBeNull()

    const status = await admin.ok('sync.status', {})
    expect(status.rejected).toBe(1)
    const list = await admin.ok('sync.listRejected', { limit: 10 })
    expect(list.items).toEqual([expect.objectContaining({ recordId: theirs, docType: 'customer', reason: expect.stringContaining('customer belongs to other-salesperson') })])
    const marks = await admin.ok('sync.recordStatus', { ids: [theirs, mine] })
    expect(marks[theirs]).toMatchObject({ rejected: true })
    expect(marks[mine]).toBeUndefined()

    // Retrying without a fix is refused again — and still reported, never dropped.
    await admin.ok('sync.retryRejected', { seqs: [rows[0]!.seq] })
    await a.engine.syncOnce()
    await waitFor(() => outboxRows(a).some((r) => r.seq === rows[0]!.seq && r.status === 'rejected'), 'rejected again')

    // Discarding puts the server's version back locally.
    expect(customerRow(a, theirs)?.city).toBe('天津')
    expect(await admin.ok('sync.discardRejected', { seqs: [rows[0]!.seq] })).toEqual({ count: 1 })
    expect(customerRow(a, theirs)).toMatchObject({ city: null, ownerId: 'other-salesperson' })
    expect((await admin.ok('sync.listRejected', { limit: 10 })).items).toHaveLength(0)
    await syncAll([a], 2)
    expect(customerRow(a, theirs)).toMatchObject({ city: null, ownerId: 'other-salesperson' })
    expect((await admin.ok('sync.status', {})).rejected).toBe(0)
  })

  it('live replication reports the denial the same way', async () => {
    const { a, db } = await setup()
    const id = insertCustomer(a.t, { name: '别人的客户', ownerId: 'someone-else' })
    await syncAll([a], 1)
    await server.request('GET', `/${db}/customer:${id}`)
    await a.sync.saveSettings({ serverUrl: server.url, username: `sales${n}`, password: 'pw-s', database: db, enabled: true })
    a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { city: '保定' }))
    await waitFor(() => outboxRows(a).some((r) => r.recordId === id && r.status === 'rejected'), 'live rejection', 10_000)
    expect(outboxRows(a).find((r) => r.status === 'rejected')?.error).toContain('customer belongs to someone-else')
  })
})
