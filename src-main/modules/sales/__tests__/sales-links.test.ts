/**
 * The links of a sales document to the rest of the CRM: contact, opportunity and salesperson
 * (pickers), the customer page's lists, the approver's read access from the inbox, the quote
 * accepted → opportunity won rule, and products in use.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decide, line, quoteInput, salesWorld, sentQuote, type SalesWorld } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<SalesWorld> {
  const w = await salesWorld()
  apps.push(w.t)
  return w
}

const orderInput = (customerId: string, productId: string, extra: Record<string, unknown> = {}) => ({
  customerId, orderDate: '2026-11-27', priceIncludesTax: true, lines: [line(productId, 1000, 9_500)], ...extra,
})

describe('sales document links', () => {
  it('order: contact and salesperson (picker = active users in the sales scope); shown on the view and the print', async () => {
    const w = await setup()
    const contact = await w.zhang.client.ok('customers.saveContact', { customerId: w.cZhang, name: '王小明', mobile: '13800138001' })
    // The picker: a salesperson only themself; the manager the team, self first; never another team.
    expect((await w.zhang.client.ok('sales.listSalespeople', {})).map((u) => u.id)).toEqual([w.zhang.id])
    const mine = (await w.jing.client.ok('sales.listSalespeople', {})).map((u) => u.id)
    expect(mine[0]).toBe(w.jing.id)
    expect(new Set(mine)).toEqual(new Set([w.jing.id, w.zhang.id, w.li.id]))

    const o = await w.jing.client.ok('sales.createOrder', orderInput(w.cZhang, w.p1, { contactId: contact.id, salespersonId: w.zhang.id }))
    expect(o).toMatchObject({ ownerId: w.zhang.id, ownerName: 'zhang', contactId: contact.id, contactName: '王小明', opportunityName: null })
    const html = (await w.jing.client.ok('sales.printOrderHtml', { id: o.id, lang: 'zh-CN' })).html
    expect(html).toContain('王小明')
    expect(html).toContain('zhang')
    // Saving again keeps the links (the editor sends them back).
    const kept = await w.jing.client.ok('sales.updateOrder', { id: o.id, ...orderInput(w.cZhang, w.p2, { contactId: contact.id, salespersonId: w.li.id }) })
    expect(kept).toMatchObject({ ownerId: w.li.id, contactName: '王小明' })
    // Outside the scope, or a contact of another customer: refused.
    expect(await w.jing.client.call('sales.createOrder', orderInput(w.cZhang, w.p1, { salespersonId: w.wang.id }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.zhang.client.call('sales.createOrder', orderInput(w.cZhang2, w.p1, { contactId: contact.id }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await w.zhang.client.call('sales.listSalespeople', {})).toMatchObject({ ok: true })
  })

  it('accepting a quote with an opportunity wins the opportunity in the same mutation, on the timeline', async () => {
    const w = await setup()
    const contact = await w.zhang.client.ok('customers.saveContact', { customerId: w.cZhang, name: '王小明' })
    const opp = await w.zhang.client.ok('opportunities.save', { customerId: w.cZhang, name: '水泵更新项目', stage: 'quoted', amount: 1_000_000 })
    const other = await w.zhang.client.ok('opportunities.save', { customerId: w.cZhang2, name: '别家的项目', stage: 'initial', amount: 0 })
    expect(await w.zhang.client.call('sales.createQuote', { ...quoteInput(w.cZhang, [line(w.p1, 1000, 9_500)]), opportunityId: other.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    const q = await w.zhang.client.ok('sales.createQuote', { ...quoteInput(w.cZhang, [line(w.p1, 1000, 9_500)]), contactId: contact.id, opportunityId: opp.id })
    expect(q).toMatchObject({ contactName: '王小明', opportunityName: '水泵更新项目' })
    expect((await w.zhang.client.ok('sales.printQuoteHtml', { id: q.id, lang: 'zh-CN' })).html).toContain('王小明')
    await w.zhang.client.ok('sales.submitQuote', { id: q.id })
    await w.zhang.client.ok('sales.markQuoteSent', { id: q.id })
    expect((await w.zhang.client.ok('opportunities.get', { id: opp.id })).stageKind).toBe('open')

    w.t.clock.advance(60_000)
    await w.zhang.client.ok('sales.acceptQuote', { id: q.id })
    const won = await w.zhang.client.ok('opportunities.get', { id: opp.id })
    expect(won).toMatchObject({ stage: 'won', stageKind: 'won', closedAt: expect.any(Number) as number })
    expect(await w.zhang.client.ok('customers.get', { id: w.cZhang })).toMatchObject({ won: true })
    // One mutation: the quote's and the opportunity's changes share the audit mutation id.
    const audit = w.t.app.database.sqlite.prepare(`SELECT table_name AS t, mutation_id AS m FROM audit_log WHERE record_id IN (?, ?) ORDER BY at DESC, rowid DESC LIMIT 2`)
      .all(q.id, opp.id) as { t: string; m: string }[]
    expect(new Set(audit.map((a) => a.t))).toEqual(new Set(['quotes', 'opportunities']))
    expect(audit[0]!.m).toBe(audit[1]!.m)
    const tl = await w.zhang.client.ok('timeline.customer', { customerId: w.cZhang, limit: 10 })
    expect(tl.items.map((e) => e.summaryKey)).toEqual(expect.arrayContaining(['timeline.quote.accepted', 'timeline.opportunity.stage']))
    expect(tl.items.find((e) => e.summaryKey === 'timeline.opportunity.stage')).toMatchObject({ recordId: opp.id, params: { to: 'won' } })

    // The order made from it carries contact and opportunity.
    const o = await w.zhang.client.ok('sales.createOrderFromQuote', { quoteId: q.id })
    expect(o).toMatchObject({ contactName: '王小明', opportunityId: opp.id, opportunityName: '水泵更新项目' })

    // A quote without an opportunity leaves opportunities alone.
    const plain = await sentQuote(w.zhang, w.cZhang2, [line(w.p1, 1000, 9_500)])
    await w.zhang.client.ok('sales.acceptQuote', { id: plain })
    expect((await w.zhang.client.ok('opportunities.get', { id: other.id })).stage).toBe('initial')
  })

  it('customer page lists: quotes, orders and expenses filtered by customer inside the scope', async () => {
    const w = await setup()
    const q1 = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_500)]))
    await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang2, [line(w.p1, 1000, 9_500)]))
    const o1 = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, w.p1))
    await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang2, w.p1))
    const e1 = await w.zhang.client.ok('expenses.create', { customerId: w.cZhang, category: 'travel', amount: 12_000, expenseDate: '2026-11-27' })
    await w.zhang.client.ok('expenses.create', { customerId: w.cZhang2, category: 'gifts', amount: 5_000, expenseDate: '2026-11-27' })
    const filters = { customerId: w.cZhang }
    expect((await w.zhang.client.ok('sales.listQuotes', { filters: { ...filters, latestOnly: true }, limit: 10 })).items.map((r) => r.id)).toEqual([q1.id])
    expect((await w.zhang.client.ok('sales.listOrders', { filters, limit: 10 })).items.map((r) => r.id)).toEqual([o1.id])
    expect((await w.zhang.client.ok('expenses.list', { filters, limit: 10 })).items.map((r) => r.id)).toEqual([e1.expense.id])
    // Another team's salesperson sees none of them.
    expect((await w.wang.client.ok('sales.listQuotes', { filters: { ...filters, latestOnly: true }, limit: 10 })).items).toEqual([])
    // The customer filter walks the index that leads with customer_id.
    const plan = (sql: string) => (w.t.app.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(w.cZhang) as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan(`SELECT id FROM quotes d WHERE d.customer_id = ? AND d.deleted_at IS NULL ORDER BY d.created_at DESC, d.id DESC LIMIT 51`)).toContain('quotes_customer')
    expect(plan(`SELECT id FROM sales_orders d WHERE d.customer_id = ? AND d.deleted_at IS NULL ORDER BY d.created_at DESC, d.id DESC LIMIT 51`)).toContain('sales_orders_customer')
    expect(plan(`SELECT id FROM expenses e WHERE e.customer_id = ? AND e.deleted_at IS NULL ORDER BY e.created_at DESC, e.id DESC LIMIT 51`)).toContain('expenses_customer')
  })

  it('an approver outside the submitter\'s scope may open (not edit) the document from the inbox', async () => {
    const w = await setup()
    // A named approver from another team (wang's scope does not cover zhang).
    await w.admin.ok('approvals.saveFlow', { documentType: 'quote', name: '指定王审批', enabled: true, priority: 1, conditions: {}, steps: [{ kind: 'user', userId: w.wang.id }] })
    const q = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_500)]))
    expect(await w.wang.client.call('sales.getQuote', { id: q.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await w.zhang.client.ok('sales.submitQuote', { id: q.id })
    const seen = await w.wang.client.ok('sales.getQuote', { id: q.id })
    expect(seen).toMatchObject({ id: q.id, status: 'submitted', can: { edit: false, submit: false, revise: false } })
    expect(await w.wang.client.call('sales.printQuoteHtml', { id: q.id, lang: 'zh-CN' })).toMatchObject({ ok: true })
    expect(await w.wang.client.call('sales.reviseQuote', { id: q.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await decide(w.wang, q.id)
    expect((await w.zhang.client.ok('sales.getQuote', { id: q.id })).status).toBe('approved')
    // li (same team as zhang, but not an approver, and a plain salesperson) still cannot.
    expect(await w.li.client.call('sales.getQuote', { id: q.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('a product on quote or order lines cannot be removed: errors.productInUse, deactivate instead', async () => {
    const w = await setup()
    await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_500)]))
    await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, w.p2))
    expect(await w.admin.call('catalogue.remove', { id: w.p1 })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.productInUse', details: { code: 'P1', usedBy: ['quote'] } } })
    expect(await w.admin.call('catalogue.remove', { id: w.p2 })).toMatchObject({ ok: false, error: { messageKey: 'errors.productInUse', details: { usedBy: ['sales_order'] } } })
    expect(await w.admin.ok('catalogue.get', { id: w.p1 })).toMatchObject({ id: w.p1 })
    // Lines replaced on a draft no longer count; a product never used is removed.
    const free = (await w.admin.ok('catalogue.create', { code: 'P3', name: '法兰', listPrice: 500, taxRate: 1300 })).id
    const q = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang2, [line(free, 1000, 500)]))
    expect(await w.admin.call('catalogue.remove', { id: free })).toMatchObject({ ok: false, error: { messageKey: 'errors.productInUse' } })
    await w.zhang.client.ok('sales.updateQuote', { id: q.id, ...quoteInput(w.cZhang2, [line(w.p2, 1000, 250)]) })
    expect(await w.admin.ok('catalogue.remove', { id: free })).toEqual({ ok: true })
  })
})
