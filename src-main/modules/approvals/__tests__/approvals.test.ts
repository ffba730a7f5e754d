import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decidedCalls, doc, failOnDecided, flow, notesOf, ORDER_TYPE, submit, world, type World } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<World> {
  const w = await world()
  apps.push(w.t)
  return w
}

const YUAN = 100

/** The example: below floor or discount above 15 % → sales manager; above 50 000 元 → also the director. */
async function quoteFlows(w: World): Promise<void> {
  await flow(w.admin, '大额报价', 1, { minAmount: 50_000 * YUAN }, [{ kind: 'supervisor', label: '销售经理' }, { kind: 'supervisor2', label: '总经理' }])
  await flow(w.admin, '低于底价', 2, { belowFloor: true }, [{ kind: 'supervisor' }])
  await flow(w.admin, '折扣过大', 3, { discountOverPermille: 150 }, [{ kind: 'supervisor' }])
}

describe('flows and step resolution', () => {
  it('picks the first matching flow by priority: below floor → manager; above Y → manager then director; otherwise approved at once', async () => {
    const w = await setup()
    await quoteFlows(w)
    const below = submit(w, w.zhang, doc(w.t, w.zhang.id, { amount: 1_000 * YUAN, belowFloor: true }))
    expect(below).toMatchObject({ status: 'pending', flowName: '低于底价', steps: [{ kind: 'supervisor', approverIds: [w.jing.id], escalated: false }] })
    const big = submit(w, w.zhang, doc(w.t, w.zhang.id, { amount: 80_000 * YUAN, belowFloor: true }))
    expect(big.flowName).toBe('大额报价')
    expect(big.steps.map((s) => s.approverIds)).toEqual([[w.jing.id], [w.zong.id]])
    const discount = submit(w, w.zhang, doc(w.t, w.zhang.id, { amount: 1_000 * YUAN, maxDiscountPermille: 200 }))
    expect(discount.flowName).toBe('折扣过大')
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id, { amount: 1_000 * YUAN, maxDiscountPermille: 150 }))).toMatchObject({ status: 'approved', flowName: null, steps: [] })

    // Disabling a flow takes it out of matching; customer levels narrow a flow.
    const flows = await w.admin.ok('approvals.listFlows', { documentType: 'test_doc' })
    expect(flows.documentTypes).toEqual(expect.arrayContaining(['test_doc', 'test_order']))
    const bigFlow = flows.flows.find((f) => f.name === '大额报价')!
    const { updatedAt: _updatedAt, ...editable } = bigFlow
    await w.admin.ok('approvals.saveFlow', { ...editable, enabled: false })
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id, { amount: 80_000 * YUAN })).status).toBe('approved')
    await flow(w.admin, 'A 类客户', 0, { customerLevels: ['A'] }, [{ kind: 'user', userId: w.cai.id }])
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id, { customerLevel: 'A' })).steps[0]!.approverIds).toEqual([w.cai.id])
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id, { customerLevel: 'B' })).status).toBe('approved')
  })

  it('主管 falls back to the department head; 上一级主管 is the supervisor\'s supervisor; 或签 / 会签 / role; no approver is a clear error', async () => {
    const w = await setup()
    await flow(w.admin, 'chain', 1, {}, [
      { kind: 'supervisor' }, { kind: 'supervisor2' }, { kind: 'anyOf', userIds: [w.cai.id, w.zong.id] }, { kind: 'allOf', userIds: [w.cai.id, w.jing.id] },
    ])
    const a = submit(w, w.wang, doc(w.t, w.wang.id))
    expect(a.steps.map((s) => [s.mode, s.approverIds])).toEqual([['any', [w.jing.id]], ['any', [w.zong.id]], ['any', [w.cai.id, w.zong.id]], ['all', [w.cai.id, w.jing.id]]])

    const roles = await w.admin.ok('admin.listRoles', {})
    const managerRole = roles.find((r) => r.code === 'sales_manager')!.id
    await flow(w.admin, 'role', 0, { minAmount: 1 }, [{ kind: 'role', roleId: managerRole }])
    expect(submit(w, w.li, doc(w.t, w.li.id)).steps[0]!.approverIds).toEqual([w.jing.id])

    // A named approver who left (account disabled): the step finds nobody, a clear error at submit.
    await flow(w.admin, 'solo', 0, { customerLevels: ['Z'] }, [{ kind: 'supervisor' }, { kind: 'user', userId: w.cai.id }])
    await w.admin.ok('admin.setUserDisabled', { id: w.cai.id, disabled: true })
    expect(() => submit(w, w.li, doc(w.t, w.li.id, { customerLevel: 'Z', amount: 0 }))).toThrow(expect.objectContaining({ code: 'CONFLICT', messageKey: 'errors.approvalNoApprover', details: { step: 2, kind: 'user' } }))
  })

  it('nobody approves their own document: the step escalates one level up, and deciding one\'s own is refused', async () => {
    const w = await setup()
    await flow(w.admin, '经理审批', 1, {}, [{ kind: 'user', userId: w.jing.id }, { kind: 'anyOf', userIds: [w.jing.id, w.cai.id] }])
    const own = submit(w, w.jing, doc(w.t, w.jing.id))
    expect(own.steps).toEqual([
      expect.objectContaining({ approverIds: [w.zong.id], escalated: true }),
      expect.objectContaining({ approverIds: [w.cai.id], escalated: false }),
    ])
    expect(await w.jing.client.call('approvals.decide', { instanceId: own.id, step: 0, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.approvalSelf' } })
    expect(await w.cai.client.call('approvals.decide', { instanceId: own.id, step: 0, decision: 'approve' })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalNotApprover' } })
  })

  it('a sales-order type with fallback steps always needs approval', async () => {
    const w = await setup()
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id), ORDER_TYPE)).toMatchObject({ status: 'pending', steps: [{ approverIds: [w.jing.id] }] })
  })
})

