import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, userWithRole, type TestApp } from '../../../testing'

describe('demo data (system.loadDemoData / removeDemoData)', () => {
  let t: TestApp
  afterEach(() => t.close())

  it('loads on an empty company, shows as present, and removes only demo records', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const sales = await userWithRole(t, admin, 'wang', 'salesperson')
    const s = t.app.database.sqlite
    const count = (q: string, ...p: unknown[]) => s.prepare(q).pluck().get(...p) as number

    expect(await admin.ok('system.demoStatus', {})).toEqual({ present: false, records: 0, canLoad: true, canRemove: false })
    expect((await sales.client.call('system.loadDemoData', {})).ok).toBe(false)

    const loaded = await admin.ok('system.loadDemoData', {})
    expect(loaded.customers).toBe(300)
    expect(count('SELECT count(*) FROM customers')).toBe(300)
    expect(count('SELECT count(*) FROM outbox WHERE record_id IN (SELECT record_id FROM demo_records)')).toBe(0)
    const status = await admin.ok('system.demoStatus', {})
    expect(status).toMatchObject({ present: true, canLoad: false, canRemove: true })
    expect((await sales.client.ok('system.demoStatus', {})).present).toBe(true)
    // Loading twice is refused.
    const again = await admin.call('system.loadDemoData', {})
    expect(again.ok ? null : again.error.messageKey).toBe('errors.demoDataPresent')
    // Demo customers are found like any other (search index built).
    const demoName = s.prepare(`SELECT name FROM customers ORDER BY id LIMIT 1`).pluck().get() as string
    expect((await admin.ok('customers.list', { filters: { search: [...demoName].slice(0, 4).join('') }, limit: 50 })).items.length).toBeGreaterThan(0)

    // The user's own records: a customer of their own, and a follow-up on a demo customer.
    const own = await admin.ok('customers.create', { name: '温州自建客户有限公司', contacts: [{ name: '自建联系人', mobile: '13900001111' }], confirmDuplicate: true })
    const demoCustomer = s.prepare(`SELECT id FROM customers WHERE owner_id IS NOT NULL AND id IN (SELECT record_id FROM demo_records) ORDER BY id LIMIT 1`).pluck().get() as string
    const fu = await admin.ok('followups.add', { customerId: demoCustomer, type: 'call', content: '用户自己记的跟进' })
    const untouched = s.prepare(`SELECT id FROM customers WHERE id IN (SELECT record_id FROM demo_records) AND id <> ? ORDER BY id DESC LIMIT 1`).pluck().get(demoCustomer) as string

    const removed = await admin.ok('system.removeDemoData', {})
    expect(removed.removed).toBeGreaterThan(1000)
    expect(removed.kept).toBeGreaterThan(0)
    expect(count('SELECT count(*) FROM demo_records')).toBe(0)
    // User records intact; the demo customer they wrote about stays (as an ordinary record) with its owner.
    expect(count('SELECT count(*) FROM customers WHERE id = ?', own.id)).toBe(1)
    expect(count('SELECT count(*) FROM followups WHERE id = ?', fu.id)).toBe(1)
    expect(count('SELECT count(*) FROM customers WHERE id = ?', demoCustomer)).toBe(1)
    expect(count('SELECT count(*) FROM users WHERE id = (SELECT owner_id FROM customers WHERE id = ?)', demoCustomer)).toBe(1)
    expect(count('SELECT count(*) FROM customers WHERE id = ?', untouched)).toBe(0)
    expect(count('SELECT count(*) FROM customers')).toBe(2)
    expect(count('SELECT count(*) FROM products')).toBe(0)
    expect(count(`SELECT count(*) FROM users WHERE username IN ('admin', 'wang')`)).toBe(2)
    expect(count('SELECT count(*) FROM customers_fts')).toBe(2)
    expect(count('SELECT count(*) FROM customer_keys WHERE customer_id = ?', untouched)).toBe(0)
    // Still found by search after removal; the removed ones are not.
    expect((await admin.ok('customers.list', { filters: { search: '温州自建' }, limit: 50 })).items.map((c) => c.id)).toEqual([own.id])
    expect(await admin.ok('system.demoStatus', {})).toEqual({ present: false, records: 0, canLoad: false, canRemove: false })
    const refused = await admin.call('system.loadDemoData', {})
    expect(refused.ok ? null : refused.error.messageKey).toBe('errors.demoDataNotEmpty')
  }, 120_000)
})
