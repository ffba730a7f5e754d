import type { ApprovalDetail, ApprovalHistoryEntry, ApprovalInstanceRow, ApprovalStepView } from '../../../src-preload/contracts/approvals'
import type { InstanceRow } from './derived'
import { compareDecisions, type FoldDecision, type FoldResult } from './fold'

type Decision = FoldDecision & { comment: string; decidedAt: number }

/** The detail drawer's data: the step chain with who decided what, and the full history. */
export function detailView(row: ApprovalInstanceRow, inst: InstanceRow, decisions: readonly Decision[], f: FoldResult, names: Map<string, string>, viewerId: string): ApprovalDetail {
  const name = (id: string) => names.get(id) ?? ''
  const counted = decisions.filter((d) => f.effects.get(d.id)?.effect === 'counted')
  const steps: ApprovalStepView[] = inst.steps.map((s, index) => ({
    index, kind: s.kind, label: s.label, mode: s.mode, escalated: s.escalated, state: stepState(index, f),
    approvers: s.approverIds.map((id) => {
      const d = counted.find((x) => x.step === index && x.approverId === id && x.decision !== 'recall')
      return { id, name: name(id), decision: d ? (d.decision as 'approve' | 'reject') : null, decidedAt: d?.decidedAt ?? null }
    }),
  }))
  const history: ApprovalHistoryEntry[] = [...decisions].sort(compareDecisions).map((d) => {
    const e = f.effects.get(d.id)
    return {
      id: d.id, step: d.step, approverId: d.approverId, approverName: name(d.approverId), decision: d.decision, comment: d.comment, decidedAt: d.decidedAt,
      effect: e?.effect ?? 'ignored', supersededByName: e?.effect === 'superseded' && e.by ? name(e.by.approverId) : null,
    }
  })
  return {
    instance: { ...row, status: f.status, currentStep: f.currentStep },
    steps, history,
    canDecide: f.status === 'pending' && viewerId !== inst.submitterId && f.waitingFor.includes(viewerId),
    canRecall: f.status === 'pending' && viewerId === inst.submitterId && f.approvals.every((a) => a.length === 0),
  }
}

function stepState(i: number, f: FoldResult): ApprovalStepView['state'] {
  if (f.status === 'approved' || i < f.currentStep) return 'approved'
  if (i > f.currentStep) return f.status === 'pending' ? 'waiting' : 'cancelled'
  return f.status === 'pending' ? 'current' : f.status === 'rejected' ? 'rejected' : 'cancelled'
}
