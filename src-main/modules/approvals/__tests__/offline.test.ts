import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCouchServer, type CouchTestServer } from '../../../testing/couch-server'
import { createDevice, serverWithDatabase, syncAll, type SyncDevice } from '../../../testing/sync'
import type { TestApp, TestClient } from '../../../testing'
import { doc, flow, notesOf, submit, world, type World } from './fixture'

/*
 * Two laptops, one company, a real (in-process) CouchDB-compatible server: decisions taken
 * offline on both sync later, and every device folds them to the same state.
 */
let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

async function twoLaptops(): Promise<{ a: SyncDevice; b: SyncDevice; w: World }> {
  const db = `approvals${++dbn}`
  const users = [{ name: `pa${dbn}`, password: 'pw-a' }, { name: `pb${dbn}`, password: 'pw-b' }]
  await serverWithDatabase(server, db, users)
  const a = await createDevice({ server, username: users[0]!.name, password: users[0]!.password, database: db })
  const b = await createDevice({ server, username: users[1]!.name, password: users[1]!.password, database: db })
  devices.push(a, b)
  const w = await world({ t: a.t })
  await syncAll([a, b], 2)
  return { a, b, w }
}

async function login(t: TestApp, username: string): Promise<TestClient> {
  const c = t.connect(`laptop-${username}`)
  await c.ok('auth.login', { username, password: 'user-pass-1' })
  return c
}

const row = (t: TestApp, id: string) => t.app.database.sqlite.prepare('SELECT status, current_step AS currentStep FROM approval_instances WHERE id = ?').get(id)

describe('concurrent offline decisions', () => {
  it('或签: both approvers decide the same step offline; the earlier HLC counts everywhere, the later approver is told', async () => {
    const { a, b, w } = await twoLaptops()
    await flow(w.admin, '或签', 1, {}, [{ kind: 'anyOf', userIds: [w.jing.id, w.cai.id] }, { kind: 'user', userId: w.zong.id }])
    const d = doc(a.t, w.zhang.id)
    const inst = submit(w, w.zhang, d)
    await syncAll([a, b], 2)
    const caiOnB = await login(b.t, 'cai')
    expect((await caiOnB.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])
    expect(b.t.platform.notifications.shown).toEqual([expect.objectContaining({ userId: w.cai.id, title: '新的待审批' })])

    // Offline: jing approves on laptop A; a minute later cai rejects on laptop B.
    a.t.clock.advance(60_000)
    b.t.clock.advance(120_000)
    await w.jing.client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve', comment: '可以' })
    const onB = await caiOnB.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'reject', comment: '价格太低' })
    expect(onB.instance.status).toBe('rejected')
    expect(notesOf(b.t, d)).toBe('approval:rejected')

    await syncAll([a, b], 3)
    for (const dev of [a, b]) {
      expect(row(dev.t, inst.id)).toEqual({ status: 'pending', currentStep: 1 })
      expect(notesOf(dev.t, d)).toBe('approval:pending') // B reopened the document it had rejected
    }
    const detail = await caiOnB.ok('approvals.get', { id: inst.id })
    expect(detail.history.map((h) => [h.approverName, h.decision, h.effect, h.supersededByName])).toEqual([
      ['jing', 'approve', 'counted', null], ['cai', 'reject', 'superseded', 'jing'],
    ])
    expect(b.t.platform.notifications.shown).toEqual(expect.arrayContaining([expect.objectContaining({ userId: w.cai.id, title: '该审批已由他人处理', body: expect.stringContaining('jing') })]))
    expect((await w.zong.client.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])

    // The chain goes on from the agreed state.
    await w.zong.client.ok('approvals.decide', { instanceId: inst.id, step: 1, decision: 'approve' })
    await syncAll([a, b], 2)
    for (const dev of [a, b]) {
      expect(row(dev.t, inst.id)).toEqual({ status: 'approved', currentStep: 2 })
      expect(notesOf(dev.t, d)).toBe('approval:approved')
    }
  })

  it('会签: both approve offline, neither device alone completes the step; after sync both see it approved', async () => {
    const { a, b, w } = await twoLaptops()
    await flow(w.admin, '会签', 1, {}, [{ kind: 'allOf', userIds: [w.jing.id, w.cai.id] }])
    const d = doc(a.t, w.zhang.id)
    const inst = submit(w, w.zhang, d)
    await syncAll([a, b], 2)
    const caiOnB = await login(b.t, 'cai')
    b.t.clock.advance(30_000)
    await w.jing.client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })
    await caiOnB.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })
    expect(row(a.t, inst.id)).toEqual({ status: 'pending', currentStep: 0 })
    expect(row(b.t, inst.id)).toEqual({ status: 'pending', currentStep: 0 })
    await syncAll([a, b], 3)
    for (const dev of [a, b]) {
      expect(row(dev.t, inst.id)).toEqual({ status: 'approved', currentStep: 1 })
      expect(notesOf(dev.t, d)).toBe('approval:approved')
    }
    expect(a.t.platform.notifications.shown).toEqual(expect.arrayContaining([expect.objectContaining({ userId: w.zhang.id, title: '审批已通过' })]))
  })

  it('recall offline after an approval elsewhere does not count: the submitter is told', async () => {
    const { a, b, w } = await twoLaptops()
    await flow(w.admin, 'f', 1, {}, [{ kind: 'supervisor' }, { kind: 'supervisor2' }])
    const d = doc(a.t, w.zhang.id)
    const inst = submit(w, w.zhang, d)
    await syncAll([a, b], 2)
    const zhangOnB = await login(b.t, 'zhang')
    a.t.clock.advance(10_000)
    b.t.clock.advance(20_000)
    await w.jing.client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })
    expect((await zhangOnB.ok('approvals.recall', { instanceId: inst.id })).instance.status).toBe('recalled')
    await syncAll([a, b], 3)
    for (const dev of [a, b]) expect(row(dev.t, inst.id)).toEqual({ status: 'pending', currentStep: 1 })
    expect(b.t.platform.notifications.shown).toEqual(expect.arrayContaining([expect.objectContaining({ userId: w.zhang.id, title: '该审批已由他人处理' })]))
  })
})
