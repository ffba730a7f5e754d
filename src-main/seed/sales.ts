import { drizzle } from 'drizzle-orm/better-sqlite3'
import { computeCost, computeLine } from '../../src-preload/contracts/sales-math'
import { rebuildSalesFacts } from '../modules/sales/facts'
import { ruleId } from '../modules/sales/numbering'
import type { SeedContext } from './bulk'
import type { SeedProduct } from './catalogue'
import { DAY, type SeedCustomer } from './customers'
import type { ScaleSpec } from './scales'
import { MONTH_WEIGHTS } from './vocab'

/** One planned sales order (销售单) with its lines; money in fen. */
export interface PlannedOrder {
  at: number; customer: SeedCustomer; salespersonId: string
  lines: { product: SeedProduct; quantity: number; unitPrice: number; unitCost: number; taxRate: number }[]
  /** A quote (报价) came first for most orders: when it was sent. */
  quotedAt: number | null
}

const LEVEL_BUYING: Record<string, number> = { A: 8, B: 4, C: 1.5, D: 0.5 }

/**
 * Orders with seasonal volume (Spring Festival dip in January/February, year-end peak,
 * ~12 % growth a year), bought by owned customers weighted by level, lines drawn from a
 * popular-first product distribution, prices at 85–100 % of list. Yields orders lazily so a
 * million lines never sit in memory at once.
 */
export function* planOrders(ctx: SeedContext, spec: ScaleSpec, customers: SeedCustomer[], products: SeedProduct[]): Generator<PlannedOrder> {
  const r = ctx.rng('sales')
  const buyers = customers.filter((c) => c.ownerId && c.status !== 'lost')
  if (buyers.length === 0 || products.length === 0 || spec.orderLines === 0) return
  const weights = buyers.map((c) => (LEVEL_BUYING[c.level] ?? 1) * (c.won ? 3 : 1))
  const cumulative: number[] = []
  let total = 0
  for (const w of weights) cumulative.push((total += w))
  let placed = 0
  const months = spec.years * 12
  const monthWeight = (k: number) => {
    const d = new Date(ctx.baseTime - (months - 1 - k) * 30.44 * DAY)
    return MONTH_WEIGHTS[d.getUTCMonth()]! * Math.pow(1.12, k / 12)
  }
  const mw = Array.from({ length: months }, (_, k) => monthWeight(k))
  const mTotal = mw.reduce((s, w) => s + w, 0)
  const avgLines = 5
  // Buyers are in creation order: an order at `at` draws among customers created before it.
  const createdBefore = (at: number) => {
    let lo = 0
    let hi = buyers.length
    while (lo < hi) { const mid = (lo + hi) >> 1; if (buyers[mid]!.createdAt <= at) lo = mid + 1; else hi = mid }
    return lo
  }
  let carry = 0
  for (let k = 0; k < months; k++) {
    const monthStart = ctx.baseTime - (months - k) * 30.44 * DAY
    // Each month's share of the lines; what a month could not place moves to the next.
    let budget = Math.round((spec.orderLines * mw[k]!) / mTotal) + carry
    if (k === months - 1) budget = spec.orderLines - placed
    carry = 0
    const orders: { at: number; count: number }[] = []
    while (budget > 0) {
      const count = Math.min(budget, r.int(1, avgLines * 2 - 1))
      orders.push({ at: Math.floor(monthStart + r.next() * 30.44 * DAY), count })
      budget -= count
    }
    orders.sort((a, b) => a.at - b.at)
    for (const { at, count } of orders) {
      const n = createdBefore(at)
      if (n === 0) { carry += count; continue }
      const x = r.next() * cumulative[n - 1]!
      let lo = 0
      let hi = n - 1
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! > x) hi = mid; else lo = mid + 1 }
      const customer = buyers[lo]!
      placed += count
      const lines = Array.from({ length: count }, () => {
        const product = products[Math.floor(Math.pow(r.next(), 2.2) * products.length)]!
        const quantity = product.listPrice > 500_000 ? r.int(1, 5) : product.listPrice > 50_000 ? r.int(1, 20) : r.int(5, 200)
        return { product, quantity, unitPrice: Math.round(product.listPrice * (0.85 + r.next() * 0.15)), unitCost: product.standardCost, taxRate: 1300 }
      })
      yield { at, customer, salespersonId: customer.ownerId!, lines, quotedAt: r.chance(0.7) ? at - r.int(1, 20) * DAY : null }
    }
  }
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * 客户报价 and 销售单 from the plan: orders approved (a few reversed, recent ones still draft or
 * submitted), 40 % preceded by an accepted quote with the same lines, official numbers
 * (SO-YYYY-NNNNNN yearly, QT-YYYYMMDD-NNNN daily, the default rules), line amounts by the
 * app's own sales math, costs captured on the lines, the timeline entries the services record,
 * and then sales_facts / sales_monthly rebuilt in one pass (modules/sales/facts.ts).
 */
