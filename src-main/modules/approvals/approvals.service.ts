import type { z } from 'zod'
import type { ApprovalDetail, ApprovalFlowRow, ApprovalInstanceRow, ApprovalProcessedRow, ApprovalStatus, saveFlowInput } from '../../../src-preload/contracts/approvals'
import type { Page } from '../../../src-preload/contracts/define'
import type { Db } from '../../core/db'
import { AppError, conflict, forbidden, notFound } from '../../core/errors'
import type { HybridClock } from '../../core/hlc'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access } from '../auth/access'
import { decodeCursor, encodeCursor } from '../followups/keyset'
import { recordActivity } from '../timeline/activity'
import { approvalType, approvalTypes } from './approval-types'
import { detailView } from './approval-views'
import { ApprovalsRepository, type Key } from './approvals.repository'
import { approvalDecisions, approvalFlows, approvalInstances } from './approvals.table'
import { writeFold } from './apply-fold'
import { loadDecisions, loadInstance, type InstanceRow } from './derived'
import { foldDecisions } from './fold'
import { pickFlow, resolveSteps } from './resolve-steps'

export interface ApprovalsDeps { db: Db; repo: ApprovalsRepository; access: Access; mutation: Mutation; clock: HybridClock; afterChange: () => void }

const page = <T>(rows: (T & { key: Key })[], limit: number): Page<T> => ({
  items: rows.slice(0, limit).map(({ key: _key, ...r }) => r as T),
  nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1]!.key) : null,
})

/**
 * 审批流: rules in main. Document modules call submit / assertEditable; users decide and
 * recall through the contract. Every state change is a decision in the ledger, and the
 * instance's state is foldDecisions over them (see fold.ts).
 */
export class ApprovalsService {
  constructor(private readonly d: ApprovalsDeps) {}

  // ---- configuration (administrators: system.settings) ----

  listFlows(userId: string | null, input: { documentType?: string }): { flows: ApprovalFlowRow[]; documentTypes: string[] } {
    this.d.access.require(this.d.access.actor(userId), 'system.settings')
    return { flows: this.d.repo.flows(input.documentType).map(ApprovalsRepository.flowRow), documentTypes: approvalTypes() }
  }

