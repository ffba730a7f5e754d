/**
 * 销售计划 / 计划完成情况 (SA-6). Targets are company data; who sees and sets them follows the
 * `sales` data scope on the salespeople a plan covers: a person's plan with that person, a team
 * plan (office, department) when the caller sees at least one member (to read) or every member
 * (to set). Completion is computed at query time from orders that count (plans.repository).
 */
import type { z } from 'zod'
import type { PlanProgress, PlanRow, PlanScope, PlanView, savePlanInput } from '../../../src-preload/contracts/plans'
import { forbidden, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { derivedId } from '../pool/derived-id'
import { recordActivity } from '../timeline/activity'
import { periodRange } from './period'
import type { PlansRepository } from './plans.repository'
import { salesPlans } from './plans.table'

export interface PlansDeps { repo: PlansRepository; access: Access; mutation: Mutation }

export class PlansService {
  constructor(private readonly d: PlansDeps) {}

  private actor(userId: string | null, permission: 'plans.view' | 'plans.edit'): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, permission)
    return actor
  }

  private covers(actor: Actor, scope: PlanScope, targetId: string, mode: 'read' | 'write'): boolean {
    const visible = this.d.access.visibleOwners(actor, 'sales')
    if (visible === 'all') return true
    if (scope === 'user') return visible.has(targetId)
    const members = this.d.repo.members(scope, targetId)
    return mode === 'read' ? members.some((m) => visible.has(m)) : members.length > 0 && members.every((m) => visible.has(m))
  }

  progress(userId: string | null, input: { period: string; scope?: PlanScope }): PlanView {
    const actor = this.actor(userId, 'plans.view')
    const range = periodRange(input.period)
    const canEdit = actor.permissions.has('plans.edit')
    const items = this.d.repo.plans(input.period, input.scope)
      .filter((p) => this.covers(actor, p.scope, p.targetId, 'read'))
      .map((p): PlanProgress => {
        const completed = this.d.repo.completed(p.scope, p.targetId, p.categoryId, range)
        return {
          ...p, completed, ratioPermille: p.amount > 0 ? Math.round((completed * 1000) / p.amount) : null, rank: 0,
          canEdit: canEdit && this.covers(actor, p.scope, p.targetId, 'write'),
        }
      })
    // Ranking within each scope: by completion ratio, then completed amount.
    const ratio = (p: PlanProgress) => p.ratioPermille ?? (p.completed > 0 ? Number.MAX_SAFE_INTEGER : 0)
    items.sort((a, b) => a.scope.localeCompare(b.scope) || ratio(b) - ratio(a) || b.completed - a.completed || a.targetName.localeCompare(b.targetName))
    let prev: PlanProgress | null = null
    for (const p of items) {
      p.rank = prev && prev.scope === p.scope ? (ratio(prev) === ratio(p) && prev.completed === p.completed ? prev.rank : prev.rank + 1) : 1
      prev = p
    }
    return { period: input.period, from: range.from, to: range.to, items }
  }

  save(userId: string | null, input: z.output<typeof savePlanInput>): PlanRow {
    const actor = this.actor(userId, 'plans.edit')
    periodRange(input.period)
    const targetName = this.d.repo.targetName(input.scope, input.targetId)
    if (targetName === null) throw notFound(input.scope)
    if (input.categoryId && !this.d.repo.categoryExists(input.categoryId)) throw notFound('category')
    if (!this.covers(actor, input.scope, input.targetId, 'write')) throw forbidden('sales.scope')
    const id = derivedId('sales_plan', input.period, input.scope, input.targetId, input.categoryId ?? '-')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const existing = this.d.repo.plan(id)
      const values = { amount: input.amount, note: input.note?.trim() || null }
      if (!existing) w.insert(salesPlans, { id, period: input.period, scope: input.scope, targetId: input.targetId, categoryId: input.categoryId ?? null, ...values })
      else {
        if (existing.deletedAt) w.restore(salesPlans, id)
        w.update(salesPlans, id, values)
      }
      recordActivity(w, actor.userId, {
        kind: 'plan', summaryKey: 'timeline.plan.set', params: { period: input.period, target: targetName, amount: input.amount },
        ownerId: input.scope === 'user' ? input.targetId : actor.userId, recordId: id,
      })
    })
    return this.d.repo.plans(input.period, input.scope).find((p) => p.id === id)!
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.actor(userId, 'plans.edit')
    const p = this.d.repo.plan(input.id)
    if (!p || p.deletedAt) throw notFound('plan')
    if (!this.covers(actor, p.scope, p.targetId, 'write')) throw forbidden('sales.scope')
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(salesPlans, p.id))
    return { ok: true }
  }
}