describe('deciding', () => {
  it('multi-step chain: approvers see it in their inbox in turn; the last approval approves the document in the same transaction', async () => {
    const w = await setup()
    await quoteFlows(w)
    const d = doc(w.t, w.zhang.id, { amount: 90_000 * YUAN })
    const inst = submit(w, w.zhang, d)
    expect((await w.jing.client.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])
    expect(await w.jing.client.ok('approvals.counts', {})).toEqual({ inbox: 1 })
    expect((await w.zong.client.ok('approvals.inbox', {})).items).toEqual([])
    expect(w.t.platform.notifications.shown).toEqual(expect.arrayContaining([expect.objectContaining({ userId: w.jing.id, title: '新的待审批' })]))

    const after1 = await w.jing.client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve', comment: '同意' })
    expect(after1).toMatchObject({ instance: { status: 'pending', currentStep: 1 }, canDecide: false })
    expect(after1.steps.map((s) => s.state)).toEqual(['approved', 'current'])
    expect((await w.jing.client.ok('approvals.inbox', {})).items).toEqual([])
    expect((await w.zong.client.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])
    expect(notesOf(w.t, d)).toBeNull()

    // A stale screen deciding step 0 again is told the step moved on.
    expect(await w.zong.client.call('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalStepChanged' } })
    const done = await w.zong.client.ok('approvals.decide', { instanceId: inst.id, step: 1, decision: 'approve', comment: '' })
    expect(done.instance).toMatchObject({ status: 'approved', currentStep: 2 })
    expect(done.history.map((h) => [h.approverName, h.decision, h.effect])).toEqual([['jing', 'approve', 'counted'], ['zong', 'approve', 'counted']])
    expect(decidedCalls.filter((c) => c.documentId === d)).toEqual([{ documentId: d, outcome: 'approved', statusInTx: 'approved' }])
    expect(notesOf(w.t, d)).toBe('approval:approved')
    expect(w.t.platform.notifications.shown).toEqual(expect.arrayContaining([expect.objectContaining({ userId: w.zhang.id, title: '审批已通过' })]))

    // Closed: further decisions refused; approved documents are locked against edits and resubmission.
    expect(await w.jing.client.call('approvals.decide', { instanceId: inst.id, step: 1, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.approvalClosed' } })
    expect(() => w.approvals.assertEditable('test_doc', d)).toThrow(expect.objectContaining({ messageKey: 'errors.approvalLocked' }))
    expect(() => submit(w, w.zhang, d)).toThrow(expect.objectContaining({ messageKey: 'errors.approvalLocked' }))

    expect((await w.zhang.client.ok('approvals.mine', { status: 'approved' })).items.map((i) => i.id)).toEqual([inst.id])
    expect((await w.zong.client.ok('approvals.processed', {})).items).toEqual([expect.objectContaining({ id: inst.id, myDecision: 'approve' })])
    const tl = await w.zhang.client.ok('timeline.customer', { customerId: (await w.zhang.client.ok('approvals.get', { id: inst.id })).instance.customerId! })
    expect(tl.items.map((e) => e.summaryKey).filter((k) => k.startsWith('timeline.approval.'))).toEqual(['timeline.approval.approved', 'timeline.approval.submitted'])
  })

  it('或签: any one approver completes the step; 会签: all must approve; a reject ends the instance and needs a comment', async () => {
    const w = await setup()
    await flow(w.admin, 'f', 1, {}, [{ kind: 'anyOf', userIds: [w.jing.id, w.cai.id] }, { kind: 'allOf', userIds: [w.cai.id, w.zong.id] }])
    const d = doc(w.t, w.zhang.id)
    const inst = submit(w, w.zhang, d)
    await w.cai.client.ok('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })
    expect((await w.jing.client.ok('approvals.inbox', {})).items).toEqual([])
    await w.zong.client.ok('approvals.decide', { instanceId: inst.id, step: 1, decision: 'approve' })
    const half = await w.zhang.client.ok('approvals.get', { id: inst.id })
    expect(half.instance).toMatchObject({ status: 'pending', currentStep: 1 })
    expect(half.steps[1]!.approvers.map((a) => a.decision)).toEqual([null, 'approve'])
    expect(await w.zong.client.call('approvals.decide', { instanceId: inst.id, step: 1, decision: 'approve' })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalAlreadyDecided' } })
    expect(await w.cai.client.call('approvals.decide', { instanceId: inst.id, step: 1, decision: 'reject', comment: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.approvalCommentRequired' } })
    const rejected = await w.cai.client.ok('approvals.decide', { instanceId: inst.id, step: 1, decision: 'reject', comment: '价格太低' })
    expect(rejected.instance.status).toBe('rejected')
    expect(rejected.steps.map((s) => s.state)).toEqual(['approved', 'rejected'])
    expect(notesOf(w.t, d)).toBe('approval:rejected')
    expect((await w.zong.client.ok('approvals.inbox', {})).items).toEqual([])
    // A rejected document may be edited and submitted again.
    expect(() => w.approvals.assertEditable('test_doc', d)).not.toThrow()
    expect(submit(w, w.zhang, d).status).toBe('pending')
    expect(() => submit(w, w.zhang, d)).toThrow(expect.objectContaining({ messageKey: 'errors.approvalPending' }))
  })

  it('recall: the submitter only, and only before any approver approved', async () => {
    const w = await setup()
    await flow(w.admin, 'f', 1, {}, [{ kind: 'allOf', userIds: [w.jing.id, w.cai.id] }])
    const d1 = doc(w.t, w.zhang.id)
    const i1 = submit(w, w.zhang, d1)
    expect(await w.li.client.call('approvals.recall', { instanceId: i1.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.approvalNotSubmitter' } })
    expect((await w.zhang.client.ok('approvals.get', { id: i1.id })).canRecall).toBe(true)
    const recalled = await w.zhang.client.ok('approvals.recall', { instanceId: i1.id, comment: '改价' })
    expect(recalled.instance.status).toBe('recalled')
    expect(notesOf(w.t, d1)).toBe('approval:recalled')
    expect((await w.jing.client.ok('approvals.inbox', {})).items).toEqual([])
    expect(await w.zhang.client.call('approvals.recall', { instanceId: i1.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalClosed' } })

    const i2 = submit(w, w.zhang, doc(w.t, w.zhang.id))
    await w.jing.client.ok('approvals.decide', { instanceId: i2.id, step: 0, decision: 'approve' })
    expect((await w.zhang.client.ok('approvals.get', { id: i2.id })).canRecall).toBe(false)
    expect(await w.zhang.client.call('approvals.recall', { instanceId: i2.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.approvalRecallTooLate' } })
  })

  it('onDecided runs in the same transaction: when the document module fails, the decision is not recorded', async () => {
    const w = await setup()
    await flow(w.admin, 'f', 1, {}, [{ kind: 'supervisor' }])
    const d = doc(w.t, w.zhang.id)
    const inst = submit(w, w.zhang, d)
    failOnDecided.documentId = d
    try {
      expect(await w.jing.client.call('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    } finally {
      failOnDecided.documentId = null
    }
    const after = await w.zhang.client.ok('approvals.get', { id: inst.id })
    expect(after).toMatchObject({ instance: { status: 'pending' }, history: [] })
    expect((await w.jing.client.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])
  })
})

describe('permissions through the contract', () => {
  it('flows need system.settings; only people involved (or overseeing the submitter) open an instance', async () => {
    const w = await setup()
    expect(await w.jing.client.call('approvals.listFlows', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.jing.client.call('approvals.saveFlow', { documentType: 'test_doc', name: 'x', enabled: true, priority: 1, conditions: {}, steps: [{ kind: 'supervisor' }] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.admin.call('approvals.saveFlow', { documentType: 'nope_type', name: 'x', enabled: true, priority: 1, conditions: {}, steps: [{ kind: 'supervisor' }] })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalUnknownType' } })
    expect(await w.admin.call('approvals.saveFlow', { documentType: 'test_doc', name: 'x', enabled: true, priority: 1, conditions: { minAmount: 10, maxAmount: 5 }, steps: [{ kind: 'supervisor' }] })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalAmountRange' } })
    expect(await w.admin.call('approvals.saveFlow', { documentType: 'test_doc', name: 'x', enabled: true, priority: 1, conditions: {}, steps: [{ kind: 'user', userId: '01900000-0000-7000-8000-000000000000' }] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const f = await flow(w.admin, 'f', 1, {}, [{ kind: 'supervisor' }])
    const inst = submit(w, w.zhang, doc(w.t, w.zhang.id))
    expect(await w.li.client.call('approvals.get', { id: inst.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.wang.client.call('approvals.decide', { instanceId: inst.id, step: 0, decision: 'approve' })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalNotApprover' } })
    expect((await w.zong.client.ok('approvals.get', { id: inst.id })).canDecide).toBe(false) // oversees, may look
    expect((await w.jing.client.ok('approvals.get', { id: inst.id })).canDecide).toBe(true)
    // Deleting a flow leaves instances already submitted as they were.
    await w.admin.ok('approvals.deleteFlow', { id: f.id })
    expect((await w.admin.ok('approvals.listFlows', {})).flows).toEqual([])
    expect(submit(w, w.zhang, doc(w.t, w.zhang.id)).status).toBe('approved')
    expect((await w.jing.client.ok('approvals.inbox', {})).items.map((i) => i.id)).toEqual([inst.id])
  })

  it('lists are keyset-paged', async () => {
    const w = await setup()
    await flow(w.admin, 'f', 1, {}, [{ kind: 'supervisor' }])
    const ids: string[] = []
    for (let i = 0; i < 5; i++) { w.t.clock.advance(1_000); ids.push(submit(w, w.zhang, doc(w.t, w.zhang.id)).id) }
    const p1 = await w.jing.client.ok('approvals.inbox', { limit: 2 })
    const p2 = await w.jing.client.ok('approvals.inbox', { limit: 2, cursor: p1.nextCursor })
    const p3 = await w.jing.client.ok('approvals.inbox', { limit: 2, cursor: p2.nextCursor })
    expect([...p1.items, ...p2.items, ...p3.items].map((i) => i.id)).toEqual([...ids].reverse())
    expect(p3.nextCursor).toBeNull()
    const m = await w.zhang.client.ok('approvals.mine', { limit: 3 })
    expect(m.items.map((i) => i.id)).toEqual(ids.slice(2).reverse())
    expect(await w.zhang.client.call('approvals.mine', { cursor: 'garbage' })).toMatchObject({ ok: false, error: { messageKey: 'errors.badCursor' } })
  })
})
