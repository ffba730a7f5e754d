/**
 * The report queries the analysis module (AN-1..AN-3) builds on, over orders that count
 * (approved, not reversed). A year's products ranked and paged read sales_product_years; whole
 * months read the sales_monthly rollup; any date range reads
 * sales_facts through the covering index that leads with the grouping key
 * (docs/SALES.md, "Reports"). Amounts in fen, before tax; margin = amount − cost, where
 * `linesWithoutCost` > 0 says the margin is incomplete (a product without a standard cost).
 * Scope (who may read which salesperson's numbers) is the caller's business: pass
 * `salespeople` to restrict.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { AppError } from '../../core/errors'
import { decodeCursor, encodeCursor } from '../followups/keyset'

export interface ProductMonth { month: string; productId: string; qtyMilli: number; amount: number; cost: number; margin: number; linesWithoutCost: number }
export interface Ranked { id: string; amount: number; cost: number; margin: number; lines: number }
export interface MonthFigures { month: string; qtyMilli: number; amount: number; cost: number; margin: number; lines: number; linesWithoutCost: number }
/** One product of the yearly report: the year's totals and its 12 months, January first (zeros where nothing sold). */
export interface ProductYearRow extends Omit<MonthFigures, 'month'> { productId: string; code: string | null; name: string | null; months: MonthFigures[] }
export interface ProductYearPage { year: string; items: ProductYearRow[]; nextCursor: string | null }

/** Largest page of the product report: a screen shows tens of products, an export walks the pages. */
export const PRODUCT_YEAR_MAX_PAGE = 500

