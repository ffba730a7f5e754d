/**
 * 历史报价 (SA-3): the prices a product was quoted and sold at, to this customer and to others.
 * A quote counts once it was sent to the customer (sent_at set: sent, accepted, declined,
 * expired, or superseded after sending); an order once approved. Both line tables are read
 * through their (product_id, date) index, so the cost is that of the product's own history.
 * Statistics are over the net unit price (after discount) as entered; min / median / max are
 * computed in SQL (the median of an even count is the mean of the two middle prices, rounded
 * half-up). CROSS JOIN keeps the lines (searched by product) as the outer loop: left to itself
 * the planner may start from the document headers' status and scan them all.
 */
import { sql } from 'drizzle-orm'
import type { PriceHistoryEntry, PriceStats } from '../../../src-preload/contracts/sales'
import type { Db } from '../../core/db'

interface HistoryRow {
  source: 'quote' | 'order'; documentId: string; number: string; date: string; customerId: string; customerName: string
  customerOwner: string | null; salespersonName: string; qtyMilli: number; unitPrice: number; discountPermille: number; netUnitPrice: number; priceIncludesTax: number
}

/** The history CTE `h` (one row per line), with `mine` = 1 for lines to the given customer. */
export function history(productId: string, customerId: string, excludeId: string | null) {
  const ex = excludeId ?? ''
  return sql`WITH h AS (
    SELECT 'quote' AS source, q.id AS documentId, q.number, l.quote_date AS date, l.customer_id AS customerId, q.owner_id AS ownerId, l.id AS lineId,
      l.qty_milli AS qtyMilli, l.unit_price AS unitPrice, l.discount_permille AS discountPermille, l.net_unit_price AS netUnitPrice,
      q.price_includes_tax AS priceIncludesTax, l.customer_id = ${customerId} AS mine
    FROM quote_lines l CROSS JOIN quotes q ON q.id = l.quote_id
    WHERE l.product_id = ${productId} AND l.deleted_at IS NULL AND q.deleted_at IS NULL AND q.sent_at IS NOT NULL AND q.group_id != ${ex}
    UNION ALL
    SELECT 'order', o.id, o.number, l.order_date, l.customer_id, o.owner_id, l.id,
      l.qty_milli, l.unit_price, l.discount_permille, l.net_unit_price, o.price_includes_tax, l.customer_id = ${customerId}
    FROM sales_order_lines l CROSS JOIN sales_orders o ON o.id = l.order_id
    WHERE l.product_id = ${productId} AND l.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status = 'approved' AND o.id != ${ex}
  )`
}

export interface HistoryResult {
  stats: { mine: PriceStats; others: PriceStats }
  mine: (PriceHistoryEntry & { customerOwner: string | null })[]
  others: (PriceHistoryEntry & { customerOwner: string | null })[]
}

export function priceHistory(db: Db, q: { productId: string; customerId: string; excludeId: string | null; limit: number }): HistoryResult {
  const h = history(q.productId, q.customerId, q.excludeId)
  const entries = (mine: 0 | 1) => db.all<HistoryRow>(sql`${h}
    SELECT h.source, h.documentId, h.number, h.date, h.customerId, c.name AS customerName, c.owner_id AS customerOwner,
      COALESCE(u.display_name, '') AS salespersonName, h.qtyMilli, h.unitPrice, h.discountPermille, h.netUnitPrice, h.priceIncludesTax
    FROM h LEFT JOIN customers c ON c.id = h.customerId LEFT JOIN users u ON u.id = h.ownerId
    WHERE h.mine = ${mine} ORDER BY h.date DESC, h.lineId DESC LIMIT ${q.limit}`).map(toEntry)
  const agg = db.all<{ mine: number; n: number; lo: number; hi: number; median: number | null }>(sql`${h},
    ranked AS (SELECT mine, netUnitPrice, ROW_NUMBER() OVER (PARTITION BY mine ORDER BY netUnitPrice) AS rn, COUNT(*) OVER (PARTITION BY mine) AS n FROM h)
    SELECT mine, MAX(n) AS n, MIN(netUnitPrice) AS lo, MAX(netUnitPrice) AS hi,
      CAST(ROUND(AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN netUnitPrice END)) AS INTEGER) AS median
    FROM ranked GROUP BY mine`)
  const mine = entries(1)
  const others = entries(0)
  const stats = (flag: number, list: PriceHistoryEntry[]): PriceStats => {
    const a = agg.find((r) => r.mine === flag)
    return a ? { count: a.n, min: a.lo, median: a.median, max: a.hi, last: list[0] ?? null } : { count: 0, min: null, median: null, max: null, last: null }
  }
  return { stats: { mine: stats(1, mine), others: stats(0, others) }, mine, others }
}

function toEntry(r: HistoryRow): PriceHistoryEntry & { customerOwner: string | null } {
  return { ...r, priceIncludesTax: !!r.priceIncludesTax, customerName: r.customerName ?? null }
}
