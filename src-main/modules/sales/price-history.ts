/**
 * 历史报价 (SA-3): the prices a product was quoted and sold at, to this customer and to others.
 * A quote counts once it was sent to the customer (sent_at set: sent, accepted, declined,
 * expired, or superseded after sending); an order once approved. Which lines count is kept in
 * price_points (price-history.table.ts, maintained by triggers in the same statement as the
 * lines and headers, `counts` = 1), so the panel — shown live while a line is typed — reads index ranges of
 * one product only:
 *   - entries: the newest `limit` points of this customer (price_points_customer) and of the
 *     others (price_points_recent, walked newest first), limited BEFORE the document, customer
 *     and user rows of just those entries are read;
 *   - statistics over the net unit price (after discount) as entered: count, min and max in one
 *     pass over the covering price index, the median by OFFSET into it (the mean of the two
 *     middle prices for an even count, rounded half-up).
 * Reading every line with its header cost 100+ ms for a product with 1,469 lines at 1,000,000
 * order lines (bench/sales.bench.ts); this reads ~2 index ranges of that product.
 */
import type { Statement } from 'better-sqlite3'
import type { PriceHistoryEntry, PriceStats } from '../../../src-preload/contracts/sales'
import type { Sqlite } from '../../core/db'

interface HistoryRow {
  source: 'quote' | 'order'; documentId: string; number: string; date: string; customerId: string; customerName: string | null
  customerOwner: string | null; salespersonName: string; qtyMilli: number; unitPrice: number; discountPermille: number; netUnitPrice: number; priceIncludesTax: number
}

export interface HistoryResult {
  stats: { mine: PriceStats; others: PriceStats }
  mine: (PriceHistoryEntry & { customerOwner: string | null })[]
  others: (PriceHistoryEntry & { customerOwner: string | null })[]
}

/** Counting points (the partial indexes' condition) of this customer (`=`) or of the others (`!=`), the excluded document left out. */
const who = (op: '=' | '!=') => `counts = 1 AND product_id = @product AND customer_id ${op} @customer AND document_key != @exclude`

/** The document, customer and salesperson of a handful of points (`pts`), newest first. */
const DETAILS = `
  SELECT pts.source, q.id AS documentId, q.number, pts.date, l.customer_id AS customerId, c.name AS customerName, c.owner_id AS customerOwner,
    COALESCE(u.display_name, '') AS salespersonName, l.qty_milli AS qtyMilli, l.unit_price AS unitPrice, l.discount_permille AS discountPermille,
    l.net_unit_price AS netUnitPrice, q.price_includes_tax AS priceIncludesTax, pts.line_id AS lineId
  FROM pts CROSS JOIN quote_lines l ON l.id = pts.line_id CROSS JOIN quotes q ON q.id = l.quote_id
  LEFT JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = q.owner_id WHERE pts.source = 'quote'
  UNION ALL
  SELECT pts.source, o.id, o.number, pts.date, l.customer_id, c.name, c.owner_id,
    COALESCE(u.display_name, ''), l.qty_milli, l.unit_price, l.discount_permille, l.net_unit_price, o.price_includes_tax, pts.line_id
  FROM pts CROSS JOIN sales_order_lines l ON l.id = pts.line_id CROSS JOIN sales_orders o ON o.id = l.order_id
  LEFT JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = o.owner_id WHERE pts.source = 'order'
  ORDER BY 4 DESC, 14 DESC`

const SQL = {
  mineEntries: `WITH pts AS MATERIALIZED (SELECT line_id, source, date FROM price_points INDEXED BY price_points_customer
    WHERE ${who('=')} ORDER BY date DESC, line_id DESC LIMIT @limit) ${DETAILS}`,
  otherEntries: `WITH pts AS MATERIALIZED (SELECT line_id, source, date FROM price_points INDEXED BY price_points_recent
    WHERE ${who('!=')} ORDER BY date DESC, line_id DESC LIMIT @limit) ${DETAILS}`,
  mineSummary: `SELECT count(*) AS n, min(net_unit_price) AS lo, max(net_unit_price) AS hi FROM price_points INDEXED BY price_points_customer WHERE ${who('=')}`,
  otherSummary: `SELECT count(*) AS n, min(net_unit_price) AS lo, max(net_unit_price) AS hi FROM price_points INDEXED BY price_points_price WHERE ${who('!=')}`,
  // The middle one or two prices: LIMIT 2 - n % 2 OFFSET (n - 1) / 2 of the prices in order.
  mineMedian: `SELECT CAST(ROUND(AVG(net_unit_price)) AS INTEGER) FROM (SELECT net_unit_price FROM price_points INDEXED BY price_points_customer
    WHERE ${who('=')} ORDER BY net_unit_price LIMIT @take OFFSET @skip)`,
  otherMedian: `SELECT CAST(ROUND(AVG(net_unit_price)) AS INTEGER) FROM (SELECT net_unit_price FROM price_points INDEXED BY price_points_price
    WHERE ${who('!=')} ORDER BY net_unit_price LIMIT @take OFFSET @skip)`,
}