const inList = (col: string, ids: readonly string[] | undefined): SQL =>
  ids ? (ids.length ? sql`AND ${sql.raw(col)} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`AND 0`) : sql``

export class SalesReports {
  constructor(private readonly db: Db) {}

  /** AN-1: revenue, cost and margin per product per month (rollup), months 'YYYY-MM' inclusive. */
  productMonthly(fromMonth: string, toMonth: string): ProductMonth[] {
    return this.db.all(sql`SELECT month, key_id AS productId, qty_milli AS qtyMilli, amount, cost, amount - cost AS margin, lines_without_cost AS linesWithoutCost
      FROM sales_monthly WHERE dim = 'product' AND month >= ${fromMonth} AND month <= ${toMonth} AND lines > 0 ORDER BY month, key_id`)
  }

  /**
   * AN-1 as a report screen reads it: the products sold in a calendar year ranked by revenue
   * (amount before tax, then product id, both descending), a page of `limit` at a time with the
   * 12 months of each, keyset-paged by an opaque cursor. Two index walks whatever the catalogue
   * size: sales_product_years_rank for the page, sales_monthly_key for its months.
   */
  productYear(year: string, opts: { limit?: number; cursor?: string | null } = {}): ProductYearPage {
    const limit = opts.limit ?? 100
    if (!/^\d{4}$/.test(year) || !Number.isInteger(limit) || limit < 1 || limit > PRODUCT_YEAR_MAX_PAGE) {
      throw new AppError('VALIDATION', 'errors.invalidReportRange', { year, limit, max: PRODUCT_YEAR_MAX_PAGE })
    }
    const after = decodeCursor(opts.cursor)
    const rows = this.db.all<Omit<ProductYearRow, 'months'>>(sql`SELECT y.product_id AS productId, p.code, p.name, y.qty_milli AS qtyMilli, y.amount, y.cost,
        y.amount - y.cost AS margin, y.lines, y.lines_without_cost AS linesWithoutCost
      FROM sales_product_years y INDEXED BY sales_product_years_rank LEFT JOIN products p ON p.id = y.product_id
      WHERE y.year = ${year} AND y.lines > 0 ${after ? sql`AND (y.amount, y.product_id) < (${after.t}, ${after.id})` : sql``}
      ORDER BY y.amount DESC, y.product_id DESC LIMIT ${limit + 1}`)
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
    const byProduct = new Map(page.map((r) => [r.productId, months.map((month): MonthFigures => ({ month, qtyMilli: 0, amount: 0, cost: 0, margin: 0, lines: 0, linesWithoutCost: 0 }))]))
    if (page.length > 0) {
      const cells = this.db.all<MonthFigures & { productId: string }>(sql`SELECT key_id AS productId, month, qty_milli AS qtyMilli, amount, cost, amount - cost AS margin,
          lines, lines_without_cost AS linesWithoutCost
        FROM sales_monthly INDEXED BY sales_monthly_key
        WHERE dim = 'product' AND key_id IN (${sql.join(page.map((r) => sql`${r.productId}`), sql`, `)}) AND month >= ${months[0]} AND month <= ${months[11]}`)
      for (const c of cells) {
        const slot = byProduct.get(c.productId)
        const i = Number(c.month.slice(5, 7)) - 1
        if (slot && i >= 0 && i < 12) slot[i] = { month: c.month, qtyMilli: c.qtyMilli, amount: c.amount, cost: c.cost, margin: c.margin, lines: c.lines, linesWithoutCost: c.linesWithoutCost }
      }
    }
    const last = page[page.length - 1]
    return {
      year,
      items: page.map((r) => Object.assign(r, { months: byProduct.get(r.productId)! })),
      nextCursor: more && last ? encodeCursor({ t: last.amount, id: last.productId }) : null,
    }
  }

  /** AN-1 over any dates (facts, index sales_facts_product), optionally for some salespeople. */
  productMonthlyBetween(fromDate: string, toDate: string, salespeople?: readonly string[]): ProductMonth[] {
    return this.db.all(sql`SELECT month, product_id AS productId, SUM(qty_milli) AS qtyMilli, SUM(amount) AS amount,
      COALESCE(SUM(cost), 0) AS cost, SUM(amount) - COALESCE(SUM(cost), 0) AS margin, SUM(cost IS NULL) AS linesWithoutCost
      FROM sales_facts INDEXED BY sales_facts_product WHERE order_date >= ${fromDate} AND order_date <= ${toDate} ${inList('salesperson_id', salespeople)}
      GROUP BY product_id, month ORDER BY month, product_id`)
  }

  /** AN-2: top customers by amount over whole months (rollup). */
  topCustomers(fromMonth: string, toMonth: string, limit = 100): Ranked[] {
    return this.ranked('customer', fromMonth, toMonth, limit)
  }

  /** AN-3: salespeople ranked by amount over whole months (rollup). */
  salespersonRanking(fromMonth: string, toMonth: string, limit = 1000): Ranked[] {
    return this.ranked('salesperson', fromMonth, toMonth, limit)
  }

  private ranked(dim: 'customer' | 'salesperson', fromMonth: string, toMonth: string, limit: number): Ranked[] {
    return this.db.all(sql`SELECT key_id AS id, SUM(amount) AS amount, SUM(cost) AS cost, SUM(amount) - SUM(cost) AS margin, SUM(lines) AS lines
      FROM sales_monthly WHERE dim = ${dim} AND month >= ${fromMonth} AND month <= ${toMonth}
      GROUP BY key_id HAVING SUM(lines) > 0 ORDER BY amount DESC, id LIMIT ${limit}`)
  }

  /** AN-2 over any dates (facts, index sales_facts_customer). */
  topCustomersBetween(fromDate: string, toDate: string, limit = 100, salespeople?: readonly string[]): Ranked[] {
    return this.db.all(sql`SELECT customer_id AS id, SUM(amount) AS amount, COALESCE(SUM(cost), 0) AS cost, SUM(amount) - COALESCE(SUM(cost), 0) AS margin, COUNT(*) AS lines
      FROM sales_facts INDEXED BY sales_facts_customer WHERE order_date >= ${fromDate} AND order_date <= ${toDate} ${inList('salesperson_id', salespeople)}
      GROUP BY customer_id ORDER BY amount DESC, id LIMIT ${limit}`)
  }

  /** AN-3 over any dates (facts, index sales_facts_salesperson). */
  salespersonRankingBetween(fromDate: string, toDate: string, salespeople?: readonly string[]): Ranked[] {
    return this.db.all(sql`SELECT salesperson_id AS id, SUM(amount) AS amount, COALESCE(SUM(cost), 0) AS cost, SUM(amount) - COALESCE(SUM(cost), 0) AS margin, COUNT(*) AS lines
      FROM sales_facts INDEXED BY sales_facts_salesperson WHERE order_date >= ${fromDate} AND order_date <= ${toDate} ${inList('salesperson_id', salespeople)}
      GROUP BY salesperson_id ORDER BY amount DESC, id`)
  }
}
