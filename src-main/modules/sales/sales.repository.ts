import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { OrderRow, QuoteRow, QuoteStatus } from '../../../src-preload/contracts/sales'
import type { Db } from '../../core/db'
import { ownerIn, type Visible } from '../followups/scope-sql'
import { quoteLines, quotes, salesOrderLines, salesOrders } from './sales.table'

export type QuoteRecord = typeof quotes.$inferSelect
export type QuoteLineRecord = typeof quoteLines.$inferSelect
export type OrderRecord = typeof salesOrders.$inferSelect
export type OrderLineRecord = typeof salesOrderLines.$inferSelect

/** What a line needs from the catalogue, cost included (the service decides who sees it). */
export interface ProductPricing {
  id: string; code: string; name: string; spec: string | null; unit: string | null; status: string
  listPrice: number; taxRate: number; floorPrice: number | null; standardCost: number | null
}

export interface ListKey { t: number; id: string }
export interface QuoteFilter { visible: Visible; customerId?: string; ownerId?: string; status?: QuoteStatus; number?: string; latestOnly: boolean; today: string }
export interface OrderFilter { visible: Visible; customerId?: string; ownerId?: string; status?: string; number?: string }

const HEADER_COLS = sql.raw(`d.id, d.number, d.number_status AS numberStatus, d.customer_id AS customerId, c.name AS customerName, d.owner_id AS ownerId,
  COALESCE(u.display_name, '') AS ownerName, d.price_includes_tax AS priceIncludesTax, d.subtotal, d.tax_total AS tax, d.total,
  d.max_discount_permille AS maxDiscountPermille, d.below_floor AS belowFloor, d.created_at AS createdAt, d.updated_at AS updatedAt, d.status`)

/** `LIKE 'prefix%'` with the wildcards of the input escaped. */
const prefixLike = (col: string, prefix: string): SQL => sql`${sql.raw(col)} LIKE ${prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'} ESCAPE '\\'`

/** Row-value comparison: SQLite turns it into one range on the (…, created_at, id) index. */
function keyset(after: ListKey | null): SQL {
  return after ? sql`AND (d.created_at, d.id) < (${after.t}, ${after.id})` : sql``
}

/** All SQL of quotes and sales orders (reads; writes go through the mutation writer). */
export class SalesRepository {
  constructor(private readonly db: Db) {}

  quote(id: string): QuoteRecord | undefined {
    return this.db.select().from(quotes).where(and(eq(quotes.id, id), isNull(quotes.deletedAt))).get()
  }

  quoteLines(quoteId: string): QuoteLineRecord[] {
    return this.db.select().from(quoteLines).where(and(eq(quoteLines.quoteId, quoteId), isNull(quoteLines.deletedAt))).orderBy(asc(quoteLines.lineNo)).all()
  }

  quoteVersions(groupId: string): { id: string; version: number; status: QuoteStatus; total: number; updatedAt: number; validUntil: string | null }[] {
    return this.db.all(sql`SELECT id, version, status, total, updated_at AS updatedAt, valid_until AS validUntil FROM quotes
      WHERE group_id = ${groupId} AND deleted_at IS NULL ORDER BY version DESC`)
  }

  order(id: string): OrderRecord | undefined {
    return this.db.select().from(salesOrders).where(and(eq(salesOrders.id, id), isNull(salesOrders.deletedAt))).get()
  }

  orderLines(orderId: string): OrderLineRecord[] {
    return this.db.select().from(salesOrderLines).where(and(eq(salesOrderLines.orderId, orderId), isNull(salesOrderLines.deletedAt))).orderBy(asc(salesOrderLines.lineNo)).all()
  }

  /** The live order made from a quote (cancelled and reversed ones do not count). */
  orderForQuote(quoteId: string): { id: string } | undefined {
    return this.db.get(sql`SELECT id FROM sales_orders WHERE quote_id = ${quoteId} AND deleted_at IS NULL AND status NOT IN ('cancelled', 'reversed') LIMIT 1`)
  }

  /** Orders made from any version of a quote. */
  orderForQuoteGroup(groupId: string): { id: string } | undefined {
    return this.db.get(sql`SELECT o.id FROM sales_orders o JOIN quotes q ON q.id = o.quote_id
      WHERE q.group_id = ${groupId} AND o.deleted_at IS NULL AND o.status NOT IN ('cancelled', 'reversed') LIMIT 1`)
  }

