import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncDevice } from '../../testing/sync'
import type { CouchTestServer } from '../../testing/couch-server'
import { startCouchWorld, type CouchWorld } from '../../testing/couch-world'
import { userWithRole, type TestClient } from '../../testing'
import { userDb } from '../../sync/topology-names'
import type { PouchDoc } from '../../sync/pouch'
import { doc, flow, ORDER_TYPE } from '../../modules/approvals/__tests__/fixture'
import type { ApprovalsService } from '../../modules/approvals/approvals.service'

/**
 * Approvals reach approvers outside the submitter's scope: instances and decisions carry their
 * approvers as readers (`lb.readers`), live in the submitter's database and in each approver's,
 * and the server agent keeps the copies equal. Against the CouchDB-compatible test server.
 */
type Ids = { m: string; a: string; cai: string }
let w: CouchWorld<Ids>
let server: CouchTestServer
let adm: SyncDevice
let admin: TestClient
let ids: CouchWorld<Ids>['ids']

beforeAll(async () => {
  w = await startCouchWorld<Ids>({
    async org(admin, adm) {
      const rootDept = (await admin.ok('admin.listDepartments', {}))[0]!.id
      const sales = (await admin.ok('admin.saveDepartment', { name: '销售部', parentId: rootDept })).id
      const east = (await admin.ok('admin.saveDepartment', { name: '华东销售部', parentId: rootDept })).id
      const m = (await userWithRole(adm.t, admin, 'mgr', 'sales_manager', { departmentId: sales })).id
      const a = (await userWithRole(adm.t, admin, 'sales_a', 'salesperson', { departmentId: sales, managerId: m })).id
      // The named approver: a manager of another department, whose scope (本人及下属) does not cover the salesperson.
      const cai = (await userWithRole(adm.t, admin, 'cai', 'sales_manager', { departmentId: east })).id
      return { ids: { m, a, cai }, usernames: { m: 'mgr', a: 'sales_a', cai: 'cai' } }
    },
  })
  ;({ server, adm, admin, ids } = w)
}, 60_000)
afterAll(() => w.close())

const basic = (u: string) => w.basic(u)
const agentPass = () => w.agentPass()
const device = (username: string) => w.device(username, { passes: 3, settle: true })

describe('approvals reach named approvers outside the submitter\'s scope', () => {
  it('a manager of another department named as approver sees the salesperson\'s submission after sync, decides it, and the outcome reaches the submitter', async () => {
    await flow(admin, '跨部门审批', 1, {}, [{ kind: 'user', label: '华东经理', userId: ids.cai }], ORDER_TYPE)
    const docId = doc(adm.t, ids.a)
    const inst = (adm.t.app.services.approvals as ApprovalsService).submit(null, { userId: ids.a }, ORDER_TYPE, docId)
    await adm.engine.syncOnce()
    // Home: the submitter's database, naming the approver as a reader.
    const home = (await server.request('GET', `/${userDb(ids.a)}/approval_instance:${inst.id}`)).json as PouchDoc
    expect(home.lb).toMatchObject({ owner: ids.a, readers: [ids.cai] })
    await agentPass()

    const cai = await device('cai')
    expect(cai.engine.topologyNow().databases).not.toContain(userDb(ids.a))
    // The approver still cannot read the submitter's database.
    expect([401, 403]).toContain((await server.request('GET', `/${userDb(ids.a)}/_all_docs`, undefined, basic('cai'))).status)
    const client = cai.t.connect('conn-cai')
    await client.ok('auth.login', { username: 'cai', password: 'user-pass-1' })
    const inbox = await client.ok('approvals.inbox', { limit: 10 })
    expect(inbox.items.map((i) => i.id)).toEqual([inst.id])
    await client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve', comment: '同意' })
    await cai.engine.syncOnce()
    await cai.engine.settled()
    // Accepted by the server in the approver's own database (no rejected pushes).
    expect(cai.t.app.database.sqlite.prepare(`SELECT table_name || ': ' || error FROM outbox WHERE status = 'rejected'`).pluck().all()).toEqual([])
    await agentPass()

    // The submitter's database has the decision and the approved instance; the admin's device sees it.
    for (let i = 0; i < 2; i++) await adm.engine.syncOnce()
    await adm.engine.settled()
    const a = await device('sales_a')
    for (const d of [adm, a]) {
      expect(d.t.app.database.sqlite.prepare('SELECT status FROM approval_instances WHERE id = ?').pluck().get(inst.id)).toBe('approved')
      expect(d.t.app.database.sqlite.prepare('SELECT count(*) FROM approval_decisions WHERE instance_id = ? AND approver_id = ?').pluck().get(inst.id, ids.cai)).toBe(1)
    }
    // Copies converge: no conflicts left in either database; a further agent pass writes nothing.
    for (const db of [userDb(ids.a), userDb(ids.cai)]) {
      const d = (await server.request('GET', `/${db}/approval_instance:${inst.id}?conflicts=true`)).json as PouchDoc
      expect(d).toMatchObject({ status: 'approved' })
      expect(d._conflicts).toBeUndefined()
    }
    const seqs = async () => Promise.all([userDb(ids.a), userDb(ids.cai)].map(async (db) => ((await server.request('GET', `/${db}`)).json as { update_seq: unknown }).update_seq))
    const before = await seqs()
    await agentPass()
    expect(await seqs()).toEqual(before)
  }, 120_000)

  it('in the approver\'s database the approver may record only their own decision, and not change the submission', async () => {
    const all = (await server.request('GET', `/${userDb(ids.cai)}/_all_docs?include_docs=true`)).json as { rows: { doc: PouchDoc }[] }
    const inst = all.rows.map((r) => r.doc).find((d) => (d.lb as { type?: string } | undefined)?.type === 'approval_instance')!
    const forged = await server.request('PUT', `/${userDb(ids.cai)}/${encodeURIComponent(inst._id)}`, { ...inst, amount: 1 }, basic('cai'))
    expect(forged.status).toBe(403)
    const dec = all.rows.map((r) => r.doc).find((d) => (d.lb as { type?: string } | undefined)?.type === 'approval_decision')!
    const other = { ...dec, _id: 'approval_decision:0190aaaa-0000-7000-8000-0000000000aa', approverId: ids.m }
    delete (other as { _rev?: string })._rev
    const r = await server.request('PUT', `/${userDb(ids.cai)}/${encodeURIComponent(other._id)}`, other, basic('cai'))
    expect(r.status).toBe(403)
    expect(String((r.json as { reason?: string }).reason)).toContain('own decision')
  }, 60_000)
})