export function seedSales(ctx: SeedContext, spec: ScaleSpec, customers: SeedCustomer[], products: SeedProduct[]): { quotes: number; orders: number; orderLines: number; skipped: string | null } {
  const has = (t: string) => ctx.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t) !== undefined
  if (!has('sales_orders') || !has('quote_lines') || !has('sales_facts')) return { quotes: 0, orders: 0, orderLines: 0, skipped: 'sales module not present' }
  const r = ctx.rng('sales-write')
  const orderRule = ruleId('sales_order')
  const quoteRule = ruleId('quote')
  const serials = new Map<string, number>()
  const serial = (key: string) => { const n = (serials.get(key) ?? 0) + 1; serials.set(key, n); return n }
  let quotes = 0
  let orders = 0
  let orderLines = 0
  const recent = ctx.baseTime - 10 * DAY
  const batch: PlannedOrder[] = []
  const flush = () => {
    ctx.sqlite.transaction(() => { for (const o of batch) writeOrder(o) })()
    ctx.progress('quotes and orders', orderLines, spec.orderLines)
    batch.length = 0
  }
  const priced = (o: PlannedOrder) => o.lines.map((l, i) => {
    // Discounts in steps of 5 ‰ off the list price, as salespeople give them.
    const discountPermille = Math.min(300, Math.round((1 - l.unitPrice / Math.max(1, l.product.listPrice)) * 200) * 5)
    const qtyMilli = l.quantity * 1000
    const a = computeLine({ qtyMilli, unitPrice: l.product.listPrice, discountPermille, taxRate: l.product.taxRate }, true)!
    return {
      lineNo: i + 1, l, qtyMilli, discountPermille, a, belowFloor: a.netUnitPrice < l.product.floorPrice,
      cost: computeCost(qtyMilli, l.product.standardCost),
    }
  })
  const lineValues = (p: ReturnType<typeof priced>[number], customerId: string, ownerId: string) => ({
    line_no: p.lineNo, product_id: p.l.product.id, product_code: p.l.product.code, product_name: p.l.product.name, spec: p.l.product.spec, unit: p.l.product.unit,
    qty_milli: p.qtyMilli, unit_price: p.l.product.listPrice, discount_permille: p.discountPermille, tax_rate: p.l.product.taxRate, net_unit_price: p.a.netUnitPrice,
    amount: p.a.amount, tax: p.a.tax, total: p.a.total, list_price: p.l.product.listPrice, below_floor: p.belowFloor ? 1 : 0, note: null, customer_id: customerId, owner_id: ownerId,
  })
  const sums = (lines: ReturnType<typeof priced>) => ({
    price_includes_tax: 1, subtotal: lines.reduce((s, x) => s + x.a.amount, 0), tax_total: lines.reduce((s, x) => s + x.a.tax, 0), total: lines.reduce((s, x) => s + x.a.total, 0),
    max_discount_permille: Math.max(0, ...lines.map((x) => x.discountPermille)), below_floor: lines.some((x) => x.belowFloor) ? 1 : 0,
  })
  const activity = (at: number, by: string, customerId: string, kind: string, what: string, recordId: string, params: Record<string, string | number>) => {
    ctx.insert('activities', [ctx.base(ctx.id(at, r), at, by), { at, actor_id: by, owner_id: by, customer_id: customerId, kind, summary_key: `timeline.${kind}.${what}`, params: JSON.stringify(params), record_id: recordId, body: null }])
  }
  const writeOrder = (o: PlannedOrder) => {
    const c = o.customer
    const by = o.salespersonId
    const lines = priced(o)
    const totals = sums(lines)
    const contactId = c.contacts[0]?.id ?? null
    let quoteId: string | null = null
    if (o.quotedAt !== null && r.chance(0.4 / 0.7)) {
      quoteId = ctx.id(o.quotedAt, r)
      const day = isoDate(o.quotedAt)
      const number = `QT-${day.replace(/-/g, '')}-${String(serial(`q${day}`)).padStart(4, '0')}`
      ctx.insert('quotes', [ctx.base(quoteId, o.quotedAt, by, o.at), {
        number, number_status: 'official', number_rule: quoteRule, provisional_number: null, group_id: quoteId, version: 1, superseded_by: null,
        customer_id: c.id, contact_id: contactId, opportunity_id: null, owner_id: by, status: 'accepted', quote_date: day, valid_until: isoDate(o.quotedAt + 30 * DAY),
      }, totals, {
        terms: '报价有效期30天；含13%增值税专用发票；送货上门。', notes: null, sent_at: o.quotedAt + 3_600_000, decided_at: o.at, decline_reason: null,
      }])
      for (const p of lines) ctx.insert('quote_lines', [ctx.base(ctx.id(o.quotedAt, r), o.quotedAt, by), { quote_id: quoteId }, lineValues(p, c.id, by), { quote_date: day }])
      activity(o.quotedAt, by, c.id, 'quote', 'created', quoteId, { no: number, version: 1, amount: totals.total })
      quotes++
    }
    const id = ctx.id(o.at, r)
    const day = isoDate(o.at)
    const number = `SO-${day.slice(0, 4)}-${String(serial(`o${day.slice(0, 4)}`)).padStart(6, '0')}`
    const status = o.at > recent ? r.pick(['draft', 'submitted', 'approved', 'approved']) : r.chance(0.02) ? 'reversed' : 'approved'
    const approvedAt = status === 'approved' || status === 'reversed' ? o.at + r.int(1, 48) * 3_600_000 : null
    const reversedAt = status === 'reversed' ? approvedAt! + r.int(1, 20) * DAY : null
    const cost = lines.every((x) => x.cost !== null) ? lines.reduce((s, x) => s + x.cost!, 0) : null
    ctx.insert('sales_orders', [ctx.base(id, o.at, by, reversedAt ?? approvedAt ?? o.at), {
      number, number_status: 'official', number_rule: orderRule, provisional_number: null, quote_id: quoteId,
      customer_id: c.id, contact_id: contactId, opportunity_id: null, owner_id: by, status, order_date: day, delivery_date: isoDate(o.at + r.int(2, 15) * DAY),
      payment_terms: r.pick(['款到发货', '月结30天', '月结60天', '货到付款', '预付30%']),
    }, totals, {
      cost_total: cost, notes: null,
      approved_at: approvedAt, reversed_at: reversedAt, reversed_by: reversedAt ? by : null, reversal_reason: reversedAt ? '客户退货' : null,
    }])
    for (const p of lines) {
      ctx.insert('sales_order_lines', [ctx.base(ctx.id(o.at, r), o.at, by), { order_id: id }, lineValues(p, c.id, by), { order_date: day, unit_cost: p.l.product.standardCost, cost: p.cost }])
    }
    activity(o.at, by, c.id, 'order', 'created', id, { no: number, amount: totals.total })
    orders++
    orderLines += lines.length
  }
  for (const o of planOrders(ctx, spec, customers, products)) {
    batch.push(o)
    if (batch.length >= 5_000) flush()
  }
  flush()
  ctx.progress('sales facts', 0, 1)
  rebuildSalesFacts(drizzle(ctx.sqlite))
  return { quotes, orders, orderLines, skipped: null }
}
