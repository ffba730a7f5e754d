import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

export const PLAN_SCOPES = ['user', 'office', 'department'] as const

/**
 * 销售计划 (SA-6): a target amount (fen, before tax, as the sales reports) for one salesperson,
 * 办事处 or department over a month ('2026-11') or a quarter ('2026-Q4'), optionally for one
 * product category (and its subcategories). Company data. The id is derived from (period,
 * scope, target, category), so two managers setting the same target offline write one document.
 * Completion is not stored: it is computed from approved, unreversed order lines at query time.
 */
export const salesPlans = sqliteTable('sales_plans', {
  ...baseColumns(),
  period: text('period').notNull(),
  scope: text('scope', { enum: PLAN_SCOPES }).notNull(),
  targetId: text('target_id').notNull(),
  categoryId: text('category_id'),
  amount: integer('amount').notNull(),
  note: text('note'),
}, (t) => [index('sales_plans_period').on(t.period, t.scope, t.targetId)])
