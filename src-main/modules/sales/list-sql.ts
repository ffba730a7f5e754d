/**
 * The quote and order lists' SQL: newest first (created_at DESC, id DESC), keyset paged. CROSS
 * JOIN keeps the documents as the outer loop (SQLite never reorders it), so a page walks one
 * index that leads with the filter — (owner_id[, status], deleted_at, created_at, id) for one
 * salesperson, (status, deleted_at, created_at, id) for a status, (customer_id, …) for a
 * customer, (deleted_at, created_at, id) otherwise — and stops after `limit` rows.
 *
 * Tried and measured (bench/sales.bench.ts, docs/PERFORMANCE.md): one "arm" per owner of a
 * manager's scope, each limited to a page before merging. With 11 owners holding a quarter of
 * the orders it read 11 × 51 index entries (each with its customer probe) where the walk of
 * the date index reads ~200, and was 2–4× slower; the walk stays.
 */
import type { Statement } from 'better-sqlite3'
import { sql, type SQL } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import type { Sqlite } from '../../core/db'
import type { QuoteStatus } from '../../../src-preload/contracts/sales'
import { ownerIn, type Visible } from '../followups/scope-sql'

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

/** One page of quotes (the newest version of each unless asked otherwise). */
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

/** One page of sales orders. */
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

const dialect = new SQLiteSyncDialect()

/**
 * List statements prepared once per SQL text (a user's owner set gives the same text on every
 * call): compiling the statement cost as much as running a page.
 */
export class ListStatements {
  private readonly cache = new Map<string, Statement>()
  constructor(private readonly sqlite: Sqlite) {}

  all(query: SQL): unknown[] {
    const q = dialect.sqlToQuery(query)
    let st = this.cache.get(q.sql)
    if (!st) {
      if (this.cache.size > 200) this.cache.clear()
      st = this.sqlite.prepare(q.sql)
      this.cache.set(q.sql, st)
    }
    return st.all(...q.params)
  }
}
