import type { StageRow } from '../../../src-preload/contracts/followups'
import { AppError } from '../../core/errors'
import type { Writer } from '../../core/mutation'
import { customers } from '../customers/customers.table'
import { recordActivity } from '../timeline/activity'
import { opportunities } from './followups.table'
import type { OpportunitiesRepository, OpportunityRecord } from './opportunities.repository'
import { DEFAULT_STAGES } from './stages'

/**
 * The stages in force: the saved rows once an administrator has saved the list (on any
 * device), otherwise the defaults. Defaults are not written at start: a new device writing
 * them with a fresh clock stamp would override the company's saved stages when it syncs.
 */
export function effectiveStages(repo: OpportunitiesRepository): StageRow[] {
  const rows = repo.stageRecords()
  if (rows.length === 0) return DEFAULT_STAGES.map((s) => ({ ...s }))
  return rows.filter((r) => !r.deletedAt)
    .map((r) => ({ key: r.key, name: r.name, probability: r.probability, sort: r.sort, kind: r.kind }))
    .sort((a, b) => a.sort - b.sort || a.key.localeCompare(b.key))
}

export function requireStage(stages: readonly StageRow[], key: string): StageRow {
  const s = stages.find((x) => x.key === key)
  if (!s) throw new AppError('VALIDATION', 'errors.unknownStage', { stage: key })
  return s
}

export function requireLossReason(to: StageRow, lossReason: string | null | undefined): string | null {
  if (to.kind !== 'lost') return null
  if (!lossReason?.trim()) throw new AppError('VALIDATION', 'errors.lossReasonRequired', { stage: to.key })
  return lossReason.trim()
}

/**
 * Moves an opportunity to another stage inside the caller's mutation: loss reason for lost,
 * closedAt on closing, the customer marked won on a win (pool rules may exempt it), and a
 * timeline entry 'timeline.opportunity.stage'.
 */
export function moveStage(w: Writer, actorId: string, opp: OpportunityRecord, stages: readonly StageRow[], to: StageRow, lossReason: string | null | undefined): OpportunityRecord {
  const reason = requireLossReason(to, lossReason)
  if (opp.stage === to.key) {
    return reason !== null && reason !== opp.lossReason ? w.update(opportunities, opp.id, { lossReason: reason }) : opp
  }
  const from = stages.find((s) => s.key === opp.stage)
  const updated = w.update(opportunities, opp.id, { stage: to.key, lossReason: reason, closedAt: to.kind === 'open' ? null : w.now })
  if (to.kind === 'won') w.update(customers, opp.customerId, { won: true })
  recordActivity(w, actorId, {
    kind: 'opportunity', summaryKey: 'timeline.opportunity.stage', customerId: opp.customerId, ownerId: opp.ownerId, recordId: opp.id,
    params: { name: opp.name, from: opp.stage, to: to.key, fromName: from?.name ?? opp.stage, toName: to.name, lossReason: reason },
  })
  return updated
}
