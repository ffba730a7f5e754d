import type { ApprovalDecisionKind, ApprovalStatus } from '../../../src-preload/contracts/approvals'
import { parseHlc } from '../../core/hlc'

export interface FoldStep { mode: 'any' | 'all'; approverIds: readonly string[] }
export interface FoldInstance { submitterId: string; steps: readonly FoldStep[] }
export interface FoldDecision { id: string; step: number; approverId: string; decision: ApprovalDecisionKind; decidedHlc: string }

export type DecisionEffect = 'counted' | 'superseded' | 'ignored'

export interface FoldResult {
  status: ApprovalStatus
  /** The step waiting for a decision; steps.length once approved; where it ended otherwise. */
  currentStep: number
  /** Per step, who approved it (counted approvals only). */
  approvals: string[][]
  /** The decision that closed the instance (approved / rejected / recalled), if any. */
  closedBy: FoldDecision | null
  /** HLC at which the current step became current (submit = null). */
  stepSinceHlc: string | null
  /** Current-step approvers still to decide; empty once closed. */
  waitingFor: string[]
  /** Every decision's effect; `by` is the decision that settled the matter first. */
  effects: Map<string, { effect: DecisionEffect; by: FoldDecision | null }>
  /** Ids of all decisions folded, sorted: the basis the cached state is computed from. */
  basis: string[]
}

/**
 * The state of an approval instance as a pure fold over its decisions, taken in HLC order
 * (time, counter, node, then id) — so every device reaches the same state from the same
 * decisions whatever order sync delivered them in, and two approvers deciding the same step
 * offline resolve the same way everywhere: the earliest decision counts, later ones on a
 * settled step are superseded. Rules:
 * - approve/reject counts only from an approver of the current step who has not yet decided
 *   it, never from the submitter (nobody approves their own document);
 * - 或签 (any): the first approval completes the step; 会签 (all): every approver must approve;
 * - a rejection at any step ends the instance; the last step's completion approves it;
 * - recall counts only from the submitter while no approval has counted yet;
 * - anything after the instance closed, or on a step already completed, is superseded.
 */
export function foldDecisions(instance: FoldInstance, decisions: readonly FoldDecision[]): FoldResult {
  const sorted = [...decisions].sort(compareDecisions)
  const steps = instance.steps
  const approvals: string[][] = steps.map(() => [])
  const effects = new Map<string, { effect: DecisionEffect; by: FoldDecision | null }>()
  const stepCompletedBy: (FoldDecision | null)[] = steps.map(() => null)
  const decidedAtStep: Set<string>[] = steps.map(() => new Set())
  let status: ApprovalStatus = steps.length === 0 ? 'approved' : 'pending'
  let current = 0
  let closedBy: FoldDecision | null = null
  let firstApproval: FoldDecision | null = null
  let stepSinceHlc: string | null = null

  for (const d of sorted) {
    if (status !== 'pending') { effects.set(d.id, { effect: 'superseded', by: closedBy }); continue }
    if (d.decision === 'recall') {
      if (d.approverId !== instance.submitterId) effects.set(d.id, { effect: 'ignored', by: null })
      else if (firstApproval) effects.set(d.id, { effect: 'superseded', by: firstApproval })
      else { status = 'recalled'; closedBy = d; effects.set(d.id, { effect: 'counted', by: null }) }
      continue
    }
    const step = steps[d.step]
    if (!step || d.approverId === instance.submitterId || !step.approverIds.includes(d.approverId) || d.step > current) {
      effects.set(d.id, { effect: 'ignored', by: null })
      continue
    }
    if (d.step < current) { effects.set(d.id, { effect: 'superseded', by: stepCompletedBy[d.step] ?? null }); continue }
    const decided = decidedAtStep[current]!
    if (decided.has(d.approverId)) {
      // The same approver decided twice (two devices): the first one stands.
      effects.set(d.id, { effect: 'superseded', by: sorted.find((x) => x.step === current && x.approverId === d.approverId && effects.get(x.id)?.effect === 'counted') ?? null })
      continue
    }
    decided.add(d.approverId)
    effects.set(d.id, { effect: 'counted', by: null })
    if (d.decision === 'reject') { status = 'rejected'; closedBy = d; continue }
    approvals[current]!.push(d.approverId)
    firstApproval ??= d
    const done = step.mode === 'any' || step.approverIds.every((a) => approvals[current]!.includes(a))
    if (!done) continue
    stepCompletedBy[current] = d
    current++
    stepSinceHlc = d.decidedHlc
    if (current >= steps.length) { status = 'approved'; closedBy = d }
  }

  const waitingFor = status === 'pending' ? steps[current]!.approverIds.filter((a) => !decidedAtStep[current]!.has(a)) : []
  return {
    status, currentStep: status === 'approved' ? steps.length : current, approvals, closedBy, stepSinceHlc, waitingFor, effects,
    basis: sorted.map((d) => d.id).sort(),
  }
}

/** Earlier decision first: HLC time, counter, node, then decision id. */
export function compareDecisions(a: FoldDecision, b: FoldDecision): number {
  const x = parseHlc(a.decidedHlc)
  const y = parseHlc(b.decidedHlc)
  if (x.ms !== y.ms) return x.ms - y.ms
  if (x.counter !== y.counter) return x.counter - y.counter
  if (x.node !== y.node) return x.node < y.node ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export const isClosed = (s: ApprovalStatus): boolean => s !== 'pending'
