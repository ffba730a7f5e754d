import { z } from 'zod'
import { id, method, shortText } from './define'

/**
 * 销售计划 / 计划完成情况 (SA-6). Targets in integer fen before tax (the same basis as the sales
 * reports); completion = approved, unreversed sales order lines of the period, credited to the
 * order's salesperson, for an office or department its members at query time (a department
 * includes its sub-departments), for a category its subtree. plans.view / plans.edit, with the
 * `sales` data scope on the salespeople concerned.
 */
export const PLAN_SCOPES = ['user', 'office', 'department'] as const
export type PlanScope = (typeof PLAN_SCOPES)[number]
/** A month '2026-11' or a quarter '2026-Q4'. */
export const planPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/)

export interface PlanRow {
  id: string
  period: string
  scope: PlanScope
  targetId: string
  targetName: string
  categoryId: string | null
  categoryName: string | null
  amount: number
  note: string | null
  updatedAt: number
}

export interface PlanProgress extends PlanRow {
  /** Approved, unreversed order amount (fen, before tax) in the period. */
  completed: number
  /** completed / amount in ‰ (may exceed 1000); null when the target is 0. */
  ratioPermille: number | null
  /** Rank among plans of the same scope in this view, by ratio then amount (1 = best). */
  rank: number
  /** Whether the caller may change it. */
  canEdit: boolean
}

export interface PlanView {
  period: string
  /** First and last day of the period (YYYY-MM-DD). */
  from: string
  to: string
  items: PlanProgress[]
}

export const savePlanInput = z.object({
  period: planPeriod,
  scope: z.enum(PLAN_SCOPES),
  targetId: id,
  categoryId: id.nullable().optional(),
  amount: z.number().int().min(0).max(100_000_000_000),
  note: shortText(200).optional(),
}).strict()

export const plans = {
  /** The plans of a period the caller may see, with completion and ranking. Needs plans.view. */
  progress: method<PlanView>()(z.object({ period: planPeriod, scope: z.enum(PLAN_SCOPES).optional() }).strict()),
  /** Sets the target of (period, scope, target, category): one plan each, saving again replaces the amount. Needs plans.edit. */
  save: method<PlanRow>()(savePlanInput),
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
}
