import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decide, line, salesWorld, sentQuote, type SalesWorld } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<SalesWorld> {
  const w = await salesWorld()
  apps.push(w.t)
  return w
}

const orderInput = (customerId: string, lines: ReturnType<typeof line>[], orderDate: string) => ({ customerId, orderDate, priceIncludesTax: true, lines })

/** The lines that count, recomputed from the documents: what price_points (counts = 1) must hold. */
const RECOUNT = `SELECT l.id FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE l.deleted_at IS NULL AND q.deleted_at IS NULL AND q.sent_at IS NOT NULL
  UNION ALL SELECT l.id FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id WHERE l.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status = 'approved'
  ORDER BY 1`

describe('price history (price_points)', () => {
  it('counts approved orders beside sent quotes, drops reversed ones, pages entries newest first, excludes the quote being revised', async () => {
    const w = await setup()
    await sentQuote(w.zhang, w.cZhang, [line(w.p1, 1000, 9_000)], '2026-10-01')
    const o1 = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_200)], '2026-11-02'))
    await w.zhang.client.ok('sales.submitOrder', { id: o1.id })
    // Submitted, not yet approved: does not count.
    let h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(h.thisCustomer.stats).toMatchObject({ count: 1, min: 9_000, max: 9_000, median: 9_000 })
    await decide(w.jing, o1.id)
    h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(h.thisCustomer.stats).toMatchObject({ count: 2, min: 9_000, max: 9_200, median: 9_100 })
    expect(h.thisCustomer.entries.map((e) => [e.source, e.date, e.netUnitPrice, e.number])).toEqual([['order', '2026-11-02', 9_200, o1.number], ['quote', '2026-10-01', 9_000, expect.any(String)]])

    // Others: four prices (even count → mean of the two middle ones, half-up), a limit of 2 entries.
    await sentQuote(w.li, w.cLi, [line(w.p1, 1000, 8_801)], '2026-09-15')
    await sentQuote(w.li, w.cLi, [line(w.p1, 1000, 8_800)], '2026-09-16')
    await sentQuote(w.wang, w.cWang, [line(w.p1, 1000, 8_500)], '2026-11-20')
    await sentQuote(w.wang, w.cWang, [line(w.p1, 1000, 9_900)], '2026-11-21')
    h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang, limit: 2 })
    expect(h.others.stats).toMatchObject({ count: 4, min: 8_500, max: 9_900, median: 8_801 })
    expect(h.others.entries.map((e) => e.date)).toEqual(['2026-11-21', '2026-11-20'])
    expect(h.others.stats.last).toMatchObject({ date: '2026-11-21', netUnitPrice: 9_900 })

    // Reversal (红冲) takes the order out.
    await w.jing.client.ok('sales.reverseOrder', { id: o1.id, reason: '客户退货' })
    h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(h.thisCustomer.stats).toMatchObject({ count: 1, median: 9_000 })
    expect(h.thisCustomer.entries.map((e) => e.source)).toEqual(['quote'])

    // Revising a sent quote: its new version excludes every version of the group from the panel.
    const q = await sentQuote(w.zhang, w.cZhang, [line(w.p1, 1000, 9_600)], '2026-11-25')
    const v2 = await w.zhang.client.ok('sales.reviseQuote', { id: q })
    h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang, excludeDocumentId: v2.id })
    expect(h.thisCustomer.entries.map((e) => e.netUnitPrice)).toEqual([9_000])
    h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(h.thisCustomer.entries.map((e) => e.netUnitPrice)).toEqual([9_600, 9_000])
  })

  it('price_points follows the documents however they are written: lines before their header (sync), deletions, customer changes', async () => {
    const w = await setup()
    const { sqlite } = w.t.app.database
    const counted = () => sqlite.prepare('SELECT line_id FROM price_points WHERE counts = 1 ORDER BY 1').pluck().all()
    const o = await w.zhang.client.ok('sales.createOrder', orderInput(w.cZhang, [line(w.p1, 1000, 9_200), line(w.p2, 1000, 240)], '2026-11-02'))
    await w.zhang.client.ok('sales.submitOrder', { id: o.id })
    await decide(w.jing, o.id)
    await sentQuote(w.li, w.cLi, [line(w.p1, 1000, 8_800)])
    expect(counted()).toEqual(sqlite.prepare(RECOUNT).pluck().all())
    expect(counted()).toHaveLength(3)

    // As sync may deliver them: an approved order's lines first, its header after.
    const header = sqlite.prepare('SELECT * FROM sales_orders WHERE id = ?').get(o.id) as Record<string, unknown>
    const lines = sqlite.prepare('SELECT * FROM sales_order_lines WHERE order_id = ?').all(o.id) as Record<string, unknown>[]
    const insert = (table: string, row: Record<string, unknown>, id: string, parent?: [string, string]) => {
      const r = { ...row, id, ...(parent ? { [parent[0]]: parent[1] } : {}) }
      sqlite.prepare(`INSERT INTO ${table} (${Object.keys(r).join(', ')}) VALUES (${Object.keys(r).map(() => '?').join(', ')})`).run(...Object.values(r))
    }
    const copy = '01990000-0000-7000-8000-00000000c0de'
    lines.forEach((l, i) => insert('sales_order_lines', l, `01990000-0000-7000-8000-0000000000${i}a`, ['order_id', copy]))
    expect(counted()).toHaveLength(3)
    insert('sales_orders', { ...header, number: 'SO-COPY' }, copy)
    expect(counted()).toHaveLength(5)
    expect(counted()).toEqual(sqlite.prepare(RECOUNT).pluck().all())

    // A line soft-deleted, a line moved to another customer (merge), a header deleted, a quote unsent.
    sqlite.prepare('UPDATE sales_order_lines SET deleted_at = 1 WHERE id = ?').run(`01990000-0000-7000-8000-00000000000a`)
    sqlite.prepare('UPDATE sales_order_lines SET customer_id = ? WHERE order_id = ?').run(w.cZhang2, o.id)
    expect(sqlite.prepare('SELECT DISTINCT customer_id FROM price_points WHERE document_id = ?').pluck().all(o.id)).toEqual([w.cZhang2])
    sqlite.prepare('DELETE FROM sales_orders WHERE id = ?').run(copy)
    sqlite.prepare('UPDATE quotes SET sent_at = NULL').run()
    expect(counted()).toEqual(sqlite.prepare(RECOUNT).pluck().all())
    expect(counted()).toHaveLength(2)
    const h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang2 })
    expect(h.thisCustomer.stats).toMatchObject({ count: 1, median: 9_200 })
    expect(h.others.stats.count).toBe(0)
  })
})
