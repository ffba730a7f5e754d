import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decide } from '../../sales/__tests__/fixture'
import { officeWorld, PNG_1PX, type OfficeWorld } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<OfficeWorld> {
  const w = await officeWorld()
  apps.push(w.t)
  return w
}

const travel = (customerId: string, amount: number, extra: Record<string, unknown> = {}) =>
  ({ customerId, category: 'travel' as const, amount, expenseDate: '2026-11-20', description: '拜访客户差旅', ...extra })

describe('customer expenses and office budgets', () => {
  it('warns (never blocks) when an expense would exceed the office budget; used = approved + submitted of the office and month', async () => {
    const w = await setup()
    // A salesperson may not set budgets.
    expect(await w.zhang.client.call('expenses.saveBudget', { officeId: w.bj, month: '2026-11', amount: 100_000 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.jing.client.ok('expenses.saveBudget', { officeId: w.bj, month: '2026-11', amount: 100_000 })

    // No flow configured: submitted expenses are approved at once.
    const a = await w.zhang.client.ok('expenses.create', travel(w.cZhang, 60_000, { submit: true }))
    expect(a.expense).toMatchObject({ status: 'approved', officeId: w.bj, officeName: '北京办事处', amount: 60_000 })
    expect(a.budget).toMatchObject({ budget: 100_000, used: 0, thisAmount: 60_000, projected: 60_000, remaining: 40_000, exceeds: false })

    // Other months, other offices and drafts do not count.
    await w.zhang.client.ok('expenses.create', travel(w.cZhang, 90_000, { expenseDate: '2026-10-31', submit: true }))
    await w.wang.client.ok('expenses.create', travel(w.cWang, 90_000, { submit: true }))
    await w.zhang.client.ok('expenses.create', travel(w.cZhang, 5_000))

    // The meter before saving, then the saved draft: 600 + 500 > 1000 → warning, but saved.
    expect(await w.li.client.ok('expenses.budgetStatus', { month: '2026-11', amount: 50_000 })).toMatchObject({ officeId: w.bj, used: 60_000, projected: 110_000, remaining: -10_000, exceeds: true })
    const b = await w.li.client.ok('expenses.create', { ...travel(w.cLi, 50_000), category: 'entertainment' })
    expect(b.expense.status).toBe('draft')
    expect(b.budget).toMatchObject({ used: 60_000, approved: 60_000, submitted: 0, projected: 110_000, remaining: -10_000, exceeds: true })
    const submitted = await w.li.client.ok('expenses.submit', { id: b.expense.id })
    expect(submitted.expense.status).toBe('approved')
    expect(submitted.budget).toMatchObject({ used: 60_000, projected: 110_000, exceeds: true })

    const budgets = await w.jing.client.ok('expenses.listBudgets', { month: '2026-11' })
    expect(budgets.map((r) => [r.officeName, r.budget, r.used, r.remaining, r.usedPermille])).toEqual([
      ['上海办事处', null, 90_000, null, null],
      ['北京办事处', 100_000, 110_000, -10_000, 1100],
    ])
    // Editing below the budget: the meter excludes the expense being edited.
    expect(await w.zhang.client.ok('expenses.budgetStatus', { month: '2026-11', amount: 10_000, excludeId: a.expense.id })).toMatchObject({ used: 50_000, projected: 60_000, exceeds: false })
    // Removing a budget leaves no warning.
    await w.jing.client.ok('expenses.saveBudget', { officeId: w.bj, month: '2026-11', amount: null })
    expect(await w.li.client.ok('expenses.budgetStatus', { month: '2026-11', amount: 50_000 })).toMatchObject({ budget: null, remaining: null, exceeds: false })
  })

  it('approval by rule: above the threshold the manager approves; approved expenses never change', async () => {
    const w = await setup()
    await w.admin.ok('approvals.saveFlow', { documentType: 'expense', name: '大额费用', enabled: true, priority: 1, conditions: { minAmount: 100_000 }, steps: [{ kind: 'supervisor' }] })
    const small = await w.zhang.client.ok('expenses.create', travel(w.cZhang, 20_000, { submit: true }))
    expect(small.expense.status).toBe('approved')

    const big = await w.zhang.client.ok('expenses.create', { ...travel(w.cZhang, 150_000), category: 'gifts' })
    await w.zhang.client.ok('expenses.submit', { id: big.expense.id })
    expect((await w.zhang.client.ok('expenses.get', { id: big.expense.id })).status).toBe('submitted')
    expect(await w.zhang.client.call('expenses.update', { id: big.expense.id, ...travel(w.cZhang, 1_000) })).toMatchObject({ ok: false, error: { messageKey: 'errors.expenseLocked' } })
    // The manager rejects: the submitter may correct and resubmit.
    await decide(w.jing, big.expense.id, 'reject', '金额过高')
    const rejected = await w.zhang.client.ok('expenses.get', { id: big.expense.id })
    expect(rejected).toMatchObject({ status: 'rejected', can: { edit: true, submit: true } })
    await w.zhang.client.ok('expenses.update', { id: big.expense.id, ...travel(w.cZhang, 120_000), category: 'gifts', submit: true })
    await decide(w.jing, big.expense.id)
    const approved = await w.zhang.client.ok('expenses.get', { id: big.expense.id })
    expect(approved).toMatchObject({ status: 'approved', amount: 120_000, can: { edit: false, submit: false, remove: false } })
    expect(approved.approvalId).toBeTruthy()
    expect(approved.decidedAt).toBeGreaterThan(0)
    for (const [name, input] of [['expenses.update', { id: big.expense.id, ...travel(w.cZhang, 1_000) }], ['expenses.remove', { id: big.expense.id }], ['expenses.submit', { id: big.expense.id }]] as const) {
      expect(await w.zhang.client.raw(name, input)).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.expenseLocked' } })
    }
    // On the customer's timeline and the salesperson's activity.
    const tl = await w.zhang.client.ok('timeline.customer', { customerId: w.cZhang, limit: 50 })
    expect(tl.items.map((e) => e.summaryKey)).toEqual(expect.arrayContaining(['timeline.expense.travel', 'timeline.expense.gifts', 'timeline.approval.submitted', 'timeline.approval.rejected', 'timeline.approval.approved']))
    const mine = await w.jing.client.ok('timeline.user', { userId: w.zhang.id, from: 0, to: w.t.clock.now() + 1, limit: 50 })
    expect(mine.items.filter((e) => e.kind === 'expense').map((e) => e.params.amount)).toEqual(expect.arrayContaining([20_000, 150_000]))
  })

  it('data scope through the contract: own expenses for salespeople, subordinates for the manager; only the submitter edits', async () => {
    const w = await setup()
    const z = await w.zhang.client.ok('expenses.create', travel(w.cZhang, 1_000))
    const l = await w.li.client.ok('expenses.create', travel(w.cLi, 2_000))
    const x = await w.wang.client.ok('expenses.create', travel(w.cWang, 3_000))
    const ids = async (u: typeof w.zhang) => (await u.client.ok('expenses.list', { limit: 50 })).items.map((r) => r.id).sort()
    expect(await ids(w.zhang)).toEqual([z.expense.id])
    expect(await ids(w.jing)).toEqual([z.expense.id, l.expense.id].sort())
    expect(await ids(w.wang)).toEqual([x.expense.id])
    expect(await w.li.client.call('expenses.get', { id: z.expense.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.li.client.call('expenses.list', { filters: { ownerId: w.zhang.id }, limit: 10 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.jing.client.call('expenses.update', { id: z.expense.id, ...travel(w.cZhang, 5) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.jing.client.call('expenses.get', { id: x.expense.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Customers outside the caller's scope; an order of another customer.
    expect(await w.zhang.client.call('expenses.create', travel(w.cLi, 1_000))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const order = await w.li.client.ok('sales.createOrder', { customerId: w.cLi, orderDate: '2026-11-20', priceIncludesTax: false, lines: [{ productId: w.p1, qtyMilli: 1000, unitPrice: 10_000 }] })
    expect(await w.zhang.client.call('expenses.create', travel(w.cZhang, 1_000, { orderId: order.id }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const linked = await w.li.client.ok('expenses.create', travel(w.cLi, 1_000, { orderId: order.id, category: 'samples' }))
    expect(linked.expense).toMatchObject({ orderId: order.id, orderNumber: order.number, category: 'samples' })
    // Drafts are removed by their submitter only.
    expect(await w.jing.client.call('expenses.remove', { id: l.expense.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.li.client.ok('expenses.remove', { id: l.expense.id })
    expect(await ids(w.jing)).toEqual([z.expense.id, linked.expense.id].sort())
  })

  it('an approver outside the submitter\'s scope may read (not change) the expense and its receipt; others still may not', async () => {
    const w = await setup()
    // A named approver from another team (wang's scope does not cover zhang).
    await w.admin.ok('approvals.saveFlow', { documentType: 'expense', name: '指定王审批', enabled: true, priority: 1, conditions: {}, steps: [{ kind: 'user', userId: w.wang.id }] })
    const up = await w.zhang.client.ok('expenses.uploadReceipt', { fileName: 'r.png', contentBase64: PNG_1PX })
    const e = (await w.zhang.client.ok('expenses.create', travel(w.cZhang, 8_000, { receiptRef: up.receiptRef }))).expense
    // Before submitting wang is no approver of it.
    expect(await w.wang.client.call('expenses.get', { id: e.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.wang.client.call('expenses.receipt', { id: e.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.zhang.client.ok('expenses.submit', { id: e.id })
    expect(await w.wang.client.ok('expenses.get', { id: e.id })).toMatchObject({ id: e.id, status: 'submitted', amount: 8_000, can: { edit: false, submit: false, remove: false } })
    expect(await w.wang.client.ok('expenses.receipt', { id: e.id })).toEqual({ mime: 'image/png', contentBase64: PNG_1PX })
    // Read-only: no edit, submit or remove, and the list keeps the scope.
    expect(await w.wang.client.call('expenses.update', { id: e.id, ...travel(w.cZhang, 1) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.wang.client.call('expenses.remove', { id: e.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await w.wang.client.ok('expenses.list', { limit: 50 })).items.map((r) => r.id)).not.toContain(e.id)
    await decide(w.wang, e.id)
    expect(await w.wang.client.ok('expenses.get', { id: e.id })).toMatchObject({ status: 'approved' })
    // li (same team as zhang, not an approver, a plain salesperson) still cannot; unknown ids stay NOT_FOUND.
    expect(await w.li.client.call('expenses.get', { id: e.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.li.client.call('expenses.receipt', { id: e.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.wang.client.call('expenses.get', { id: '0'.repeat(8) + '-0000-7000-8000-' + '0'.repeat(12) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('receipts: PNG/JPEG/WebP ≤ 1 MB recognised by their bytes, readable within scope', async () => {
    const w = await setup()
    expect(await w.zhang.client.call('expenses.uploadReceipt', { fileName: 'r.png', contentBase64: Buffer.from('not an image at all').toString('base64') })).toMatchObject({ ok: false, error: { messageKey: 'errors.imageInvalid' } })
    const big = Buffer.alloc(1024 * 1024 + 1)
    Buffer.from(PNG_1PX, 'base64').copy(big)
    expect(await w.zhang.client.call('expenses.uploadReceipt', { fileName: 'big.png', contentBase64: big.toString('base64') })).toMatchObject({ ok: false, error: { messageKey: 'errors.imageTooLarge' } })
    const up = await w.zhang.client.ok('expenses.uploadReceipt', { fileName: 'fake.jpg', contentBase64: PNG_1PX })
    expect(up.mime).toBe('image/png')
    expect(await w.zhang.client.call('expenses.create', travel(w.cZhang, 1_000, { receiptRef: 'f'.repeat(64) }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const e = await w.zhang.client.ok('expenses.create', travel(w.cZhang, 1_000, { receiptRef: up.receiptRef }))
    expect(e.expense.hasReceipt).toBe(true)
    expect(await w.jing.client.ok('expenses.receipt', { id: e.expense.id })).toEqual({ mime: 'image/png', contentBase64: PNG_1PX })
    expect(await w.li.client.call('expenses.receipt', { id: e.expense.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('role defaults', () => {
  it('built-in roles of an older database get the expenses.* / plans.* defaults once', async () => {
    const w = await setup()
    const { grantExpensesPlansDefaults } = await import('../role-defaults')
    const db = w.t.app.database.db
    const roles = await w.admin.ok('admin.listRoles', {})
    const sales = roles.find((r) => r.code === 'salesperson')!
    expect(sales.permissions).toEqual(expect.arrayContaining(['expenses.view', 'expenses.edit', 'plans.view']))
    expect(sales.permissions).not.toContain('plans.edit')
    // As if the database predates the feature: no marker, roles without the permissions.
    await w.admin.ok('admin.saveRole', { id: sales.id, name: sales.name, permissions: sales.permissions.filter((p) => !p.startsWith('expenses.') && !p.startsWith('plans.')), scopes: sales.scopes })
    w.t.app.database.sqlite.prepare(`DELETE FROM local_meta WHERE key = 'expenses.roleDefaults.v1'`).run()
    expect(grantExpensesPlansDefaults(db, w.t.app.mutation, w.t.clock.now())).toBe(1)
    expect((await w.admin.ok('admin.listRoles', {})).find((r) => r.id === sales.id)!.permissions).toEqual(expect.arrayContaining(['expenses.view', 'expenses.edit', 'plans.view']))
    expect(grantExpensesPlansDefaults(db, w.t.app.mutation, w.t.clock.now())).toBe(0)
  })
})
