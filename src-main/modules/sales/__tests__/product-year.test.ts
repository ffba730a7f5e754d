import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { rebuildSalesFacts, SalesReports } from '../sales.module'
import { salesOrderLines, salesOrders } from '../sales.table'
import { decide, line, salesWorld, type SalesWorld, type User } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })

/** The yearly product rollup as it must be: recomputed from the line facts. */
const RECOMPUTED = `SELECT substr(month, 1, 4) AS year, product_id AS productId, SUM(qty_milli) AS qtyMilli, SUM(amount) AS amount, SUM(tax) AS tax,
  COALESCE(SUM(cost), 0) AS cost, COUNT(*) AS lines, SUM(cost IS NULL) AS linesWithoutCost FROM sales_facts GROUP BY 1, 2 ORDER BY 1, 2`
const STORED = `SELECT year, product_id AS productId, qty_milli AS qtyMilli, amount, tax, cost, lines, lines_without_cost AS linesWithoutCost
  FROM sales_product_years WHERE lines > 0 ORDER BY 1, 2`

async function approvedOrder(w: SalesWorld, u: User, customerId: string, orderDate: string, lines: ReturnType<typeof line>[]): Promise<string> {
  const o = await u.client.ok('sales.createOrder', { customerId, orderDate, deliveryDate: '2026-12-20', paymentTerms: '月结30天', priceIncludesTax: false, lines })
  await u.client.ok('sales.submitOrder', { id: o.id })
  await decide(w.jing, o.id)
  return o.id
}

describe('product report by year (sales_product_years)', () => {
  it('equals a recomputation from the facts after approvals, reversals, sync-order writes and a rebuild; ranked and keyset-paged with 12 months', async () => {
    const w = await salesWorld()
    apps.push(w.t)
    const { db, sqlite } = w.t.app.database
    const reports = new SalesReports(db)
    const p3 = (await w.admin.ok('catalogue.create', { code: 'P3', name: '无成本配件', unit: '个', listPrice: 500, taxRate: 1300 })).id
    const stored = () => sqlite.prepare(STORED).all()
    const recomputed = () => sqlite.prepare(RECOMPUTED).all()

    await approvedOrder(w, w.zhang, w.cZhang, '2025-12-15', [line(w.p1, 1000, 9_000), line(p3, 2000, 500)])
    const jan = await approvedOrder(w, w.zhang, w.cZhang, '2026-01-10', [line(w.p1, 2000, 10_000), line(w.p2, 4000, 250)])
    await approvedOrder(w, w.li, w.cLi, '2026-11-27', [line(w.p2, 1000, 240), line(p3, 1000, 500), line(w.p1, 1000, 9_500)])
    const reversed = await approvedOrder(w, w.li, w.cLi, '2026-03-03', [line(w.p2, 100_000, 250)])
    // Submitted, never approved: not counted.
    const pending = await w.zhang.client.ok('sales.createOrder', { customerId: w.cZhang, orderDate: '2026-05-05', deliveryDate: '2026-12-20', paymentTerms: '月结30天', priceIncludesTax: false, lines: [line(w.p2, 9000, 250)] })
    await w.zhang.client.ok('sales.submitOrder', { id: pending.id })
    expect(stored()).toEqual(recomputed())
    expect((stored() as { productId: string; year: string }[]).filter((r) => r.year === '2026' && r.productId === w.p2)).toMatchObject([{ qtyMilli: 105_000, lines: 3 }])

    await w.jing.client.ok('sales.reverseOrder', { id: reversed, reason: '客户退货' })
    expect(stored()).toEqual(recomputed())
    // As sync may deliver them: an approved header first, then its lines one by one.
    const base = { number: 'SO-X-9', numberStatus: 'official' as const, numberRule: 'r', customerId: w.cZhang, ownerId: w.zhang.id, orderDate: '2025-06-30' }
    const id = w.t.app.mutation({ userId: null }, (tx) => tx.insert(salesOrders, { ...base, status: 'approved', subtotal: 700, total: 700 }).id)
    for (const [lineNo, amount] of [[1, 300], [2, 400]] as const) {
      w.t.app.mutation({ userId: null }, (tx) => tx.insert(salesOrderLines, {
        orderId: id, lineNo, productId: w.p2, productCode: 'P2', productName: '密封胶', qtyMilli: 1000, unitPrice: amount, taxRate: 0, netUnitPrice: amount,
        amount, tax: 0, total: amount, customerId: w.cZhang, ownerId: w.zhang.id, orderDate: '2025-06-30', unitCost: 100, cost: 100,
      }))
    }
    expect(stored()).toEqual(recomputed())
    expect(stored()).toHaveLength(6) // 2025: p1, p3 (December), p2 (the synced June order); 2026: p1, p2, p3
    const expected2026 = recomputed().filter((r) => (r as { year: string }).year === '2026')

    // The report: the year's products by revenue, one per page here, each with its 12 months.
    const first = reports.productYear('2026', { limit: 1 })
    const second = reports.productYear('2026', { limit: 1, cursor: first.nextCursor })
    const third = reports.productYear('2026', { limit: 1, cursor: second.nextCursor })
    expect(third.nextCursor).toBeNull()
    const pages = [...first.items, ...second.items, ...third.items]
    expect(pages.map((p) => p.productId).sort()).toEqual(expected2026.map((r) => (r as { productId: string }).productId).sort())
    expect(pages.map((p) => p.amount)).toEqual([...pages.map((p) => p.amount)].sort((a, b) => b - a))
    expect(pages[0]).toMatchObject({ productId: w.p1, code: 'P1', name: '工业水泵', amount: 20_000 + 9_500, cost: 18_000, margin: 11_500, lines: 2, linesWithoutCost: 0 })
    const p1Months = pages[0]!.months
    expect(p1Months.map((m) => m.month)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2026-${m}`))
    expect(p1Months.filter((m) => m.lines > 0).map((m) => [m.month, m.amount])).toEqual([['2026-01', 20_000], ['2026-11', 9_500]])
    // The months agree with the monthly rollup.
    const monthly = reports.productMonthly('2026-01', '2026-12')
    for (const p of pages) {
      for (const m of p.months.filter((x) => x.lines > 0)) {
        expect(monthly.find((r) => r.productId === p.productId && r.month === m.month)).toMatchObject({ amount: m.amount, cost: m.cost, qtyMilli: m.qtyMilli, linesWithoutCost: m.linesWithoutCost })
      }
    }
    expect(pages.find((p) => p.productId === p3)).toMatchObject({ linesWithoutCost: 1, cost: 0 })
    // The reversed March order left a zero row, which the report leaves out.
    expect(sqlite.prepare(`SELECT lines FROM sales_product_years WHERE year = '2026' AND product_id = ?`).pluck().get(w.p2)).toBe(2)
    expect(reports.productYear('2024').items).toEqual([])
    expect(() => reports.productYear('26')).toThrow()
    expect(() => reports.productYear('2026', { limit: 0 })).toThrow()
    expect(() => reports.productYear('2026', { cursor: 'not-a-cursor' })).toThrow()

    // A rebuild gives the same table; the January order un-approved by sync takes its share out.
    sqlite.transaction(() => rebuildSalesFacts(db))()
    expect(stored()).toEqual(recomputed())
    w.t.app.mutation({ userId: null }, (tx) => tx.softDelete(salesOrders, jan))
    expect(stored()).toEqual(recomputed())
    expect(reports.productYear('2026').items.find((p) => p.productId === w.p1)).toMatchObject({ amount: 9_500, lines: 1 })
  })
})
