import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CouchTestServer } from '../../testing/couch-server'
import { startCouchWorld, type CouchWorld } from '../../testing/couch-world'
import { eq } from 'drizzle-orm'
import { contacts } from '../../modules/customers/customers.table'
import { productCosts } from '../../modules/catalogue/catalogue.table'
import { uuidv7 } from '../../core/uuid'
import { customerRow, type SyncDevice } from '../../testing/sync'
import { insertCustomer, userWithRole, type TestClient } from '../../testing'
import { userDb } from '../../sync/topology-names'
import { setupCouch } from '../couch-setup'

/**
 * Org changes after couch:setup, against the CouchDB-compatible test server: the agent keeps
 * `_users` roles in step with the org data the administrator's device syncs into lb_company.
 * In production the agent's account does it as an admin of `_users` (couch:setup grants its
 * role that); express-pouchdb's system-database wrapper crashes on reads by database admins
 * (`args.db` undefined in pouchdb-system-db), so here the agent runs as the server admin and
 * the grant itself is checked on `_users/_security`.
 */
const agentAccount = { username: 'agent', password: 'agent-pass' }
type Ids = { m: string; c: string; a: string }
let w: CouchWorld<Ids>
let server: CouchTestServer
let adm: SyncDevice
let admin: TestClient
let ids: CouchWorld<Ids>['ids']
let root: CouchWorld<Ids>['root']
let roleIds: Record<string, string> = {}

beforeAll(async () => {
  w = await startCouchWorld<Ids>({
    agent: agentAccount,
    async org(admin, adm) {
      const m = (await userWithRole(adm.t, admin, 'mgr', 'sales_manager')).id
      // A salesperson outside the manager's team (no manager yet).
      const c = (await userWithRole(adm.t, admin, 'sales_c', 'salesperson')).id
      const a = (await userWithRole(adm.t, admin, 'sales_a', 'salesperson', { managerId: m })).id
      roleIds = Object.fromEntries((await admin.ok('admin.listRoles', {})).map((r) => [r.code, r.id]))
      return { ids: { m, c, a }, usernames: { m: 'mgr', c: 'sales_c', a: 'sales_a' } }
    },
  })
  ;({ server, adm, admin, ids, root } = w)
}, 60_000)
afterAll(() => w.close())

const basic = (u: string) => w.basic(u)
const agentPass = () => w.agentPass()
async function rolesOf(username: string): Promise<string[]> {
  return ((await server.request('GET', `/_users/org.couchdb.user:${username}`)).json as { roles: string[] }).roles
}

describe('cost data (lb_cost)', () => {
  it('product costs live in lb_cost: a salesperson cannot read them with raw HTTP, a manager with catalogue.viewCost replicates them', async () => {
    const productId = uuidv7()
    const costId = adm.t.app.mutation({ userId: ids.admin }, (w) => w.insert(productCosts, { productId, floorPrice: 800_00, standardCost: 500_00 }).id)
    await adm.engine.syncOnce()
    expect(adm.engine.topologyNow().databases).toContain('lb_cost')
    const path = `/lb_cost/product_cost:${costId}`
    expect((await server.request('GET', path)).json).toMatchObject({ standardCost: 500_00 })
    // Not in lb_company, which every member reads.
    expect((await server.request('GET', `/lb_company/product_cost:${costId}`)).status).toBe(404)
    for (const p of [path, '/lb_cost/_all_docs', '/lb_cost/_changes']) {
      expect([401, 403], p).toContain((await server.request('GET', p, undefined, basic('sales_a'))).status)
    }
    expect((await server.request('GET', path, undefined, basic('mgr'))).status).toBe(200)
    const sales = await w.device('sales_a', { passes: 0 })
    const mgr = await w.device('mgr', { passes: 0 })
    for (const d of [sales, mgr]) { for (let i = 0; i < 3; i++) await d.engine.syncOnce(); await d.engine.settled() }
    const costs = (d: SyncDevice) => d.t.app.database.sqlite.prepare('SELECT standard_cost FROM product_costs WHERE id = ?').pluck().all(costId)
    expect(sales.engine.topologyNow().databases).not.toContain('lb_cost')
    expect(costs(sales)).toEqual([])
    expect(costs(mgr)).toEqual([500_00])
    // A salesperson's own write there is refused by the server too.
    const doc = (await server.request('GET', path)).json as Record<string, unknown>
    expect([401, 403]).toContain((await server.request('PUT', path, { ...doc, standardCost: 1 }, basic('sales_a'))).status)
  }, 90_000)
})

