import type { ApprovalConditions, ApprovalStepDef } from '../../../src-preload/contracts/approvals'
import { AppError } from '../../core/errors'
import type { StepSnapshot } from './approvals.table'

/** What a document module tells the engine about a document (see registerApprovalType). */
export interface ApprovalFacts {
  title: string
  /** Amount in fen. */
  amount: number
  /** The largest discount on the document, in ‰ (150 = 15 % off). */
  maxDiscountPermille?: number
  /** A price below the product's floor price (低于底价). */
  belowFloor?: boolean
  customerLevel?: string | null
  /** When set, the timeline of this customer shows the approval's events. */
  customerId?: string | null
  /** The customer's owner, for the timeline entry's visibility (defaults to the submitter). */
  ownerId?: string | null
}

/** True when every condition the flow sets holds for the document. */
export function conditionsMatch(c: ApprovalConditions, f: ApprovalFacts): boolean {
  if (c.minAmount != null && f.amount < c.minAmount) return false
  if (c.maxAmount != null && f.amount > c.maxAmount) return false
  if (c.discountOverPermille != null && !((f.maxDiscountPermille ?? 0) > c.discountOverPermille)) return false
  if (c.belowFloor && !f.belowFloor) return false
  if (c.customerLevels && c.customerLevels.length > 0 && !(f.customerLevel && c.customerLevels.includes(f.customerLevel))) return false
  return true
}

export interface FlowCandidate { id: string; name: string; enabled: boolean; priority: number; conditions: ApprovalConditions; steps: ApprovalStepDef[] }

/** The first enabled flow whose conditions match, lowest priority number first (then name, id). */
export function pickFlow<F extends FlowCandidate>(flows: readonly F[], facts: ApprovalFacts): F | null {
  const ordered = flows.filter((f) => f.enabled).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
  return ordered.find((f) => conditionsMatch(f.conditions, facts)) ?? null
}

export interface OrgUser { id: string; username: string; managerId: string | null; departmentId: string | null; roleId: string; disabled: boolean; canApprove: boolean }
export interface OrgSnapshot { users: readonly OrgUser[]; departments: readonly { id: string; parentId: string | null }[] }

export const noApprover = (step: number, kind: string) => new AppError('CONFLICT', 'errors.approvalNoApprover', { step: step + 1, kind })

/**
 * Turns a flow's step definitions into concrete approvers for one submitter, at submit time.
 * - 主管 (supervisor) = the submitter's reporting manager (汇报对象); without one (or when that
 *   account is disabled), the head of their department: an active colleague there who may
 *   approve (sales.approve) and reports to nobody inside the department, nearest department
 *   upwards first.
 * - 上一级主管 (supervisor2) = the supervisor's supervisor, by the same rule.
 * - role = active holders of the role in the submitter's department, else the nearest
 *   department above that has some, else anywhere in the company (或签).
 * - Nobody approves their own document: the submitter is removed from every step; a step left
 *   with nobody because its only approver was the submitter escalates to the submitter's own
 *   supervisor (marked `escalated`). A step that finds nobody at all fails with
 *   errors.approvalNoApprover.
 */
export function resolveSteps(org: OrgSnapshot, submitterId: string, defs: readonly ApprovalStepDef[]): StepSnapshot[] {
  const byId = new Map(org.users.map((u) => [u.id, u]))
  const active = (id: string | null | undefined): OrgUser | null => {
    const u = id ? byId.get(id) : undefined
    return u && !u.disabled ? u : null
  }
  const parentOf = new Map(org.departments.map((d) => [d.id, d.parentId]))

  const departmentHead = (deptId: string | null, exclude: string): string | null => {
    const seen = new Set<string>()
    for (let d = deptId; d && !seen.has(d); d = parentOf.get(d) ?? null) {
      seen.add(d)
      const members = org.users.filter((u) => u.departmentId === d && !u.disabled && u.canApprove && u.id !== exclude)
      const heads = members.filter((u) => !members.some((m) => m.id === u.managerId))
      const pick = [...(heads.length ? heads : members)].sort((a, b) => a.username.localeCompare(b.username))[0]
      if (pick) return pick.id
    }
    return null
  }
  /** A user's 主管: the reporting line first (skipping disabled accounts), then the department head. */
  const supervisorOf = (userId: string): string | null => {
    const seen = new Set<string>([userId])
    for (let m = byId.get(userId)?.managerId ?? null; m && !seen.has(m); m = byId.get(m)?.managerId ?? null) {
      seen.add(m)
      if (active(m)) return m
    }
    return departmentHead(byId.get(userId)?.departmentId ?? null, userId)
  }
  const roleHolders = (roleId: string): string[] => {
    const seen = new Set<string>()
    for (let d = byId.get(submitterId)?.departmentId ?? null; d && !seen.has(d); d = parentOf.get(d) ?? null) {
      seen.add(d)
      const ids = org.users.filter((u) => u.departmentId === d && u.roleId === roleId && !u.disabled).map((u) => u.id)
      if (ids.some((i) => i !== submitterId)) return ids
    }
    return org.users.filter((u) => u.roleId === roleId && !u.disabled).map((u) => u.id)
  }

  return defs.map((def, i): StepSnapshot => {
    let ids: string[]
    let mode: 'any' | 'all' = 'any'
    switch (def.kind) {
      case 'supervisor': ids = nonNull([supervisorOf(submitterId)]); break
      case 'supervisor2': {
        const first = supervisorOf(submitterId)
        ids = first ? nonNull([supervisorOf(first)]) : []
        break
      }
      case 'user': ids = nonNull([active(def.userId)?.id]); break
      case 'anyOf': ids = nonNull(def.userIds.map((u) => active(u)?.id)); break
      case 'allOf': ids = nonNull(def.userIds.map((u) => active(u)?.id)); mode = 'all'; break
      case 'role': ids = roleHolders(def.roleId); break
    }
    ids = [...new Set(ids)]
    if (ids.length === 0) throw noApprover(i, def.kind)
    const others = ids.filter((u) => u !== submitterId)
    if (others.length > 0) return { kind: def.kind, label: def.label || null, mode, approverIds: others, escalated: false }
    const up = supervisorOf(submitterId)
    if (!up || up === submitterId) throw noApprover(i, def.kind)
    return { kind: def.kind, label: def.label || null, mode: 'any', approverIds: [up], escalated: true }
  })
}

function nonNull(xs: (string | null | undefined)[]): string[] {
  return xs.filter((x): x is string => !!x)
}
