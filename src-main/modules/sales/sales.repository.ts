import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { OrderRow, QuoteRow, QuoteStatus } from '../../../src-preload/contracts/sales'
import type { Db } from '../../core/db'
import { sqliteOf } from '../../core/synced'
import { ListStatements, ordersListSql, quotesListSql, type ListKey, type OrderFilter, type QuoteFilter } from './list-sql'
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

export type { ListKey, OrderFilter, QuoteFilter } from './list-sql'
export { ordersListSql, quotesListSql } from './list-sql'

/** All SQL of quotes and sales orders (reads; writes go through the mutation writer). */
export class SalesRepository {
  private readonly lists: ListStatements
  constructor(private readonly db: Db) { this.lists = new ListStatements(sqliteOf(db)) }

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

  /** Active users by name (the salesperson picker; the service applies the scope). */
  activeUsers(): { id: string; name: string }[] {
    return this.db.all(sql`SELECT id, display_name AS name FROM users WHERE disabled = 0 ORDER BY display_name, id`)
  }

  /** The newest approval instance of a document, for the detail page's link. */
  latestApproval(documentType: string, documentId: string): string | null {
    return this.db.get<{ id: string } | undefined>(sql`SELECT id FROM approval_instances WHERE document_type = ${documentType} AND document_id = ${documentId}
      AND deleted_at IS NULL ORDER BY submitted_at DESC, id DESC LIMIT 1`)?.id ?? null
  }

  listQuotes(f: QuoteFilter, after: ListKey | null, limit: number): (Omit<QuoteRow, 'status'> & { status: string; version: number; quoteDate: string; validUntil: string | null })[] {
    return this.lists.all(quotesListSql(f, after, limit)) as (Omit<QuoteRow, 'status'> & { status: string; version: number; quoteDate: string; validUntil: string | null })[]
  }

  listOrders(f: OrderFilter, after: ListKey | null, limit: number): (Omit<OrderRow, 'status'> & { status: string; costTotal: number | null })[] {
    return this.lists.all(ordersListSql(f, after, limit)) as (Omit<OrderRow, 'status'> & { status: string; costTotal: number | null })[]
  }
}

/** Live quote / order lines of a product (catalogue's errors.productInUse); index *_lines_product. */
export const productOnQuotes = (db: Db, productId: string): boolean =>
  db.get(sql`SELECT 1 AS x FROM quote_lines WHERE product_id = ${productId} AND deleted_at IS NULL LIMIT 1`) !== undefined
export const productOnOrders = (db: Db, productId: string): boolean =>
  db.get(sql`SELECT 1 AS x FROM sales_order_lines WHERE product_id = ${productId} AND deleted_at IS NULL LIMIT 1`) !== undefined
