import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * 历史报价 data: one row per live quote or order line, with `counts` = 1 when the line counts
 * for the price history (its quote was sent, or its order is approved; neither deleted) and
 * what the panel filters and sorts on. Local and derived: SQL triggers on quotes, quote_lines,
 * sales_orders and sales_order_lines keep it in the same statement as every write of them —
 * services, sync (lines may arrive before their header), customer merges, bulk loads, demo
 * removal alike (migration 0023). A header's write touches only its own points through
 * price_points_document, never a scan of the lines (bulk loaders drop the lines' indexes).
 * Copying the header's verdict here lets the panel read index ranges of one product only,
 * instead of looking up the header of each of its lines. The panel's indexes are partial
 * (counts = 1): drafts and reversed orders take no room in them.
 */
const COUNTS = sql`counts = 1`

export const pricePoints = sqliteTable('price_points', {
  lineId: text('line_id').primaryKey(),
  source: text('source', { enum: ['quote', 'order'] }).notNull(),
  documentId: text('document_id').notNull(),
  /** What `excludeDocumentId` compares with: the quote's group (all its versions), the order's id. */
  documentKey: text('document_key').notNull(),
  productId: text('product_id').notNull(),
  customerId: text('customer_id').notNull(),
  date: text('date').notNull(),
  netUnitPrice: integer('net_unit_price').notNull(),
  counts: integer('counts').notNull().default(0),
}, (t) => [
  // Statistics of other customers' prices: count, min, max and the median by OFFSET, in price order.
  index('price_points_price').on(t.productId, t.netUnitPrice, t.customerId, t.documentKey).where(COUNTS),
  // Latest entries to other customers, newest first.
  index('price_points_recent').on(t.productId, t.date, t.lineId, t.customerId, t.documentKey, t.source).where(COUNTS),
  // This customer's entries and statistics: one short range.
  index('price_points_customer').on(t.productId, t.customerId, t.date, t.lineId, t.netUnitPrice, t.documentKey, t.source).where(COUNTS),
  index('price_points_document').on(t.documentId),
])
