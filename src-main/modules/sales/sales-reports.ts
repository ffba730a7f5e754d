/**
 * The report queries the analysis module (AN-1..AN-3) builds on, over orders that count
 * (approved, not reversed). Whole months read the sales_monthly rollup; any date range reads
 * sales_facts through the covering index that leads with the grouping key
 * (docs/SALES.md, "Reports"). Amounts in fen, before tax; margin = amount − cost, where
 * `linesWithoutCost` > 0 says the margin is incomplete (a product without a standard cost).
 * Scope (who may read which salesperson's numbers) is the caller's business: pass
 * `salespeople` to restrict.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../core/db'

export interface ProductMonth { month: string; productId: string; qtyMilli: number; amount: number; cost: number; margin: number; linesWithoutCost: number }
export interface Ranked { id: string; amount: number; cost: number; margin: number; lines: number }

const inList = (col: string, ids: readonly string[] | undefined): SQL =>
  ids ? (ids.length ? sql`AND ${sql.raw(col)} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`AND 0`) : sql``

export class SalesReports {
  constructor(private readonly db: Db) {}

  /** AN-1: revenue, cost and margin per product per month (rollup), months 'YYYY-MM' inclusive. */
  productMonthly(fromMonth: string, toMonth: string): ProductMonth[] {
    return this.db.all(sql`SELECT month, key_id AS productId, qty_milli AS qtyMilli, amount, cost, amount - cost AS margin, lines_without_cost AS linesWithoutCost
      FROM sales_monthly WHERE dim = 'product' AND month >= ${fromMonth} AND month <= ${toMonth} AND lines > 0 ORDER BY month, key_id`)
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
