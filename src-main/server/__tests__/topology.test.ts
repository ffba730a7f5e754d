import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { contacts, customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, outboxRows, type SyncDevice } from '../../testing/sync'
import { insertCustomer, setupCompany, userWithRole, type TestClient } from '../../testing'
import { movedTombstone, userDb } from '../../sync/topology-names'
import type { PouchDoc } from '../../sync/pouch'
import { setupCouch, type SetupUser } from '../couch-setup'
import { recordActivity } from '../../modules/timeline/activity'

/**
 * The production topology end to end against a CouchDB-compatible server (express-pouchdb in
 * fullCouchDB mode, with CouchDB's validation semantics for replicated writes): couch:setup,
 * per-user databases and _security, raw HTTP with a salesperson's credentials, validate rules,
 * a reassignment with the agent's move simulated, and the old owner's offline edit.
 */
let server: CouchTestServer
const root = { username: 'root', password: 'root-secret' }
const devices: SyncDevice[] = []
let adm: SyncDevice
let admin: TestClient
const ids = { admin: '', a: '', b: '', m: '' }
const pw = 'couch-pass-1'

beforeAll(async () => {
  server = await startCouchServer({ admin: root })
  // The administrator's device: the company, two salespeople reporting to a manager.
  adm = await createDevice({ server, username: 'admin', password: pw, database: '' })
  devices.push(adm)
  admin = await setupCompany(adm.t)
  ids.admin = adm.t.app.database.sqlite.prepare(`SELECT id FROM users WHERE username = 'admin'`).pluck().get() as string
  ids.m = (await userWithRole(adm.t, admin, 'mgr', 'sales_manager')).id
  ids.a = (await userWithRole(adm.t, admin, 'sales_a', 'salesperson', { managerId: ids.m })).id
  ids.b = (await userWithRole(adm.t, admin, 'sales_b', 'salesperson', { managerId: ids.m })).id
  // First setup: accounts from the users file (nothing in lb_company yet; the admin's switches given).
  const users: SetupUser[] = [
    { username: 'admin', userId: ids.admin, password: pw, admin: true, pool: true, assign: true, reads: 'all' },
    { username: 'mgr', userId: ids.m, password: pw }, { username: 'sales_a', userId: ids.a, password: pw }, { username: 'sales_b', userId: ids.b, password: pw },
  ]
  await setupCouch({ url: server.url, admin: root, users, agent: { username: 'agent', password: 'agent-pass' } })
  await adm.sync.apply()
  await adm.engine.syncOnce()
  // Rerun: now the org is in lb_company and decides everyone's roles.
  await setupCouch({ url: server.url, admin: root })
}, 60_000)
afterAll(async () => {
  for (const d of devices.splice(0)) await d.close()
  await server.close()
})

const basic = (u: string, p = pw) => ({ username: u, password: p })
async function device(username: string): Promise<SyncDevice> {
  const d = await createDevice({ server, username, password: pw, database: '' })
  devices.push(d)
  await d.engine.syncOnce() // company data first (the org arrives), then the user's own databases
  await d.engine.syncOnce()
  return d
}
const rows = (d: SyncDevice) => d.t.app.database.db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).all()
const contactRows = (d: SyncDevice, customerId: string) => d.t.app.database.db.select().from(contacts).where(eq(contacts.customerId, customerId)).all()

/** What the server agent does for a reassigned customer: copy it and its children to the new owner's database, tombstone them in the old one. */
async function agentMove(customerId: string, from: string, to: string, newOwner: string): Promise<void> {
  const all = (await server.request('GET', `/${from}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }
  for (const { doc } of all.rows) {
    if (doc._id.startsWith('_') || (doc._id !== `customer:${customerId}` && doc.customerId !== customerId)) continue
    const there = await server.request('GET', `/${to}/${encodeURIComponent(doc._id)}`)
    if (there.status !== 200) {
      const withRevs = (await server.request('GET', `/${from}/${encodeURIComponent(doc._id)}?revs=true`)).json as PouchDoc
      await server.request('POST', `/${to}/_bulk_docs`, { docs: [withRevs], new_edits: false })
      const lb = doc.lb as Record<string, unknown>
      await server.request('PUT', `/${to}/${encodeURIComponent(doc._id)}`, { ...doc, lb: { ...lb, owner: newOwner } })
    }
    const t = await server.request('PUT', `/${from}/${encodeURIComponent(doc._id)}`, movedTombstone(doc as { _id: string; _rev: string; lb: { type: string; owner: string } }, to))
    expect(t.status).toBeLessThan(300)
  }
}

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

    // The administrator reassigns both to B; the agent moves them (and their children) out of A's database.
    adm.t.clock.advance(120_000)
    await admin.ok('pool.transfer', { customerIds: [moving, edited], toOwnerId: ids.b, reason: '区域调整' })
    await adm.engine.syncOnce()
    for (const c of [moving, edited]) await agentMove(c, userDb(ids.a), userDb(ids.b), ids.b)

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
