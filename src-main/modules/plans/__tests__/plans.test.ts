import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decide, line, type User } from '../../sales/__tests__/fixture'
import { officeWorld, type OfficeWorld } from '../../expenses/__tests__/fixture'
import { periodRange } from '../period'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<OfficeWorld> {
  const w = await officeWorld()
  apps.push(w.t)
  return w
}

/** An order before tax: qty 1 of `productId` at `amount` fen. */
async function order(u: User, customerId: string, productId: string, amount: number, orderDate = '2026-11-20'): Promise<string> {
  return (await u.client.ok('sales.createOrder', { customerId, orderDate, priceIncludesTax: false, lines: [line(productId, 1000, amount)] })).id
}

async function completion(u: User, period: string): Promise<Record<string, number>> {
  const view = await u.client.ok('plans.progress', { period })
  return Object.fromEntries(view.items.map((p) => [`${p.scope}:${p.targetName}${p.categoryName ? `/${p.categoryName}` : ''}`, p.completed]))
}

describe('sales plans (计划完成情况)', () => {
  it('completion counts approved orders only; a reversal lowers it; teams sum their members now; categories their subtree', async () => {
    const w = await setup()
    const pumps = (await w.admin.ok('catalogue.saveCategory', { name: '泵类' })).id
    const industrial = (await w.admin.ok('catalogue.saveCategory', { name: '工业泵', parentId: pumps })).id
    await w.admin.ok('catalogue.update', { id: w.p1, categoryId: industrial })

    for (const [scope, targetId] of [['user', w.zhang.id], ['user', w.li.id], ['office', w.bj], ['department', w.north]] as const) {
      await w.jing.client.ok('plans.save', { period: '2026-11', scope, targetId, amount: 100_000 })
    }
    await w.jing.client.ok('plans.save', { period: '2026-11', scope: 'user', targetId: w.zhang.id, categoryId: pumps, amount: 50_000 })
    await w.jing.client.ok('plans.save', { period: '2026-Q4', scope: 'user', targetId: w.zhang.id, amount: 300_000 })

    // Draft, pending, rejected: nothing counts.
    await order(w.zhang, w.cZhang, w.p1, 11_000)
    const pending = await order(w.zhang, w.cZhang, w.p1, 12_000)
    await w.zhang.client.ok('sales.submitOrder', { id: pending })
    const rejected = await order(w.zhang, w.cZhang, w.p1, 13_000)
    await w.zhang.client.ok('sales.submitOrder', { id: rejected })
    await decide(w.jing, rejected, 'reject', '价格不对')
    expect(Object.values(await completion(w.jing, '2026-11')).every((v) => v === 0)).toBe(true)

    // Approved: P1 (in the pumps subtree) 200.00 and P2 (no category) 30.00 for zhang; 40.00 for li; October for the quarter.
    const boss: User = { client: w.t.connect('boss'), id: '' }
    await boss.client.ok('auth.login', { username: 'boss', password: 'user-pass-1' })
    const approve = async (u: User, id: string) => { await u.client.ok('sales.submitOrder', { id }); await decide(u === w.wang ? boss : w.jing, id) }
    const a1 = await order(w.zhang, w.cZhang, w.p1, 20_000)
    await approve(w.zhang, a1)
    await approve(w.zhang, await order(w.zhang, w.cZhang2, w.p2, 3_000))
    await approve(w.li, await order(w.li, w.cLi, w.p2, 4_000))
    await approve(w.zhang, await order(w.zhang, w.cZhang, w.p2, 5_000, '2026-10-15'))
    await approve(w.wang, await order(w.wang, w.cWang, w.p1, 90_000)) // another office and team
    expect(await completion(w.jing, '2026-11')).toEqual({
      'user:zhang': 23_000, 'user:li': 4_000, 'user:zhang/泵类': 20_000, 'office:北京办事处': 27_000, 'department:华北销售部': 27_000,
    })
    expect(await completion(w.jing, '2026-Q4')).toEqual({ 'user:zhang': 28_000 })
    const view = await w.jing.client.ok('plans.progress', { period: '2026-11', scope: 'user' })
    expect(view).toMatchObject({ from: '2026-11-01', to: '2026-11-30' })
    // Ranking by completion ratio: zhang's pumps 40 %, zhang 23 %, li 4 %.
    expect(view.items.map((p) => [p.targetName, p.categoryName, p.ratioPermille, p.rank])).toEqual([
      ['zhang', '泵类', 400, 1], ['zhang', null, 230, 2], ['li', null, 40, 3],
    ])

    // Reversal (红冲) takes the order out again.
    await w.jing.client.ok('sales.reverseOrder', { id: a1, reason: '客户退货' })
    expect(await completion(w.jing, '2026-11')).toMatchObject({ 'user:zhang': 3_000, 'user:zhang/泵类': 0, 'office:北京办事处': 7_000 })

    // Membership is read at query time: li moves to 上海 and his sales leave 北京's plan.
    const li = (await w.admin.ok('admin.listUsers', {})).find((u) => u.id === w.li.id)!
    await w.admin.ok('admin.updateUser', { id: li.id, displayName: li.displayName, roleId: li.roleId, managerId: li.managerId, officeId: w.sh, departmentId: li.departmentId })
    expect((await completion(w.jing, '2026-11'))['office:北京办事处']).toBe(3_000)
  })

  it('scope: salespeople see their own plans and cannot set any; managers set and see their team only', async () => {
    const w = await setup()
    await w.jing.client.ok('plans.save', { period: '2026-11', scope: 'user', targetId: w.zhang.id, amount: 100_000, note: '冲刺' })
    await w.jing.client.ok('plans.save', { period: '2026-11', scope: 'user', targetId: w.li.id, amount: 80_000 })
    await w.admin.ok('plans.save', { period: '2026-11', scope: 'user', targetId: w.wang.id, amount: 70_000 })
    await w.admin.ok('plans.save', { period: '2026-11', scope: 'office', targetId: w.sh, amount: 70_000 })
    // Saving the same target again replaces the amount (one plan per period, target and category).
    const again = await w.jing.client.ok('plans.save', { period: '2026-11', scope: 'user', targetId: w.zhang.id, amount: 120_000 })
    expect(again).toMatchObject({ amount: 120_000, note: null, targetName: 'zhang' })

    const names = async (u: User) => (await u.client.ok('plans.progress', { period: '2026-11' })).items.map((p) => `${p.scope}:${p.targetName}`).sort()
    expect(await names(w.zhang)).toEqual(['user:zhang'])
    expect(await names(w.jing)).toEqual(['user:li', 'user:zhang'])
    expect(await names(w.wang)).toEqual(['office:上海办事处', 'user:wang'])
    expect((await w.zhang.client.ok('plans.progress', { period: '2026-11' })).items[0]!.canEdit).toBe(false)
    expect(await w.zhang.client.call('plans.save', { period: '2026-11', scope: 'user', targetId: w.zhang.id, amount: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.jing.client.call('plans.save', { period: '2026-11', scope: 'user', targetId: w.wang.id, amount: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // 上海办事处's only member is outside jing's scope; 北京办事处's are all inside it.
    expect(await w.jing.client.call('plans.save', { period: '2026-11', scope: 'office', targetId: w.sh, amount: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.jing.client.ok('plans.save', { period: '2026-11', scope: 'office', targetId: w.bj, amount: 300_000 })
    const wangPlan = (await w.admin.ok('plans.progress', { period: '2026-11', scope: 'user' })).items.find((p) => p.targetId === w.wang.id)!
    expect(await w.jing.client.call('plans.remove', { id: wangPlan.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.admin.ok('plans.remove', { id: wangPlan.id })
    expect(await names(w.wang)).toEqual(['office:上海办事处'])
    expect(await w.jing.client.call('plans.save', { period: '2026-11', scope: 'department', targetId: w.zhang.id, amount: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // Setting a person's target shows in their activity.
    const tl = await w.jing.client.ok('timeline.user', { userId: w.jing.id, from: 0, to: w.t.clock.now() + 1, limit: 50 })
    expect(tl.items.filter((e) => e.summaryKey === 'timeline.plan.set').length).toBeGreaterThanOrEqual(3)
  })

  it('periods: months and quarters as calendar ranges', () => {
    expect(periodRange('2026-Q4')).toEqual({ months: ['2026-10', '2026-11', '2026-12'], from: '2026-10-01', to: '2026-12-31' })
    expect(periodRange('2028-02')).toEqual({ months: ['2028-02'], from: '2028-02-01', to: '2028-02-29' })
  })
})
