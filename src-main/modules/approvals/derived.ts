import { and, asc, eq, isNull, notInArray } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { parseHlc } from '../../core/hlc'
import { approvalDecisions, approvalDirty, approvalInbox, approvalInstances, approvalSuperseded } from './approvals.table'
import { foldDecisions, type FoldDecision, type FoldResult } from './fold'

export type InstanceRow = typeof approvalInstances.$inferSelect

export function loadInstance(db: Db, id: string): InstanceRow | undefined {
  return db.select().from(approvalInstances).where(and(eq(approvalInstances.id, id), isNull(approvalInstances.deletedAt))).get()
}

export function loadDecisions(db: Db, instanceId: string): (FoldDecision & { comment: string; decidedAt: number })[] {
  return db.select({
    id: approvalDecisions.id, step: approvalDecisions.step, approverId: approvalDecisions.approverId, decision: approvalDecisions.decision,
    decidedHlc: approvalDecisions.decidedHlc, comment: approvalDecisions.comment, decidedAt: approvalDecisions.decidedAt,
  }).from(approvalDecisions).where(and(eq(approvalDecisions.instanceId, instanceId), isNull(approvalDecisions.deletedAt)))
    .orderBy(asc(approvalDecisions.decidedHlc)).all()
}

export function foldInstance(db: Db, inst: InstanceRow): FoldResult {
  return foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, loadDecisions(db, inst.id))
}

/** True when the instance row's cached state is what the fold says. */
export function cacheMatches(inst: InstanceRow, f: FoldResult): boolean {
  return inst.status === f.status && inst.currentStep === f.currentStep
}

/**
 * Rebuilds this device's derived rows of one instance from the fold: the inbox (who must
 * decide now), superseded decisions (to tell their approvers), and the dirty mark when the
 * cached state on the instance row lags the fold (the resolver then rewrites it). Runs as the
 * afterWrite of instances and decisions, so services and the sync projector both keep it
 * current inside their transaction.
 */
export function refreshDerived(db: Db, instanceId: string): void {
  const inst = loadInstance(db, instanceId)
  db.delete(approvalInbox).where(eq(approvalInbox.instanceId, instanceId)).run()
  if (!inst) {
    db.delete(approvalSuperseded).where(eq(approvalSuperseded.instanceId, instanceId)).run()
    db.delete(approvalDirty).where(eq(approvalDirty.instanceId, instanceId)).run()
    return
  }
  const decisions = loadDecisions(db, instanceId)
  const f = foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, decisions)
  const since = f.stepSinceHlc ? parseHlc(f.stepSinceHlc).ms : inst.submittedAt
  for (const userId of f.waitingFor) db.insert(approvalInbox).values({ instanceId, userId, step: f.currentStep, since }).run()

  const superseded: string[] = []
  for (const d of decisions) {
    const e = f.effects.get(d.id)
    // Only someone else deciding first is news; a second click of one's own is not.
    if (e?.effect !== 'superseded' || !e.by || e.by.approverId === d.approverId) continue
    superseded.push(d.id)
    db.insert(approvalSuperseded).values({ decisionId: d.id, instanceId, approverId: d.approverId, byApproverId: e.by.approverId, at: d.decidedAt })
      .onConflictDoUpdate({ target: approvalSuperseded.decisionId, set: { byApproverId: e.by.approverId } }).run()
  }
  db.delete(approvalSuperseded).where(and(eq(approvalSuperseded.instanceId, instanceId), notInArray(approvalSuperseded.decisionId, superseded.length ? superseded : ['']))).run()

  if (cacheMatches(inst, f)) db.delete(approvalDirty).where(eq(approvalDirty.instanceId, instanceId)).run()
  else db.insert(approvalDirty).values({ instanceId }).onConflictDoNothing().run()
}
