import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, userWithRole, type TestApp } from '../../../testing'

let t: TestApp | null = null
afterEach(() => { t?.close(); t = null })

describe('customers.page', () => {
  it('returns exactly what customers.get, timeline.customer, followups.list and opportunities.list return, with their cursors', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const zhang = await userWithRole(t, admin, 'zhang', 'salesperson')
    const c = await zhang.client.ok('customers.create', { name: '杭州华鑫科技有限公司', phone: '0571-87650001', contacts: [{ name: '钱经理', mobile: '13900000001' }] })
    const opp = await zhang.client.ok('opportunities.save', { customerId: c.id, name: '年度采购', stage: 'initial', amount: 1_000_00 })
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000)
      await zhang.client.ok('followups.add', { customerId: c.id, type: 'call', content: `第${i + 1}次电话`, opportunityId: opp.id })
    }
    const page = await zhang.client.ok('customers.page', { id: c.id, limit: 2, opportunitiesLimit: 5 })
    expect(page.customer).toEqual(await zhang.client.ok('customers.get', { id: c.id }))
    expect(page.timeline).toEqual(await zhang.client.ok('timeline.customer', { customerId: c.id, limit: 2 }))
    expect(page.followups).toEqual(await zhang.client.ok('followups.list', { customerId: c.id, limit: 2 }))
    expect(page.opportunities).toEqual(await zhang.client.ok('opportunities.list', { customerId: c.id, limit: 5 }))
    expect(page.customer.contacts.map((x) => x.name)).toEqual(['钱经理'])
    expect(page.followups.items.map((f) => f.content)).toEqual(['第3次电话', '第2次电话'])
    expect(page.followups.nextCursor).not.toBeNull()
    expect(page.timeline.items).toHaveLength(2)
    expect(page.timeline.nextCursor).not.toBeNull()
    expect(page.opportunities.items.map((o) => o.id)).toEqual([opp.id])
    // Defaults: 50 per list, opportunities up to 100.
    expect((await zhang.client.ok('customers.page', { id: c.id })).followups.items).toHaveLength(3)
  })

  it('refuses what customers.get refuses: another salesperson\'s customer, a deleted one, no customers.view', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const zhang = await userWithRole(t, admin, 'zhang', 'salesperson')
    const li = await userWithRole(t, admin, 'li', 'salesperson')
    const theirs = await li.client.ok('customers.create', { name: '李四的客户', contacts: [] })
    expect(await zhang.client.call('customers.page', { id: theirs.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await admin.ok('customers.remove', { id: theirs.id })
    expect(await li.client.call('customers.page', { id: theirs.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const clerk = await userWithRole(t, admin, 'clerk', 'warehouse_clerk')
    const mine = await zhang.client.ok('customers.create', { name: '张三的客户', contacts: [] })
    expect(await clerk.client.call('customers.page', { id: mine.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await admin.call('customers.page', { id: mine.id, limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
