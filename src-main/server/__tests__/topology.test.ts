import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { contacts, customers } from '../../modules/customers/customers.table'
import type { CouchTestServer } from '../../testing/couch-server'
import { startCouchWorld, type CouchWorld } from '../../testing/couch-world'
import { customerRow, outboxRows, type SyncDevice } from '../../testing/sync'
import { insertCustomer, userWithRole, type TestClient } from '../../testing'
import { userDb } from '../../sync/topology-names'
import type { PouchDoc } from '../../sync/pouch'
import { setupCouch } from '../couch-setup'
import { recordActivity } from '../../modules/timeline/activity'

/**
 * The production topology end to end against a CouchDB-compatible server (express-pouchdb in
 * fullCouchDB mode, with CouchDB's validation semantics for replicated writes): couch:setup,
 * per-user databases and _security, raw HTTP with a salesperson's credentials, validate rules,
 * a reassignment and a release with the real agent's hand-over, and the old owner's offline edit.
 */
type Ids = { m: string; a: string; b: string }
let w: CouchWorld<Ids>
let server: CouchTestServer
let adm: SyncDevice
let admin: TestClient
let ids: CouchWorld<Ids>['ids']
let root: CouchWorld<Ids>['root']
let pw: string

beforeAll(async () => {
  // The administrator's device: the company, two salespeople reporting to a manager.
  w = await startCouchWorld<Ids>({
    agent: { username: 'agent', password: 'agent-pass' },
    async org(admin, adm) {
      const m = (await userWithRole(adm.t, admin, 'mgr', 'sales_manager')).id
      const a = (await userWithRole(adm.t, admin, 'sales_a', 'salesperson', { managerId: m })).id
      const b = (await userWithRole(adm.t, admin, 'sales_b', 'salesperson', { managerId: m })).id
      return { ids: { m, a, b }, usernames: { m: 'mgr', a: 'sales_a', b: 'sales_b' } }
    },
  })
  ;({ server, adm, admin, ids, root, pw } = w)
}, 60_000)
afterAll(() => w.close())

const basic = (u: string, p?: string) => w.basic(u, p)
const device = (username: string) => w.device(username)
const rows = (d: SyncDevice) => d.t.app.database.db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).all()
const contactRows = (d: SyncDevice, customerId: string) => d.t.app.database.db.select().from(contacts).where(eq(contacts.customerId, customerId)).all()