  saveFlow(userId: string | null, input: z.output<typeof saveFlowInput>): ApprovalFlowRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    if (!approvalType(input.documentType)) throw new AppError('VALIDATION', 'errors.approvalUnknownType', { documentType: input.documentType })
    const c = input.conditions
    if (c.minAmount != null && c.maxAmount != null && c.minAmount > c.maxAmount) throw new AppError('VALIDATION', 'errors.approvalAmountRange')
    const org = this.d.repo.org()
    for (const s of input.steps) {
      const ids = s.kind === 'user' ? [s.userId] : s.kind === 'anyOf' || s.kind === 'allOf' ? s.userIds : []
      for (const id of ids) if (!org.users.some((u) => u.id === id)) throw notFound('user')
      if (s.kind === 'role' && !this.d.repo.roleExists(s.roleId)) throw notFound('role')
    }
    const values = { documentType: input.documentType, name: input.name, enabled: input.enabled, priority: input.priority, conditions: c, steps: input.steps }
    const row = this.d.mutation({ userId: actor.userId }, (w) => {
      if (!input.id) return w.insert(approvalFlows, values)
      if (!this.d.repo.flow(input.id)) throw notFound('approvalFlow')
      return w.update(approvalFlows, input.id, values)
    })
    return ApprovalsRepository.flowRow(row)
  }

  /** Instances already submitted keep their resolved steps; only new submissions change. */
  deleteFlow(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    if (!this.d.repo.flow(input.id)) throw notFound('approvalFlow')
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(approvalFlows, input.id))
    return { ok: true }
  }

  // ---- for document modules ----

  /**
   * Submits a document for approval: the first enabled flow of its type whose conditions
   * match (by priority), else the type's fallbackSteps, else approved at once (recorded). Pass
   * the document module's Writer to submit in the same transaction as its own status change.
   */
  submit(w: Writer | null, actor: { userId: string }, documentType: string, documentId: string): InstanceRow {
    this.d.access.actor(actor.userId)
    const run = (tx: Writer): InstanceRow => {
      const type = approvalType(documentType)
      if (!type) throw new AppError('VALIDATION', 'errors.approvalUnknownType', { documentType })
      const facts = type.facts(documentId, tx.db)
      if (!facts) throw notFound(documentType)
      const latest = this.d.repo.latestFor(documentType, documentId)
      if (latest?.status === 'pending') throw conflict('errors.approvalPending')
      if (latest?.status === 'approved') throw conflict('errors.approvalLocked')
      const flow = pickFlow(this.d.repo.flows(documentType), facts)
      const steps = resolveSteps(this.d.repo.org(), actor.userId, flow?.steps ?? type.fallbackSteps ?? [])
      const auto = steps.length === 0
      const inst = tx.insert(approvalInstances, {
        documentType, documentId, documentTitle: facts.title.slice(0, 200), amount: facts.amount, customerId: facts.customerId ?? null,
        submitterId: actor.userId, flowId: flow?.id ?? null, flowName: flow?.name ?? null, steps,
        status: auto ? 'approved' : 'pending', currentStep: 0, submittedAt: tx.now, submitHlc: this.d.clock.now(), decidedAt: auto ? tx.now : null, basis: [],
      })
      this.activity(tx, inst, actor.userId, auto ? 'autoApproved' : 'submitted', null, facts.ownerId)
      if (auto) type.onDecided(tx, inst, 'approved')
      return inst
    }
    if (w) {
      const inst = run(w)
      w.afterCommit(this.d.afterChange)
      return inst
    }
    const inst = this.d.mutation({ userId: actor.userId }, run)
    this.d.afterChange()
    return inst
  }

  /** The newest submission's status for a document, or null if never submitted. */
  statusOf(documentType: string, documentId: string): ApprovalStatus | null {
    return this.d.repo.latestFor(documentType, documentId)?.status ?? null
  }

  /**
   * Whether the user is an approver of any submission of the document: document modules let
   * approvers read what they are asked to decide, even outside their data scope (a named
   * approver, a 会签 member from another department).
   */
  isApproverOf(documentType: string, documentId: string, userId: string): boolean {
    return this.d.repo.instancesFor(documentType, documentId).some((i) => i.steps.some((s) => s.approverIds.includes(userId)))
  }

  /** Documents in approval or approved cannot be edited (only revised or reversed). */
  assertEditable(documentType: string, documentId: string): void {
    const s = this.statusOf(documentType, documentId)
    if (s === 'pending') throw conflict('errors.approvalPending')
    if (s === 'approved') throw conflict('errors.approvalLocked')
  }

  // ---- decisions ----

  decide(userId: string | null, input: { instanceId: string; step: number; decision: 'approve' | 'reject'; comment: string }): ApprovalDetail {
    const actor = this.d.access.actor(userId)
    const comment = input.comment.trim()
    this.d.mutation({ userId: actor.userId }, (w) => {
      const inst = loadInstance(w.db, input.instanceId)
      if (!inst) throw notFound('approval')
      const decisions = loadDecisions(w.db, inst.id)
      const f = foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, decisions)
      if (inst.submitterId === actor.userId) throw forbiddenKey('errors.approvalSelf')
      if (f.status !== 'pending') throw conflict('errors.approvalClosed', { status: f.status })
      if (input.step !== f.currentStep) throw conflict('errors.approvalStepChanged')
      if (!inst.steps[f.currentStep]!.approverIds.includes(actor.userId)) throw forbiddenKey('errors.approvalNotApprover')
      if (!f.waitingFor.includes(actor.userId)) throw conflict('errors.approvalAlreadyDecided')
      if (input.decision === 'reject' && !comment) throw new AppError('VALIDATION', 'errors.approvalCommentRequired')
      const d = w.insert(approvalDecisions, {
        instanceId: inst.id, step: f.currentStep, approverId: actor.userId, decision: input.decision, comment, decidedAt: w.now, decidedHlc: this.d.clock.now(),
      })
      const { row } = writeFold(w, inst, foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, [...decisions, d]))
      if (row.status !== 'pending') this.activity(w, row, actor.userId, row.status === 'approved' ? 'approved' : 'rejected', comment)
    })
    this.d.afterChange()
    return this.get(userId, { id: input.instanceId })
  }

  /** The submitter takes the document back while no approver has approved anything yet. */
  recall(userId: string | null, input: { instanceId: string; comment: string }): ApprovalDetail {
    const actor = this.d.access.actor(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const inst = loadInstance(w.db, input.instanceId)
      if (!inst) throw notFound('approval')
      if (inst.submitterId !== actor.userId) throw forbiddenKey('errors.approvalNotSubmitter')
      const decisions = loadDecisions(w.db, inst.id)
      const f = foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, decisions)
      if (f.status !== 'pending') throw conflict('errors.approvalClosed', { status: f.status })
      if (f.approvals.some((a) => a.length > 0)) throw conflict('errors.approvalRecallTooLate')
      const d = w.insert(approvalDecisions, {
        instanceId: inst.id, step: f.currentStep, approverId: actor.userId, decision: 'recall', comment: input.comment.trim(), decidedAt: w.now, decidedHlc: this.d.clock.now(),
      })
      const { row } = writeFold(w, inst, foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, [...decisions, d]))
      this.activity(w, row, actor.userId, 'recalled', input.comment.trim())
    })
    this.d.afterChange()
    return this.get(userId, { id: input.instanceId })
  }

  // ---- reading ----

  get(userId: string | null, input: { id: string }): ApprovalDetail {
    const actor = this.d.access.actor(userId)
    const inst = loadInstance(this.d.db, input.id)
    const row = this.d.repo.instanceRow(input.id)
    if (!inst || !row) throw notFound('approval')
    const decisions = loadDecisions(this.d.db, inst.id)
    const involved = inst.submitterId === actor.userId || inst.steps.some((s) => s.approverIds.includes(actor.userId)) || decisions.some((d) => d.approverId === actor.userId)
    const overseer = actor.permissions.has('system.settings') || (actor.permissions.has('sales.view') && this.d.access.canSeeOwner(actor, 'sales', inst.submitterId))
    if (!involved && !overseer) throw forbidden('approvals.view')
    const f = foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, decisions)
    const names = this.d.repo.userNames([inst.submitterId, ...inst.steps.flatMap((s) => s.approverIds), ...decisions.map((d) => d.approverId)])
    return detailView(row, inst, decisions, f, names, actor.userId)
  }

  inbox(userId: string | null, input: { cursor?: string | null; limit: number }): Page<ApprovalInstanceRow> {
    const actor = this.d.access.actor(userId)
    return page(this.d.repo.inbox(actor.userId, decodeCursor(input.cursor), input.limit + 1), input.limit)
  }

  mine(userId: string | null, input: { status?: ApprovalStatus; cursor?: string | null; limit: number }): Page<ApprovalInstanceRow> {
    const actor = this.d.access.actor(userId)
    return page(this.d.repo.mine(actor.userId, input.status, decodeCursor(input.cursor), input.limit + 1), input.limit)
  }

  processed(userId: string | null, input: { cursor?: string | null; limit: number }): Page<ApprovalProcessedRow> {
    const actor = this.d.access.actor(userId)
    return page(this.d.repo.processed(actor.userId, decodeCursor(input.cursor), input.limit + 1), input.limit)
  }

  counts(userId: string | null): { inbox: number } {
    return { inbox: this.d.repo.inboxCount(this.d.access.actor(userId).userId) }
  }

  /** Timeline entry on the document's customer, when there is one, and on the actor. */
  private activity(w: Writer, inst: InstanceRow, actorId: string, what: 'submitted' | 'autoApproved' | 'approved' | 'rejected' | 'recalled', comment: string | null, ownerId?: string | null): void {
    recordActivity(w, actorId, {
      kind: 'approval', summaryKey: `timeline.approval.${what}`, params: { title: inst.documentTitle, documentType: inst.documentType },
      customerId: inst.customerId, ownerId: ownerId ?? inst.submitterId, recordId: inst.id, body: comment || null,
    })
  }
}

const forbiddenKey = (messageKey: string) => new AppError('FORBIDDEN', messageKey)
