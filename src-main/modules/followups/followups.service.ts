import type { FollowupRow, FollowupType, StageRow } from '../../../src-preload/contracts/followups'
import type { Page } from '../../../src-preload/contracts/define'
import type { Db } from '../../core/db'
import { AppError, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { loadVisibleCustomer, type CustomerRow } from '../customers/customer-access'
import { customers } from '../customers/customers.table'
import { removeSourceReminder, syncSourceReminder } from '../reminders/source-reminders'
import { recordActivity } from '../timeline/activity'
import { followups } from './followups.table'
import './followups.synced'
import type { FollowupsRepository } from './followups.repository'
import { decodeCursor, encodeCursor } from './keyset'
import type { OpportunitiesRepository, OpportunityRecord } from './opportunities.repository'
import type { Visible } from './scope-sql'
import { effectiveStages, moveStage, requireStage } from './stage-moves'

export interface FollowupsDeps { db: Db; repo: FollowupsRepository; opportunities: OpportunitiesRepository; access: Access; mutation: Mutation; now: () => number }

export interface FollowupInput {
  customerId: string; type: FollowupType; content: string; at?: number
  contactId?: string | null; opportunityId?: string | null; stage?: string | null; lossReason?: string | null
  nextStep?: string | null; nextAt?: number | null
}

/** A follow-up may be logged a little ahead (clock skew between devices), not in the future. */
export const FUTURE_SLACK_MS = 10 * 60_000
export const REMINDER_SOURCE = 'followup'

/**
 * 客户跟进. Logging one moves the customer's lastFollowupAt (the pool's clock), records a
 * timeline entry, can move the linked opportunity's stage, and keeps the owner's reminder for
 * the next step in step with nextAt — all in one mutation.
 */
export class FollowupsService {
  constructor(private readonly d: FollowupsDeps) {}

  list(userId: string | null, input: { customerId?: string; ownerId?: string; opportunityId?: string; cursor?: string | null; limit: number }): Page<FollowupRow> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    let visible: Visible | null = null
    if (input.customerId) loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId)
    else if (input.opportunityId) {
      const opp = this.d.opportunities.byId(input.opportunityId)
      if (!opp) throw notFound('opportunity')
      loadVisibleCustomer(this.d.db, this.d.access, actor, opp.customerId)
    } else {
      if (input.ownerId) this.d.access.requireOwnerVisible(actor, 'customers', input.ownerId)
      visible = this.d.access.visibleOwners(actor, 'customers')
    }
    const rows = this.d.repo.list({ ...input, visible, after: decodeCursor(input.cursor), limit: input.limit })
    const items = rows.slice(0, input.limit)
    const last = items.at(-1)
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.at, id: last.id }) : null }
  }

  add(userId: string | null, input: FollowupInput): FollowupRow {
    const actor = this.d.access.actor(userId)
    const stages = effectiveStages(this.d.opportunities)
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const c = loadVisibleCustomer(w.db, this.d.access, actor, input.customerId, { forWrite: true })
      const v = this.validate(w, c, input)
      const f = w.insert(followups, { customerId: c.id, ownerId: c.ownerId!, ...v.fields })
      if (c.lastFollowupAt === null || f.at > c.lastFollowupAt) w.update(customers, c.id, { lastFollowupAt: f.at })
      recordActivity(w, actor.userId, {
        kind: 'followup', summaryKey: `timeline.followup.${f.type}`, at: f.at, customerId: c.id, ownerId: f.ownerId, recordId: f.id, body: f.content,
        params: { type: f.type, contactName: v.contactName, opportunityName: v.opp?.name ?? null, nextStep: f.nextStep, nextAt: f.nextAt },
      })
      this.applyStage(w, actor, v.opp, stages, input)
      this.syncReminder(w, c, f.id, f.nextStep, f.content, f.nextAt)
      return f.id
    })
    return this.row(id)
  }

  /** Replaces the follow-up's fields (the form sends all of them); the customer cannot change. */
  update(userId: string | null, input: FollowupInput & { id: string }): FollowupRow {
    const actor = this.d.access.actor(userId)
    const stages = effectiveStages(this.d.opportunities)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const existing = this.d.repo.byId(input.id)
      if (!existing) throw notFound('followup')
      const c = loadVisibleCustomer(w.db, this.d.access, actor, existing.customerId, { forWrite: true })
      if (input.customerId !== existing.customerId) throw new AppError('VALIDATION', 'errors.followupCustomerFixed')
      const v = this.validate(w, c, { ...input, at: input.at ?? existing.at })
      const f = w.update(followups, existing.id, v.fields)
      this.refreshLastFollowup(w, c)
      this.applyStage(w, actor, v.opp, stages, input)
      this.syncReminder(w, c, f.id, f.nextStep, f.content, f.nextAt)
    })
    return this.row(input.id)
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const f = this.d.repo.byId(input.id)
      if (!f) throw notFound('followup')
      const c = loadVisibleCustomer(w.db, this.d.access, actor, f.customerId, { forWrite: true })
      w.softDelete(followups, f.id)
      removeSourceReminder(w, REMINDER_SOURCE, f.id)
      this.refreshLastFollowup(w, c)
      recordActivity(w, actor.userId, { kind: 'followup', summaryKey: 'timeline.followup.removed', customerId: c.id, ownerId: f.ownerId, recordId: f.id, params: { type: f.type, at: f.at } })
    })
    return { ok: true }
  }

  /** Checks references inside the customer (contact, opportunity, stage) and the time. */
  private validate(w: Writer, c: CustomerRow, input: FollowupInput) {
    const at = input.at ?? w.now
    if (at > w.now + FUTURE_SLACK_MS) throw new AppError('VALIDATION', 'errors.followupInFuture', { at })
    let contactName: string | null = null
    if (input.contactId) {
      const contact = this.d.repo.contact(input.contactId)
      if (!contact || contact.customerId !== c.id) throw notFound('contact')
      contactName = contact.name
    }
    let opp: OpportunityRecord | null = null
    if (input.opportunityId) {
      opp = this.d.opportunities.byId(input.opportunityId) ?? null
      if (!opp || opp.customerId !== c.id) throw notFound('opportunity')
    }
    if (input.stage && !opp) throw new AppError('VALIDATION', 'errors.stageNeedsOpportunity')
    const fields = {
      type: input.type, at, content: input.content, contactId: input.contactId ?? null, opportunityId: opp?.id ?? null,
      // The stage as of this follow-up: the one it moves to, else the opportunity's current one.
      stage: input.stage || opp?.stage || null,
      nextStep: input.nextStep || null, nextAt: input.nextAt ?? null,
    }
    return { fields, opp, contactName }
  }

  private applyStage(w: Writer, actor: Actor, opp: OpportunityRecord | null, stages: StageRow[], input: FollowupInput): void {
    if (!opp || !input.stage) return
    moveStage(w, actor.userId, opp, stages, requireStage(stages, input.stage), input.lossReason ?? (opp.stage === input.stage ? opp.lossReason : null))
  }

  private refreshLastFollowup(w: Writer, c: CustomerRow): void {
    const last = this.d.repo.lastAt(c.id)
    if (last !== c.lastFollowupAt) w.update(customers, c.id, { lastFollowupAt: last })
  }

  /** The owner's reminder for the next step: title = customer, body = the next step (or the content). */
  private syncReminder(w: Writer, c: CustomerRow, followupId: string, nextStep: string | null, content: string, nextAt: number | null): void {
    syncSourceReminder(w, {
      sourceType: REMINDER_SOURCE, sourceId: followupId, ownerId: c.ownerId!, customerId: c.id,
      title: c.name, body: nextStep ?? content, dueAt: nextAt,
    })
  }

  private row(id: string): FollowupRow {
    const r = this.d.repo.row(id)
    if (!r) throw notFound('followup')
    return r
  }
}
