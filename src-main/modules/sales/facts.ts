/**
 * sales_facts, sales_monthly and sales_product_years: the lines of orders that count (approved,
 * not reversed, not deleted), their monthly sums per product, customer and salesperson, and
 * their yearly sums per product (the ranked product report). Derived, local data
 * kept in the same transaction as the order write that changes them (afterWrite hooks), so a
 * report never sees an approval without its numbers. An order's contribution is taken out and
 * put back whole on each write of the order or (when it counts) of one of its lines: idempotent,
 * and correct whatever order sync delivers headers and lines in.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../../core/db'

const DIMS = [
  { dim: 'product', col: 'product_id' },
  { dim: 'customer', col: 'customer_id' },
  { dim: 'salesperson', col: 'salesperson_id' },
] as const

/** Adds (sign 1) or takes out (sign -1) the facts of one order from the monthly rollup. */
function bump(db: Db, orderId: string, sign: 1 | -1): void {
  for (const d of DIMS) {
    db.run(sql`
      INSERT INTO sales_monthly (dim, month, key_id, qty_milli, amount, tax, cost, lines, lines_without_cost)
      SELECT ${d.dim}, month, ${sql.raw(d.col)}, ${sign} * SUM(qty_milli), ${sign} * SUM(amount), ${sign} * SUM(tax), ${sign} * COALESCE(SUM(cost), 0),
             ${sign} * COUNT(*), ${sign} * SUM(cost IS NULL)
      FROM sales_facts WHERE order_id = ${orderId} GROUP BY month, ${sql.raw(d.col)}
      ON CONFLICT (dim, month, key_id) DO UPDATE SET
        qty_milli = qty_milli + excluded.qty_milli, amount = amount + excluded.amount, tax = tax + excluded.tax,
        cost = cost + excluded.cost, lines = lines + excluded.lines, lines_without_cost = lines_without_cost + excluded.lines_without_cost`)
  }
  db.run(sql`
    INSERT INTO sales_product_years (year, product_id, qty_milli, amount, tax, cost, lines, lines_without_cost)
    SELECT substr(month, 1, 4), product_id, ${sign} * SUM(qty_milli), ${sign} * SUM(amount), ${sign} * SUM(tax), ${sign} * COALESCE(SUM(cost), 0),
           ${sign} * COUNT(*), ${sign} * SUM(cost IS NULL)
    FROM sales_facts WHERE order_id = ${orderId} GROUP BY substr(month, 1, 4), product_id
    ON CONFLICT (year, product_id) DO UPDATE SET
      qty_milli = qty_milli + excluded.qty_milli, amount = amount + excluded.amount, tax = tax + excluded.tax,
      cost = cost + excluded.cost, lines = lines + excluded.lines, lines_without_cost = lines_without_cost + excluded.lines_without_cost`)
}

export function syncOrderFacts(db: Db, orderId: string): void {
  const had = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM sales_facts WHERE order_id = ${orderId}`)!.n > 0
  if (had) {
    bump(db, orderId, -1)
    db.run(sql`DELETE FROM sales_facts WHERE order_id = ${orderId}`)
  }
  db.run(sql`
    INSERT INTO sales_facts (line_id, order_id, order_date, month, product_id, customer_id, salesperson_id, qty_milli, amount, tax, cost)
    SELECT l.id, o.id, o.order_date, substr(o.order_date, 1, 7), l.product_id, o.customer_id, o.owner_id, l.qty_milli, l.amount, l.tax, l.cost
    FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL
    WHERE o.id = ${orderId} AND o.status = 'approved' AND o.deleted_at IS NULL`)
  bump(db, orderId, 1)
}

/** A line was written: only an order that counts (or counted) needs its facts redone. */
export function syncFactsForLine(db: Db, orderId: string): void {
  const o = db.get<{ status: string } | undefined>(sql`SELECT status FROM sales_orders WHERE id = ${orderId}`)
  const had = db.get<{ n: number }>(sql`SELECT EXISTS (SELECT 1 FROM sales_facts WHERE order_id = ${orderId}) AS n`)!.n > 0
  if (o?.status === 'approved' || had) syncOrderFacts(db, orderId)
}

/** Rebuilds the three tables from the orders (repair, and bulk loads such as the benchmark's). */
export function rebuildSalesFacts(db: Db): void {
  db.run(sql`DELETE FROM sales_facts`)
  db.run(sql`DELETE FROM sales_monthly`)
  db.run(sql`DELETE FROM sales_product_years`)
  db.run(sql`
    INSERT INTO sales_facts (line_id, order_id, order_date, month, product_id, customer_id, salesperson_id, qty_milli, amount, tax, cost)
    SELECT l.id, o.id, o.order_date, substr(o.order_date, 1, 7), l.product_id, o.customer_id, o.owner_id, l.qty_milli, l.amount, l.tax, l.cost
    FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL
    WHERE o.status = 'approved' AND o.deleted_at IS NULL`)
  for (const d of DIMS) {
    db.run(sql`
      INSERT INTO sales_monthly (dim, month, key_id, qty_milli, amount, tax, cost, lines, lines_without_cost)
      SELECT ${d.dim}, month, ${sql.raw(d.col)}, SUM(qty_milli), SUM(amount), SUM(tax), COALESCE(SUM(cost), 0), COUNT(*), SUM(cost IS NULL)
      FROM sales_facts WHERE 1 GROUP BY month, ${sql.raw(d.col)}`)
  }
  db.run(sql`
    INSERT INTO sales_product_years (year, product_id, qty_milli, amount, tax, cost, lines, lines_without_cost)
    SELECT substr(month, 1, 4), key_id, SUM(qty_milli), SUM(amount), SUM(tax), SUM(cost), SUM(lines), SUM(lines_without_cost)
    FROM sales_monthly WHERE dim = 'product' GROUP BY substr(month, 1, 4), key_id`)
}
