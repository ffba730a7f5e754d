import type { Writer } from '../../core/mutation'
import { parseHlc } from '../../core/hlc'
import { approvalType, type ApprovalOutcome } from './approval-types'
import { approvalInstances } from './approvals.table'
import type { InstanceRow } from './derived'
import type { FoldResult } from './fold'

/**
 * Writes a fold result onto the instance row (its cached state) and, when the outcome of the
 * document changes — closed, or reopened by an earlier concurrent decision — tells the
 * document's module in the same transaction. `decidedAt` comes from the closing decision's
 * stamp, so every device writes the same value.
 */
export function writeFold(w: Writer, inst: InstanceRow, f: FoldResult): { row: InstanceRow; outcome: ApprovalOutcome | null } {
  const decidedAt = f.status === 'pending' ? null : f.closedBy ? parseHlc(f.closedBy.decidedHlc).ms : inst.submittedAt
  const row = w.update(approvalInstances, inst.id, { status: f.status, currentStep: f.currentStep, basis: f.basis, decidedAt })
  const wasClosed = inst.status !== 'pending'
  const outcome: ApprovalOutcome | null = f.status !== inst.status && (f.status !== 'pending' || wasClosed) ? f.status : null
  if (outcome) approvalType(inst.documentType)?.onDecided(w, row, outcome)
  return { row, outcome }
}