describe('server setup and the partitioned topology', () => {
  it('couch:setup is idempotent: a rerun (reading the org from lb_company) gave the roles; another changes nothing', async () => {
    const second = await setupCouch({ url: server.url, admin: root })
    expect(second.users.find((u) => u.username === 'mgr')?.roles).toEqual(expect.arrayContaining([`lb_reads_${ids.a}`, `lb_reads_${ids.b}`, 'lb_pool', 'lb_assign']))
    expect(second.users.find((u) => u.username === 'sales_a')?.roles).toEqual(['lb_member', 'lb_pool', `lb_user_${ids.a}`].sort())
    const third = await setupCouch({ url: server.url, admin: root })
    expect(third.changed).toBe(0)
    expect(third.lines.every((l) => l.startsWith('unchanged'))).toBe(true)
    // Passwords are never printed.
    expect([...second.lines, ...third.lines].join('\n')).not.toContain(pw)
  })

  it('a salesperson replicates only company, pool and their own database; raw HTTP with their credentials cannot read a colleague\'s', async () => {
    const cA = insertCustomer(adm.t, { name: '甲的客户', ownerId: ids.a, byUserId: ids.admin })
    const cB = insertCustomer(adm.t, { name: '乙的客户', ownerId: ids.b, byUserId: ids.admin })
    await adm.engine.syncOnce()
    const a = await device('sales_a')
    expect([...a.engine.topologyNow().databases].sort()).toEqual(['lb_company', 'lb_pool', userDb(ids.a)].sort())
    expect(rows(a).map((r) => r.id)).toContain(cA)
    expect(rows(a).map((r) => r.id)).not.toContain(cB)
    for (const path of [`/${userDb(ids.b)}/_all_docs`, `/${userDb(ids.b)}/_changes`, `/${userDb(ids.b)}/customer:${cB}`, `/${userDb(ids.b)}`, '/lb_pool_hidden/_all_docs']) {
      const r = await server.request('GET', path, undefined, basic('sales_a'))
      expect([401, 403], `${path} answered ${r.status}`).toContain(r.status)
    }
    const m = await server.request('GET', `/${userDb(ids.b)}/customer:${cB}`, undefined, basic('mgr'))
    expect(m.status).toBe(200)
    const mine = await server.request('GET', `/${userDb(ids.a)}/customer:${cA}`, undefined, basic('sales_a'))
    expect(mine.status).toBe(200)
    // The manager's device replicates both salespeople's databases.
    const mgr = await device('mgr')
    expect(mgr.engine.topologyNow().databases).toEqual(expect.arrayContaining([userDb(ids.a), userDb(ids.b), userDb(ids.m)]))
    expect(rows(mgr).map((r) => r.id)).toEqual(expect.arrayContaining([cA, cB]))
  }, 60_000)

  it('validate refuses wrong owner, wrong database, non-admin company writes, ledger changes; allows an identical write', async () => {
    const cA = insertCustomer(adm.t, { name: '校验客户', ownerId: ids.a, byUserId: ids.admin })
    adm.t.app.mutation({ userId: ids.admin }, (w) => recordActivity(w, ids.admin, { kind: 'note', summaryKey: 'timeline.note', customerId: cA, ownerId: ids.a, body: '原始记录' }))
    await adm.engine.syncOnce()
    const dbA = userDb(ids.a)
    const doc = (await server.request('GET', `/${dbA}/customer:${cA}`)).json as PouchDoc
    const lb = doc.lb as Record<string, unknown>
    const put = (db: string, d: PouchDoc, who = 'sales_a') => server.request('PUT', `/${db}/${encodeURIComponent(d._id)}`, d, basic(who))
    const reason = (r: { json: unknown }) => String((r.json as { reason?: string }).reason)
    const wrongOwner = await put(dbA, { ...doc, ownerId: ids.b, lb: { ...lb, owner: ids.b } })
    expect(wrongOwner.status).toBe(403)
    expect(reason(wrongOwner)).toContain('belongs in')
    const company = await put('lb_company', { _id: 'role:fake', name: 'x', lb: { type: 'role', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '9.9.9' } })
    expect(company.status).toBe(403)
    expect(reason(company)).toContain('only administrators')
    const identical = await put(dbA, { ...doc })
    expect(identical.status).toBe(201)
    const edit = await put(dbA, { ...doc, _rev: (identical.json as { rev: string }).rev, city: '廊坊' })
    expect(edit.status).toBe(201)
    // Ledger: the transfer/activity documents the admin device wrote are immutable.
    const acts = (await server.request('GET', `/${dbA}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }
    const act = acts.rows.map((r) => r.doc).find((d) => (d.lb as { type?: string } | undefined)?.type === 'activity' && d.customerId === cA)!
    expect(act.body).toBe('原始记录')
    const changed = await put(dbA, { ...act, body: '改写历史' })
    expect(changed.status).toBe(403)
    expect(reason(changed)).toContain('ledger')
    const deleted = await server.request('DELETE', `/${dbA}/${encodeURIComponent(act._id)}?rev=${act._rev}`, undefined, basic('sales_a'))
    expect(deleted.status).toBe(403)
  }, 60_000)

  it('reassignment: B receives the customer with its history, A purges it; A\'s offline edit is rejected with the reason and other edits keep syncing', async () => {
    const moving = insertCustomer(adm.t, { name: '将被转走的客户', ownerId: ids.a, byUserId: ids.admin })
    const edited = insertCustomer(adm.t, { name: '甲离线修改的客户', ownerId: ids.a, byUserId: ids.admin })
    const stays = insertCustomer(adm.t, { name: '甲保留的客户', ownerId: ids.a, byUserId: ids.admin })
    adm.t.app.mutation({ userId: ids.admin }, (w) => {
      w.insert(contacts, { customerId: moving, name: '联系人甲' })
      w.insert(contacts, { customerId: edited, name: '联系人乙' })
    })
    await adm.engine.syncOnce()
    const a = await device('sales_a')
    expect(contactRows(a, moving)).toHaveLength(1)

    // A edits offline: the customer that stays, and one that is about to be reassigned.
    a.t.clock.advance(60_000)
    a.t.app.mutation({ userId: ids.a }, (w) => { w.update(customers, edited, { city: '天津' }); w.update(customers, stays, { city: '石家庄' }) })
    await a.engine.drain()

    // The administrator reassigns both to B. Their device writes both databases, so replication
    // carries the new revisions to B's database only; the agent (agent/handover.ts) removes them
    // from A's, with their children (contacts, the timeline's ledger entries).
    adm.t.clock.advance(120_000)
    await admin.ok('pool.transfer', { customerIds: [moving, edited], toOwnerId: ids.b, reason: '区域调整' })
    await adm.engine.syncOnce()
    const log = await w.agentPass()
    expect(log.filter((l) => l.startsWith('hand-over customer:'))).toHaveLength(2)
    const left = ((await server.request('GET', `/${userDb(ids.a)}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }).rows
    expect(left.filter((r) => r.doc.customerId === moving || r.doc._id === `customer:${moving}`)).toEqual([])
    const arrived = ((await server.request('GET', `/${userDb(ids.b)}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }).rows
    expect(arrived.filter((r) => r.doc.customerId === moving).map((r) => (r.doc.lb as { type: string }).type)).toEqual(expect.arrayContaining(['contact', 'activity']))

    const b = await device('sales_b')
    expect(customerRow(b, moving)).toMatchObject({ ownerId: ids.b })
    expect(contactRows(b, moving)).toHaveLength(1)
    expect(customerRow(b, edited)?.ownerId).toBe(ids.b)

    await a.engine.syncOnce()
    await a.engine.settled()
    await a.engine.syncOnce()
    // Purged from A's device: the customer and its contact (no row, no search entry).
    expect(customerRow(a, moving)).toBeUndefined()
    expect(contactRows(a, moving)).toHaveLength(0)
    expect(contactRows(a, edited)).toHaveLength(0)
    // The offline edit was refused by the server, with its reason; the other edit went through.
    const rejected = outboxRows(a).filter((r) => r.recordId === edited && r.status === 'rejected')
    expect(rejected.length).toBeGreaterThan(0)
    expect(rejected[0]!.error).toContain('reassigned')
    expect(outboxRows(a).filter((r) => r.recordId === stays).every((r) => r.status === 'pushed')).toBe(true)
    expect(((await server.request('GET', `/${userDb(ids.a)}/customer:${stays}`)).json as PouchDoc).city).toBe('石家庄')
    // The server copy in B's database is untouched by A's edit.
    expect(((await server.request('GET', `/${userDb(ids.b)}/customer:${edited}`)).json as PouchDoc).city ?? null).toBeNull()
    const aUser = a.t.connect('conn-a')
    await aUser.ok('auth.login', { username: 'sales_a', password: 'user-pass-1' })
    const list = await aUser.ok('sync.listRejected', { limit: 10 })
    expect(list.items.some((i) => i.recordId === edited && i.reason.includes('reassigned'))).toBe(true)
    // Discarding it removes the record from A's device for good.
    await aUser.ok('sync.discardRejected', { seqs: rejected.map((r) => r.seq) })
    expect(customerRow(a, edited)).toBeUndefined()
    await a.engine.syncOnce()
    expect(customerRow(a, edited)).toBeUndefined()
    expect(a.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE c.id IN (?, ?)`).pluck().get(moving, edited)).toBe(0)
  }, 90_000)

  it('a salesperson releases a customer to the 公海 on their device: the agent takes it and its children out of their database', async () => {
    const id = insertCustomer(adm.t, { name: '放回公海的客户', ownerId: ids.a, byUserId: ids.admin })
    adm.t.app.mutation({ userId: ids.admin }, (w) => { w.insert(contacts, { customerId: id, name: '联系人丁' }) })
    await adm.engine.syncOnce()
    const a = await device('sales_a')
    expect(contactRows(a, id)).toHaveLength(1)
    const aUser = a.t.connect('conn-release')
    await aUser.ok('auth.login', { username: 'sales_a', password: 'user-pass-1' })
    await aUser.ok('pool.release', { customerIds: [id], reason: '长期无需求' })
    await a.engine.syncOnce()
    expect((await w.agentPass()).filter((l) => l.startsWith(`hand-over customer:${id}`))).toHaveLength(1)
    const types = async (db: string) => ((await server.request('GET', `/${db}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }).rows
      .filter((r) => r.doc.customerId === id || r.doc._id === `customer:${id}`).map((r) => (r.doc.lb as { type: string }).type)
    expect(await types(userDb(ids.a))).toEqual([])
    // The release record goes to lb_pool (the salesperson cannot write lb_pool_hidden), the rest is hidden.
    expect((await types('lb_pool')).sort()).toEqual(['customer', 'customer_transfer'])
    expect((await types('lb_pool_hidden')).sort()).toEqual(['activity', 'contact'])
    expect(outboxRows(a).filter((r) => r.status !== 'pushed')).toEqual([])
    // A's device: the customer stays visible as a 公海 customer; its contact is hidden with the pool's children.
    await a.engine.syncOnce()
    await a.engine.settled()
    expect(customerRow(a, id)).toMatchObject({ ownerId: null })
    expect(contactRows(a, id)).toHaveLength(0)
  }, 60_000)

  it('an app older than the minimum version: the push is rejected with the upgrade message', async () => {
    const id = insertCustomer(adm.t, { name: '版本客户', ownerId: ids.a, byUserId: ids.admin })
    await adm.engine.syncOnce()
    const a = await device('sales_a')
    await setupCouch({ url: server.url, admin: root, minAppVersion: '99.0.0' })
    a.t.app.mutation({ userId: ids.a }, (w) => w.update(customers, id, { city: '保定' }))
    await a.engine.syncOnce()
    await a.engine.settled()
    const r = outboxRows(a).find((o) => o.recordId === id && o.status === 'rejected')
    expect(r?.error).toContain('Please upgrade LaiBang to 99.0.0 or later')
    await setupCouch({ url: server.url, admin: root, minAppVersion: '0.0.0' })
  }, 60_000)
})