/** Statements prepared once per connection (the panel asks on every keystroke that changes the product). */
const prepared = new WeakMap<Sqlite, Record<keyof typeof SQL, Statement>>()
function statements(sqlite: Sqlite): Record<keyof typeof SQL, Statement> {
  let st = prepared.get(sqlite)
  if (!st) {
    st = Object.fromEntries(Object.entries(SQL).map(([k, text]) => [k, sqlite.prepare(text)])) as Record<keyof typeof SQL, Statement>
    prepared.set(sqlite, st)
  }
  return st
}

export function priceHistory(sqlite: Sqlite, q: { productId: string; customerId: string; excludeId: string | null; limit: number }): HistoryResult {
  const st = statements(sqlite)
  const p = { product: q.productId, customer: q.customerId, exclude: q.excludeId ?? '' }
  const mine = (st.mineEntries.all({ ...p, limit: q.limit }) as HistoryRow[]).map(toEntry)
  const others = (st.otherEntries.all({ ...p, limit: q.limit }) as HistoryRow[]).map(toEntry)
  const stats = (summary: Statement, median: Statement, list: PriceHistoryEntry[]): PriceStats => {
    const s = summary.get(p) as { n: number; lo: number | null; hi: number | null }
    if (s.n === 0) return { count: 0, min: null, median: null, max: null, last: null }
    const m = median.pluck().get({ ...p, take: 2 - (s.n % 2), skip: Math.floor((s.n - 1) / 2) }) as number
    return { count: s.n, min: s.lo, median: m, max: s.hi, last: list[0] ?? null }
  }
  return { stats: { mine: stats(st.mineSummary, st.mineMedian, mine), others: stats(st.otherSummary, st.otherMedian, others) }, mine, others }
}

/** The plans of the panel's statements (benchmark). */
export function explainPriceHistory(sqlite: Sqlite): Record<string, string[]> {
  return Object.fromEntries(Object.entries(SQL).map(([k, text]) => [k, (sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all({ product: '', customer: '', exclude: '', limit: 10, take: 1, skip: 0 }) as { detail: string }[]).map((r) => r.detail)]))
}

/**
 * Rebuilds price_points from the documents (bulk loads that drop the triggers, repairs); the
 * same SQL as migration 0023's backfill.
 */
export function rebuildPricePoints(sqlite: Sqlite): void {
  const cols = 'line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts'
  sqlite.exec(`DELETE FROM price_points;
    INSERT OR REPLACE INTO price_points (${cols})
      SELECT l.id, 'quote', l.quote_id, ifnull(h.group_id, l.quote_id), l.product_id, l.customer_id, l.quote_date, l.net_unit_price, ifnull(h.deleted_at IS NULL AND h.sent_at IS NOT NULL, 0)
      FROM quote_lines l LEFT JOIN quotes h ON h.id = l.quote_id WHERE l.deleted_at IS NULL;
    INSERT OR REPLACE INTO price_points (${cols})
      SELECT l.id, 'order', l.order_id, l.order_id, l.product_id, l.customer_id, l.order_date, l.net_unit_price, ifnull(h.deleted_at IS NULL AND h.status = 'approved', 0)
      FROM sales_order_lines l LEFT JOIN sales_orders h ON h.id = l.order_id WHERE l.deleted_at IS NULL;`)
}

function toEntry({ lineId: _l, ...r }: HistoryRow & { lineId?: string }): PriceHistoryEntry & { customerOwner: string | null } {
  return { ...r, priceIncludesTax: !!r.priceIncludesTax, customerName: r.customerName ?? null }
}
