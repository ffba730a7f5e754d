import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { onOrderApproved, onOrderReversed, rebuildSalesFacts, SalesReports } from '../sales.module'
import { syncOrderFacts } from '../facts'
import { salesOrderLines, salesOrders } from '../sales.table'
import { decide, line, salesWorld, sentQuote, type SalesWorld } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<SalesWorld> {
  const w = await salesWorld()
  apps.push(w.t)
  return w
}

const events: string[] = []
onOrderApproved('test', (_w, e) => { events.push(`approved:${e.order.number}:${e.lines.length}`) })
onOrderReversed('test', (_w, e) => { events.push(`reversed:${e.order.number}:${e.reason}`) })

const orderInput = (customerId: string, lines: ReturnType<typeof line>[]) => ({ customerId, orderDate: '2026-11-27', deliveryDate: '2026-12-05', paymentTerms: '月结30天', priceIncludesTax: false, lines })

describe('sales orders', () => {
  it('one click from an accepted quote: lines copied, cost captured at order time; one live order per quote', async () => {
    const w = await setup()
    const qid = await sentQuote(w.zhang, w.cZhang, [line(w.p1, 3000, 9_000, 50), line(w.p2, 2500, 240)])
    expect(await w.zhang.client.call('sales.createOrderFromQuote', { quoteId: qid })).toMatchObject({ ok: false, error: { messageKey: 'errors.quoteNotAccepted' } })
    await w.zhang.client.ok('sales.acceptQuote', { id: qid })
    const quote = await w.zhang.client.ok('sales.getQuote', { id: qid })
    expect(quote.can.createOrder).toBe(true)
    // The standard cost changes after quoting: the order takes today's.
    await w.admin.ok('catalogue.update', { id: w.p1, standardCost: 6_500 })
    const o = await w.zhang.client.ok('sales.createOrderFromQuote', { quoteId: qid, deliveryDate: '2026-12-10' })
    expect(o).toMatchObject({ status: 'draft', quoteId: qid, quoteNumber: quote.number, orderDate: '2026-11-27', deliveryDate: '2026-12-10', numberStatus: 'provisional', number: 'SO-2026-000001' })
    expect(o.lines.map((l) => [l.productId, l.qtyMilli, l.unitPrice, l.discountPermille, l.amount, l.tax, l.total])).toEqual(quote.lines.map((l) => [l.productId, l.qtyMilli, l.unitPrice, l.discountPermille, l.amount, l.tax, l.total]))
    expect([o.subtotal, o.tax, o.total]).toEqual([quote.subtotal, quote.tax, quote.total])
    // Salespeople do not see costs (catalogue.viewCost); the manager does.
    expect(o.lines[0]!.cost).toBeUndefined()
    const seen = await w.jing.client.ok('sales.getOrder', { id: o.id })
    expect(seen.lines.map((l) => [l.unitCost, l.cost])).toEqual([[6_500, 19_500], [120, 300]])
    expect(seen).toMatchObject({ costTotal: 19_800, margin: o.subtotal - 19_800 })
    expect(await w.zhang.client.call('sales.createOrderFromQuote', { quoteId: qid })).toMatchObject({ ok: false, error: { messageKey: 'errors.quoteHasOrder' } })
    expect((await w.zhang.client.ok('sales.getQuote', { id: qid })).orderId).toBe(o.id)
  })

  it('always needs approval; counts only once approved (facts + monthly rollup in the same transaction); reversal takes it out', async () => {
    const w = await setup()
    events.length = 0
    const o = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 2000, 10_000), line(w.p2, 1000, 250)]))
    // Prices exclude tax here: 200.00 + 2.50 = 202.50, tax 26.00 + 0.33 (0.325 half-up)
    expect(o).toMatchObject({ subtotal: 20_250, tax: 2_633, total: 22_883, paymentTerms: '月结30天' })
    const reports = new SalesReports(w.t.app.database.db)
    const submitted = await w.zhang.client.ok('sales.submitOrder', { id: o.id })
    expect(submitted.status).toBe('submitted')
    expect(reports.productMonthly('2026-01', '2026-12')).toEqual([])
    expect(await w.zhang.client.call('sales.reverseOrder', { id: o.id, reason: 'x' })).toMatchObject({ ok: false, error: { messageKey: 'errors.approvalPending' } })
    await decide(w.jing, o.id)
    const approved = await w.zhang.client.ok('sales.getOrder', { id: o.id })
    expect(approved).toMatchObject({ status: 'approved', can: { edit: false, reverse: false } })
    expect(approved.approvedAt).toBeGreaterThan(0)
    expect(events).toEqual(['approved:SO-2026-000001:2'])
    expect(reports.productMonthly('2026-01', '2026-12')).toEqual([
      { month: '2026-11', productId: w.p1, qtyMilli: 2000, amount: 20_000, cost: 12_000, margin: 8_000, linesWithoutCost: 0 },
      { month: '2026-11', productId: w.p2, qtyMilli: 1000, amount: 250, cost: 120, margin: 130, linesWithoutCost: 0 },
    ].sort((a, b) => (a.productId < b.productId ? -1 : 1)))
    expect(reports.topCustomers('2026-11', '2026-11')).toEqual([{ id: w.cZhang, amount: 20_250, cost: 12_120, margin: 8_130, lines: 2 }])
    expect(reports.salespersonRankingBetween('2026-11-01', '2026-11-30')).toEqual([{ id: w.zhang.id, amount: 20_250, cost: 12_120, margin: 8_130, lines: 2 }])

    // Approved orders cannot be edited; a salesperson cannot reverse; the manager reverses with a reason.
    expect(await w.zhang.client.call('sales.updateOrder', { id: o.id, ...orderInput(w.cZhang, [line(w.p1, 1000, 1)]) })).toMatchObject({ ok: false, error: { messageKey: 'errors.documentLocked' } })
    expect(await w.zhang.client.call('sales.reverseOrder', { id: o.id, reason: '客户退货' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const reversed = await w.jing.client.ok('sales.reverseOrder', { id: o.id, reason: '客户退货' })
    expect(reversed).toMatchObject({ status: 'reversed', reversalReason: '客户退货', reversedByName: 'jing', lines: [{}, {}] })
    expect(events).toEqual(['approved:SO-2026-000001:2', 'reversed:SO-2026-000001:客户退货'])
    expect(reports.productMonthly('2026-01', '2026-12')).toEqual([])
    expect(reports.topCustomers('2026-01', '2026-12')).toEqual([])
    // The record stays, listed as reversed.
    expect((await w.jing.client.ok('sales.listOrders', { filters: { status: 'reversed' }, limit: 10 })).items.map((r) => r.id)).toEqual([o.id])
    const tl = await w.zhang.client.ok('timeline.customer', { customerId: w.cZhang, limit: 20 })
    expect(tl.items.map((e) => e.summaryKey)).toEqual(expect.arrayContaining(['timeline.order.created', 'timeline.order.reversed', 'timeline.approval.approved']))
  })

  it('drafts are cancelled by reversal with a reason, never deleted; rejected orders are edited and resubmitted', async () => {
    const w = await setup()
    const o = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    const cancelled = await w.zhang.client.ok('sales.reverseOrder', { id: o.id, reason: '重复录入' })
    expect(cancelled).toMatchObject({ status: 'cancelled', reversalReason: '重复录入', can: { edit: false, reverse: false } })
    expect(await w.zhang.client.call('sales.submitOrder', { id: o.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.documentLocked' } })

    const o2 = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    await w.zhang.client.ok('sales.submitOrder', { id: o2.id })
    await decide(w.jing, o2.id, 'reject', '交期不对')
    expect((await w.zhang.client.ok('sales.getOrder', { id: o2.id })).status).toBe('rejected')
    const edited = await w.zhang.client.ok('sales.updateOrder', { id: o2.id, ...orderInput(w.cZhang, [line(w.p1, 1000, 9_100)]), deliveryDate: '2026-12-20' })
    expect(edited).toMatchObject({ status: 'draft', deliveryDate: '2026-12-20', subtotal: 9_100 })
    expect(edited.number).toBe(o2.number)
  })

  it('scope through the contract: own orders, the team\'s for the manager; salesperson credited must be in scope', async () => {
    const w = await setup()
    const a = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    const b = await w.li.client.ok('sales.createOrder', orderInput(w.cLi, [line(w.p1, 1000, 9_000)]))
    await w.wang.client.ok('sales.createOrder', orderInput(w.cWang, [line(w.p1, 1000, 9_000)]))
    expect((await w.zhang.client.ok('sales.listOrders', { limit: 10 })).items.map((r) => r.id)).toEqual([a.id])
    expect((await w.jing.client.ok('sales.listOrders', { limit: 10 })).items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort())
    expect(await w.wang.client.call('sales.getOrder', { id: a.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.zhang.client.call('sales.createOrder', { ...orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]), salespersonId: w.li.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const forLi = await w.jing.client.ok('sales.createOrder', { ...orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]), salespersonId: w.zhang.id })
    expect(forLi.ownerId).toBe(w.zhang.id)
    expect((await w.zhang.client.ok('sales.listOrders', { limit: 10 })).items.map((r) => r.id)).toContain(forLi.id)
  })

  it('编号规则: defaults, an administrator changes the rule, serials per period; salespeople may not change it', async () => {
    const w = await setup()
    const rules = await w.zhang.client.ok('sales.getNumberingRules', {})
    expect(rules.map((r) => [r.documentType, r.example, r.saved])).toEqual([['quote', 'QT-20261127-0001', false], ['sales_order', 'SO-2026-000001', false]])
    expect(await w.zhang.client.call('sales.saveNumberingRule', { documentType: 'sales_order', prefix: 'XS', datePart: 'YYYYMM', serialWidth: 4, reset: 'monthly', separator: '' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const saved = await w.admin.ok('sales.saveNumberingRule', { documentType: 'sales_order', prefix: 'XS', datePart: 'YYYYMM', serialWidth: 4, reset: 'monthly', separator: '' })
    expect(saved).toMatchObject({ example: 'XS2026110001', saved: true })
    const a = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    const b = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    expect([a.number, b.number]).toEqual(['XS2026110001', 'XS2026110002'])
    w.t.clock.advance(5 * 86_400_000) // December: the monthly serial restarts
    const c = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    expect(c).toMatchObject({ number: 'XS2026120001', numberStatus: 'provisional' })
    // The documents carry the rule the server agent numbers them by.
    const row = w.t.app.database.sqlite.prepare('SELECT number_rule AS r FROM sales_orders WHERE id = ?').get(c.id) as { r: string }
    expect(row.r).toBe(saved.id)
  })

  it('facts follow records however sync delivers them: an approved header before its lines, repeated writes, a rebuild', async () => {
    const w = await setup()
    const { db } = w.t.app.database
    const reports = new SalesReports(db)
    const base = { number: 'SO-X-1', numberStatus: 'official' as const, numberRule: 'r', customerId: w.cZhang, ownerId: w.zhang.id, orderDate: '2026-10-05' }
    const line = (orderId: string, lineNo: number, amount: number) => ({
      orderId, lineNo, productId: w.p1, productCode: 'P1', productName: '工业水泵', qtyMilli: 1000, unitPrice: amount, taxRate: 0, netUnitPrice: amount,
      amount, tax: 0, total: amount, customerId: w.cZhang, ownerId: w.zhang.id, orderDate: '2026-10-05', unitCost: 100, cost: 100,
    })
    // As the projector would apply them: the approved header first, its lines later, one by one.
    const id = w.t.app.mutation({ userId: null }, (tx) => tx.insert(salesOrders, { ...base, status: 'approved', subtotal: 3_000, total: 3_000 }).id)
    expect(reports.productMonthly('2026-10', '2026-10')).toEqual([])
    w.t.app.mutation({ userId: null }, (tx) => tx.insert(salesOrderLines, line(id, 1, 1_000)))
    w.t.app.mutation({ userId: null }, (tx) => tx.insert(salesOrderLines, line(id, 2, 2_000)))
    const expected = [{ month: '2026-10', productId: w.p1, qtyMilli: 2000, amount: 3_000, cost: 200, margin: 2_800, linesWithoutCost: 0 }]
    expect(reports.productMonthly('2026-10', '2026-10')).toEqual(expected)
    syncOrderFacts(db, id)
    syncOrderFacts(db, id)
    expect(reports.productMonthly('2026-10', '2026-10')).toEqual(expected)
    expect(reports.productMonthlyBetween('2026-10-01', '2026-10-31')).toEqual(expected)
    w.t.app.database.sqlite.transaction(() => rebuildSalesFacts(db))()
    expect(reports.productMonthly('2026-10', '2026-10')).toEqual(expected)
    // Deleted on another device (soft delete): out of the numbers.
    w.t.app.mutation({ userId: null }, (tx) => tx.softDelete(salesOrders, id))
    expect(reports.productMonthly('2026-10', '2026-10')).toEqual([])
  })
})
