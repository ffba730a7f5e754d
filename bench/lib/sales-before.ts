/**
 * The sales list and price-history queries as they were before the list-speed work (commit
 * ef85307), kept only so bench/sales.bench.ts can time them beside the current ones in the
 * same run (interleaved rounds). Not used by the app.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../src-main/core/db'
import { ownerIn, type Visible } from '../../src-main/modules/followups/scope-sql'

interface ListKey { t: number; id: string }
interface OrderFilter { visible: Visible; customerId?: string; ownerId?: string; status?: string; number?: string }

const HEADER_COLS = sql.raw(`d.id, d.number, d.number_status AS numberStatus, d.customer_id AS customerId, c.name AS customerName, d.owner_id AS ownerId,
  COALESCE(u.display_name, '') AS ownerName, d.price_includes_tax AS priceIncludesTax, d.subtotal, d.tax_total AS tax, d.total,
  d.max_discount_permille AS maxDiscountPermille, d.below_floor AS belowFloor, d.created_at AS createdAt, d.updated_at AS updatedAt, d.status`)

export function ordersListSqlBefore(f: OrderFilter, after: ListKey | null, limit: number): SQL {
  const where: SQL[] = [sql`d.deleted_at IS NULL`]
  if (f.visible !== 'all') where.push(ownerIn('d.owner_id', f.visible))
  if (f.ownerId) where.push(sql`d.owner_id = ${f.ownerId}`)
  if (f.customerId) where.push(sql`d.customer_id = ${f.customerId}`)
  if (f.status) where.push(sql`d.status = ${f.status}`)
  return sql`SELECT ${HEADER_COLS}, d.order_date AS orderDate, d.delivery_date AS deliveryDate, d.quote_id AS quoteId, d.cost_total AS costTotal
    FROM sales_orders d CROSS JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
    WHERE ${sql.join(where, sql` AND `)} ${after ? sql`AND (d.created_at, d.id) < (${after.t}, ${after.id})` : sql``}
    ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`
}

interface HistoryRow { netUnitPrice: number }
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
export function priceHistoryBefore(db: Db, q: { productId: string; customerId: string; excludeId: string | null; limit: number }): { stats: unknown; mine: HistoryRow[]; others: HistoryRow[] } {
  const h = history(q.productId, q.customerId, q.excludeId)
  const entries = (mine: 0 | 1) => db.all<HistoryRow>(sql`${h}
    SELECT h.source, h.documentId, h.number, h.date, h.customerId, c.name AS customerName, c.owner_id AS customerOwner,
      COALESCE(u.display_name, '') AS salespersonName, h.qtyMilli, h.unitPrice, h.discountPermille, h.netUnitPrice, h.priceIncludesTax
    FROM h LEFT JOIN customers c ON c.id = h.customerId LEFT JOIN users u ON u.id = h.ownerId
    WHERE h.mine = ${mine} ORDER BY h.date DESC, h.lineId DESC LIMIT ${q.limit}`)
  const agg = db.all<{ mine: number; n: number; lo: number; hi: number; median: number | null }>(sql`${h},
    ranked AS (SELECT mine, netUnitPrice, ROW_NUMBER() OVER (PARTITION BY mine ORDER BY netUnitPrice) AS rn, COUNT(*) OVER (PARTITION BY mine) AS n FROM h)
    SELECT mine, MAX(n) AS n, MIN(netUnitPrice) AS lo, MAX(netUnitPrice) AS hi,
      CAST(ROUND(AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN netUnitPrice END)) AS INTEGER) AS median
    FROM ranked GROUP BY mine`)
  const mine = entries(1)
  const others = entries(0)
  const stats = (flag: number, list: HistoryRow[]): unknown => {
    const a = agg.find((r) => r.mine === flag)
    return a ? { count: a.n, min: a.lo, median: a.median, max: a.hi, last: list[0] ?? null } : { count: 0, min: null, median: null, max: null, last: null }
  }
  return { stats: { mine: stats(1, mine), others: stats(0, others) }, mine, others }
}