describe('scope growth after a purge', () => {
  it('a manager loses a salesperson (records purged), gets them back: the purged records are fetched again', async () => {
    const cust = insertCustomer(adm.t, { name: '来回的客户', ownerId: ids.a, byUserId: ids.admin })
    adm.t.app.mutation({ userId: ids.admin }, (w) => { w.insert(contacts, { customerId: cust, name: '联系人丙' }) })
    await adm.engine.syncOnce()
    const mgr = await w.device('mgr', { passes: 0 })
    // The first round after a change may still ask for a database the server now refuses (the
    // org data arrives in that round, and the set is recomputed after it): that round fails.
    const round = async () => {
      for (let i = 0; i < 2; i++) await mgr.engine.syncOnce().catch(() => undefined)
      await mgr.engine.syncOnce()
      await mgr.engine.settled()
    }
    await round()
    expect(mgr.engine.topologyNow().databases).toContain(userDb(ids.a))
    expect(customerRow(mgr, cust)).toMatchObject({ name: '来回的客户' })

    await admin.ok('admin.updateUser', { id: ids.a, displayName: 'sales_a', roleId: roleIds.salesperson!, managerId: null })
    await adm.engine.syncOnce()
    await agentPass()
    await round()
    expect(mgr.engine.topologyNow().databases).not.toContain(userDb(ids.a))
    expect(customerRow(mgr, cust)).toBeUndefined()
    const before = await server.request('GET', `/${userDb(ids.a)}/customer:${cust}`)

    await admin.ok('admin.updateUser', { id: ids.a, displayName: 'sales_a', roleId: roleIds.salesperson!, managerId: ids.m })
    await adm.engine.syncOnce()
    await agentPass()
    await round()
    expect(mgr.engine.topologyNow().databases).toContain(userDb(ids.a))
    expect(customerRow(mgr, cust)).toMatchObject({ name: '来回的客户', ownerId: ids.a })
    expect(mgr.t.app.database.db.select().from(contacts).where(eq(contacts.customerId, cust)).all()).toHaveLength(1)
    // Found by search again (the projector rebuilt its index entries).
    expect(mgr.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE c.id = ?`).pluck().get(cust)).toBe(1)
    // The server's copy: same business fields, no conflict left behind.
    const after = (await server.request('GET', `/${userDb(ids.a)}/customer:${cust}?conflicts=true`)).json as Record<string, unknown>
    const biz = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_') && k !== 'lb'))
    expect(biz(after)).toEqual(biz(before.json as Record<string, unknown>))
    expect(after._conflicts).toBeUndefined()
    // Nothing left to re-fetch; another round changes nothing on the device.
    const rev = customerRow(mgr, cust)!.syncRev
    await round()
    expect(customerRow(mgr, cust)!.syncRev).toBe(rev)
  }, 90_000)
})

describe('server roles follow org changes (the agent, no couch:setup rerun)', () => {
  it('couch:setup makes the agent\'s role an admin of _users (it may change roles, never system roles)', async () => {
    const sec = (await server.request('GET', '/_users/_security')).json as { admins?: { roles?: string[] } }
    expect(sec.admins?.roles).toContain('lb_agent')
    expect((await setupCouch({ url: server.url, admin: root })).lines).toContain('unchanged _security of _users')
  })

  it('a manager\'s scope widened: after the agent pass the manager reads the colleague\'s database; narrowed: refused again', async () => {
    const cust = insertCustomer(adm.t, { name: '丙的客户', ownerId: ids.c, byUserId: ids.admin })
    await adm.engine.syncOnce()
    const path = `/${userDb(ids.c)}/customer:${cust}`
    expect([401, 403]).toContain((await server.request('GET', path, undefined, basic('mgr'))).status)

    // 丙 now reports to the manager (本人及下属 covers 丙).
    await admin.ok('admin.updateUser', { id: ids.c, displayName: 'sales_c', roleId: roleIds.salesperson!, managerId: ids.m })
    await adm.engine.syncOnce()
    expect([401, 403]).toContain((await server.request('GET', path, undefined, basic('mgr'))).status)
    const lines = await agentPass()
    expect(lines.filter((l) => l.startsWith('roles mgr:'))).toHaveLength(1)
    expect(await rolesOf('mgr')).toContain(`lb_reads_${ids.c}`)
    expect((await server.request('GET', path, undefined, basic('mgr'))).status).toBe(200)
    // Idempotent: another pass writes nothing.
    expect((await agentPass()).filter((l) => l.startsWith('roles '))).toEqual([])

    // A role's data scope narrowed: managers see only themselves.
    const mgrRole = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'sales_manager')!
    await admin.ok('admin.saveRole', { id: mgrRole.id, name: mgrRole.name, permissions: [...mgrRole.permissions], scopes: { ...mgrRole.scopes, customers: 'own' } })
    await adm.engine.syncOnce()
    await agentPass()
    expect(await rolesOf('mgr')).not.toContain(`lb_reads_${ids.c}`)
    expect([401, 403]).toContain((await server.request('GET', path, undefined, basic('mgr'))).status)
    // The salesperson's own access never changed; the password was kept.
    expect((await server.request('GET', path, undefined, basic('sales_c'))).status).toBe(200)
  }, 60_000)

  it('a disabled user loses every role at the next agent pass', async () => {
    await admin.ok('admin.setUserDisabled', { id: ids.c, disabled: true })
    await adm.engine.syncOnce()
    await agentPass()
    expect(await rolesOf('sales_c')).toEqual([])
    expect([401, 403]).toContain((await server.request('GET', `/${userDb(ids.c)}/_all_docs`, undefined, basic('sales_c'))).status)
  }, 60_000)
})
