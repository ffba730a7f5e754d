import { eq, sql, type SQL } from 'drizzle-orm'
import type { PlanRow, PlanScope } from '../../../src-preload/contracts/plans'
import type { Db } from '../../core/db'
import type { PeriodRange } from './period'
import { salesPlans } from './plans.table'

export type PlanRecord = typeof salesPlans.$inferSelect

/**
 * The salespeople a plan covers, at query time: the user; the office's members; the members of
 * the department and its sub-departments. A recursive CTE over the (small) org tables.
 */
function peopleCte(scope: PlanScope, targetId: string): SQL {
  if (scope === 'user') return sql`people(id) AS (SELECT ${targetId})`
  if (scope === 'office') return sql`people(id) AS (SELECT id FROM users WHERE office_id = ${targetId} AND deleted_at IS NULL)`
  return sql`dept(id) AS (SELECT ${targetId} UNION SELECT d.id FROM departments d JOIN dept ON d.parent_id = dept.id WHERE d.deleted_at IS NULL),
    people(id) AS (SELECT id FROM users WHERE department_id IN (SELECT id FROM dept) AND deleted_at IS NULL)`
}

/** All SQL of sales plans and their completion. */
export class PlansRepository {
  constructor(private readonly db: Db) {}

  plan(id: string): PlanRecord | undefined {
    return this.db.select().from(salesPlans).where(eq(salesPlans.id, id)).get()
  }

  /** Live plans of a period with their target's and category's names (index sales_plans_period). */
  plans(period: string, scope?: PlanScope): PlanRow[] {
    return this.db.all<PlanRow>(sql`SELECT p.id, p.period, p.scope, p.target_id AS targetId,
        COALESCE(CASE p.scope WHEN 'user' THEN u.display_name WHEN 'office' THEN o.name ELSE d.name END, '') AS targetName,
        p.category_id AS categoryId, c.name AS categoryName, p.amount, p.note, p.updated_at AS updatedAt
      FROM sales_plans p
      LEFT JOIN users u ON p.scope = 'user' AND u.id = p.target_id
      LEFT JOIN offices o ON p.scope = 'office' AND o.id = p.target_id
      LEFT JOIN departments d ON p.scope = 'department' AND d.id = p.target_id
      LEFT JOIN product_categories c ON c.id = p.category_id
      WHERE p.period = ${period} ${scope ? sql`AND p.scope = ${scope}` : sql``} AND p.deleted_at IS NULL
      ORDER BY p.scope, p.target_id, p.category_id`)
  }

  /** The user ids a plan covers now. */
  members(scope: PlanScope, targetId: string): string[] {
    return this.db.all<{ id: string }>(sql`WITH RECURSIVE ${peopleCte(scope, targetId)} SELECT id FROM people`).map((r) => r.id)
  }

  /**
   * Approved, unreversed order amount (fen, before tax) of the plan's salespeople in the period:
   * the sales module's monthly rollup (sales_monthly, salesperson rows) for a whole-range plan,
   * the line facts (sales_facts, index on salesperson and date) joined to the category subtree
   * for a category plan. Both tables hold only lines of orders that count.
   */
  completed(scope: PlanScope, targetId: string, categoryId: string | null, range: PeriodRange): number {
    const months = sql.join(range.months.map((m) => sql`${m}`), sql`, `)
    if (!categoryId) {
      return this.db.get<{ s: number | null }>(sql`WITH RECURSIVE ${peopleCte(scope, targetId)}
        SELECT SUM(amount) AS s FROM sales_monthly WHERE dim = 'salesperson' AND month IN (${months}) AND key_id IN (SELECT id FROM people)`)?.s ?? 0
    }
    return this.db.get<{ s: number | null }>(sql`WITH RECURSIVE ${peopleCte(scope, targetId)},
        cats(id) AS (SELECT ${categoryId} UNION SELECT c.id FROM product_categories c JOIN cats ON c.parent_id = cats.id WHERE c.deleted_at IS NULL)
      SELECT SUM(f.amount) AS s FROM sales_facts f INDEXED BY sales_facts_salesperson JOIN products p ON p.id = f.product_id
      WHERE f.salesperson_id IN (SELECT id FROM people) AND f.order_date >= ${range.from} AND f.order_date <= ${range.to}
        AND p.category_id IN (SELECT id FROM cats)`)?.s ?? 0
  }

  targetName(scope: PlanScope, id: string): string | null {
    const q = scope === 'user' ? sql`SELECT display_name AS n FROM users WHERE id = ${id} AND deleted_at IS NULL`
      : scope === 'office' ? sql`SELECT name AS n FROM offices WHERE id = ${id} AND deleted_at IS NULL`
        : sql`SELECT name AS n FROM departments WHERE id = ${id} AND deleted_at IS NULL`
    return this.db.get<{ n: string } | undefined>(q)?.n ?? null
  }

  categoryExists(id: string): boolean {
    return !!this.db.get(sql`SELECT 1 AS x FROM product_categories WHERE id = ${id} AND deleted_at IS NULL`)
  }
}