  products(ids: readonly string[]): Map<string, ProductPricing> {
    if (ids.length === 0) return new Map()
    const rows = this.db.all<ProductPricing>(sql`SELECT p.id, p.code, p.name, p.spec, p.unit, p.status, p.list_price AS listPrice, p.tax_rate AS taxRate,
      pc.floor_price AS floorPrice, pc.standard_cost AS standardCost
      FROM products p LEFT JOIN product_costs pc ON pc.product_id = p.id AND pc.deleted_at IS NULL
      WHERE p.id IN (SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])})) AND p.deleted_at IS NULL`)
    return new Map(rows.map((r) => [r.id, r]))
  }

  customer(id: string): { id: string; name: string; level: string | null; ownerId: string | null; address: string | null; phone: string | null } | undefined {
    return this.db.get(sql`SELECT id, name, level, owner_id AS ownerId, TRIM(COALESCE(province, '') || ' ' || COALESCE(city, '') || ' ' || COALESCE(address, '')) AS address, phone
      FROM customers WHERE id = ${id}`)
  }

  contact(id: string): { id: string; customerId: string; name: string; mobile: string | null; phone: string | null } | undefined {
    return this.db.get(sql`SELECT id, customer_id AS customerId, name, mobile, phone FROM contacts WHERE id = ${id} AND deleted_at IS NULL`)
  }

  opportunity(id: string): { id: string; customerId: string; name: string } | undefined {
    return this.db.get(sql`SELECT id, customer_id AS customerId, name FROM opportunities WHERE id = ${id} AND deleted_at IS NULL`)
  }

  userName(id: string | null): string | null {
    if (!id) return null
    return this.db.get<{ n: string } | undefined>(sql`SELECT display_name AS n FROM users WHERE id = ${id}`)?.n ?? null
  }

  /** The newest approval instance of a document, for the detail page's link. */
  latestApproval(documentType: string, documentId: string): string | null {
    return this.db.get<{ id: string } | undefined>(sql`SELECT id FROM approval_instances WHERE document_type = ${documentType} AND document_id = ${documentId}
      AND deleted_at IS NULL ORDER BY submitted_at DESC, id DESC LIMIT 1`)?.id ?? null
  }

  listQuotes(f: QuoteFilter, after: ListKey | null, limit: number): (Omit<QuoteRow, 'status'> & { status: string; version: number; quoteDate: string; validUntil: string | null })[] {
    return this.db.all(quotesListSql(f, after, limit))
  }

  listOrders(f: OrderFilter, after: ListKey | null, limit: number): (Omit<OrderRow, 'status'> & { status: string; costTotal: number | null })[] {
    return this.db.all(ordersListSql(f, after, limit))
  }
}

/**
 * One page of quotes, newest first. CROSS JOIN keeps the documents as the outer loop (SQLite
 * never reorders it), so the page walks the (owner | recent, created_at, id) index and stops
 * after `limit` rows instead of starting from customers.
 */
export function quotesListSql(f: QuoteFilter, after: ListKey | null, limit: number): SQL {
  const where: SQL[] = [sql`d.deleted_at IS NULL`]
  if (f.visible !== 'all') where.push(ownerIn('d.owner_id', f.visible))
  if (f.ownerId) where.push(sql`d.owner_id = ${f.ownerId}`)
  if (f.customerId) where.push(sql`d.customer_id = ${f.customerId}`)
  if (f.number) where.push(prefixLike('d.number', f.number))
  if (f.latestOnly && f.status !== 'superseded') where.push(sql`d.superseded_by IS NULL`)
  if (f.status === 'expired') where.push(sql`d.status = 'sent' AND d.valid_until < ${f.today}`)
  else if (f.status === 'sent') where.push(sql`d.status = 'sent' AND (d.valid_until IS NULL OR d.valid_until >= ${f.today})`)
  else if (f.status) where.push(sql`d.status = ${f.status}`)
  return sql`SELECT ${HEADER_COLS}, d.version, d.quote_date AS quoteDate, d.valid_until AS validUntil
    FROM quotes d CROSS JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
    WHERE ${sql.join(where, sql` AND `)} ${keyset(after)}
    ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`
}

export function ordersListSql(f: OrderFilter, after: ListKey | null, limit: number): SQL {
  const where: SQL[] = [sql`d.deleted_at IS NULL`]
  if (f.visible !== 'all') where.push(ownerIn('d.owner_id', f.visible))
  if (f.ownerId) where.push(sql`d.owner_id = ${f.ownerId}`)
  if (f.customerId) where.push(sql`d.customer_id = ${f.customerId}`)
  if (f.number) where.push(prefixLike('d.number', f.number))
  if (f.status) where.push(sql`d.status = ${f.status}`)
  return sql`SELECT ${HEADER_COLS}, d.order_date AS orderDate, d.delivery_date AS deliveryDate, d.quote_id AS quoteId, d.cost_total AS costTotal
    FROM sales_orders d CROSS JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
    WHERE ${sql.join(where, sql` AND `)} ${keyset(after)}
    ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`
}
