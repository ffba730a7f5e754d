import { PIPELINE_CARDS, type ForecastRow, type OpportunityRow, type PipelineColumn, type StageRow } from '../../../src-preload/contracts/followups'
import type { Page } from '../../../src-preload/contracts/define'
import type { Db } from '../../core/db'
import { AppError, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { loadVisibleCustomer } from '../customers/customer-access'
import { customers } from '../customers/customers.table'
import { recordActivity } from '../timeline/activity'
import { opportunities, opportunityStages } from './followups.table'
import './followups.synced'
import { decodeCursor, encodeCursor } from './keyset'
import type { OpportunitiesRepository, OpportunityData, OpportunityFilter, OpportunityRecord, RateClock } from './opportunities.repository'
import { effectiveStages, moveStage, requireLossReason, requireStage } from './stage-moves'
import { normaliseStages, stageId } from './stages'
import { localDate, winRate } from './win-rate'

export interface OpportunitiesDeps { db: Db; repo: OpportunitiesRepository; access: Access; mutation: Mutation; now: () => number }

type SaveInput = { id?: string; customerId: string; name: string; stage: string; amount: number; expectedCloseDate?: string | null; lossReason?: string | null; notes?: string }

const MAX_FORECAST_MONTHS = 36

/**
 * 商机: opportunities with configurable stages, the pipeline board and the forecast. Every
 * method opens customers through loadVisibleCustomer or filters lists by the caller's scope.
 */
export class OpportunitiesService {
  constructor(private readonly d: OpportunitiesDeps) {}

  listStages(userId: string | null): StageRow[] {
    this.d.access.actor(userId)
    return effectiveStages(this.d.repo)
  }

  saveStages(userId: string | null, input: { stages: StageRow[] }): StageRow[] {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    const next = normaliseStages(input.stages)
    const current = effectiveStages(this.d.repo)
    const removed = current.filter((s) => !next.some((n) => n.key === s.key)).map((s) => s.key)
    const inUse = this.d.repo.countAtStages(removed)[0]
    if (inUse) throw new AppError('CONFLICT', 'errors.stageInUse', { stage: inUse.stage, count: inUse.n })
    const records = new Map(this.d.repo.stageRecords().map((r) => [r.key, r]))
    this.d.mutation({ userId: actor.userId }, (w) => {
      for (const s of next) {
        const existing = records.get(s.key)
        const values = { key: s.key, name: s.name, probability: s.probability, sort: s.sort, kind: s.kind }
        if (!existing) w.insert(opportunityStages, { ...values, id: stageId(s.key) })
        else {
          if (existing.deletedAt) w.restore(opportunityStages, existing.id)
          w.update(opportunityStages, existing.id, values)
        }
      }
      for (const key of removed) {
        const existing = records.get(key)
        if (existing) w.softDelete(opportunityStages, existing.id)
      }
    })
    return effectiveStages(this.d.repo)
  }

  get(userId: string | null, input: { id: string }): OpportunityRow {
    const actor = this.reader(userId)
    const opp = this.d.repo.byId(input.id)
    if (!opp) throw notFound('opportunity')
    loadVisibleCustomer(this.d.db, this.d.access, actor, opp.customerId)
    return this.row(opp.id)
  }

  list(userId: string | null, input: { customerId?: string; ownerId?: string; stage?: string; cursor?: string | null; limit: number }): Page<OpportunityRow> {
    const actor = this.reader(userId)
    const filter = this.filter(actor, input)
    const clock = this.rateClock()
    const rows = this.d.repo.list(filter, decodeCursor(input.cursor), input.limit, clock)
    const stages = effectiveStages(this.d.repo)
    const items = rows.slice(0, input.limit).map((r) => toRow(r, stages, clock))
    const last = items.at(-1)
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.updatedAt, id: last.id }) : null }
  }

  save(userId: string | null, input: SaveInput): OpportunityRow {
    const actor = this.d.access.actor(userId)
    const stages = effectiveStages(this.d.repo)
    const to = requireStage(stages, input.stage)
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const values = { name: input.name, amount: input.amount, expectedCloseDate: input.expectedCloseDate ?? null, notes: input.notes || null }
      if (!input.id) {
        const c = loadVisibleCustomer(w.db, this.d.access, actor, input.customerId, { forWrite: true })
        const lossReason = requireLossReason(to, input.lossReason)
        const o = w.insert(opportunities, { ...values, customerId: c.id, ownerId: c.ownerId!, stage: to.key, lossReason, closedAt: to.kind === 'open' ? null : w.now })
        if (to.kind === 'won') w.update(customers, c.id, { won: true })
        recordActivity(w, actor.userId, {
          kind: 'opportunity', summaryKey: 'timeline.opportunity.created', customerId: c.id, ownerId: o.ownerId, recordId: o.id,
          params: { name: o.name, stage: to.key, stageName: to.name, amount: o.amount },
        })
        return o.id
      }
      const opp = this.d.repo.byId(input.id)
      if (!opp) throw notFound('opportunity')
      loadVisibleCustomer(w.db, this.d.access, actor, opp.customerId, { forWrite: true })
      if (input.customerId !== opp.customerId) throw new AppError('VALIDATION', 'errors.opportunityCustomerFixed')
      const updated = w.update(opportunities, opp.id, values)
      // Saving the form of a lost opportunity again keeps its reason.
      moveStage(w, actor.userId, updated, stages, to, input.lossReason ?? (opp.stage === to.key ? opp.lossReason : null))
      return opp.id
    })
    return this.row(id)
  }

  moveStage(userId: string | null, input: { id: string; stage: string; lossReason?: string }): OpportunityRow {
    const actor = this.d.access.actor(userId)
    const stages = effectiveStages(this.d.repo)
    const to = requireStage(stages, input.stage)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const opp = this.d.repo.byId(input.id)
      if (!opp) throw notFound('opportunity')
      loadVisibleCustomer(w.db, this.d.access, actor, opp.customerId, { forWrite: true })
      moveStage(w, actor.userId, opp, stages, to, input.lossReason)
    })
    return this.row(input.id)
  }

  /**
   * For documents that close a deal inside their own mutation (a quote accepted, docs/SALES.md):
   * the opportunity moves to the won stage by the stage rules (closedAt, customer marked won,
   * timeline entry). The caller has already checked the document's scope. An opportunity
   * already won, or removed, is left alone; a lost one is won after all.
   */
  markWon(w: Writer, actorId: string, id: string): OpportunityRecord | null {
    const opp = this.d.repo.byId(id)
    if (!opp) return null
    const stages = effectiveStages(this.d.repo)
    const won = stages.find((s) => s.kind === 'won')
    if (!won || stages.find((s) => s.key === opp.stage)?.kind === 'won') return opp
    return moveStage(w, actorId, opp, stages, won, null)
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const opp = this.d.repo.byId(input.id)
      if (!opp) throw notFound('opportunity')
      loadVisibleCustomer(w.db, this.d.access, actor, opp.customerId, { forWrite: true })
      w.softDelete(opportunities, opp.id)
      recordActivity(w, actor.userId, { kind: 'opportunity', summaryKey: 'timeline.opportunity.removed', customerId: opp.customerId, ownerId: opp.ownerId, recordId: opp.id, params: { name: opp.name } })
    })
    return { ok: true }
  }

  /** The board: one column per stage with the latest cards, count and totals of the whole stage. */
  pipeline(userId: string | null, input: { ownerId?: string }): PipelineColumn[] {
    const actor = this.reader(userId)
    const filter = this.filter(actor, input)
    const clock = this.rateClock()
    const stages = effectiveStages(this.d.repo)
    const totals = new Map(this.d.repo.stageTotals(filter, stages, clock).map((t) => [t.stage, t]))
    return stages.map((stage) => {
      const t = totals.get(stage.key)
      const items = t ? this.d.repo.list({ ...filter, stage: stage.key }, null, PIPELINE_CARDS, clock).slice(0, PIPELINE_CARDS).map((r) => toRow(r, stages, clock)) : []
      return { stage, items, count: t?.n ?? 0, totalAmount: t?.total ?? 0, weightedAmount: t?.weighted ?? 0 }
    })
  }

  forecast(userId: string | null, input: { fromMonth: string; toMonth: string; ownerId?: string }): ForecastRow[] {
    const actor = this.reader(userId)
    const months = monthIndex(input.toMonth) - monthIndex(input.fromMonth) + 1
    if (!validMonth(input.fromMonth) || !validMonth(input.toMonth) || months < 1 || months > MAX_FORECAST_MONTHS) throw new AppError('VALIDATION', 'errors.invalidMonthRange', { max: MAX_FORECAST_MONTHS })
    const filter = this.filter(actor, input)
    return this.d.repo.forecast(filter, effectiveStages(this.d.repo), `${input.fromMonth}-01`, `${nextMonth(input.toMonth)}-01`, this.rateClock())
  }

  private reader(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    return actor
  }

  /** Scope for a list: one visible customer, or the caller's visible owners (narrowed to one). */
  private filter(actor: Actor, input: { customerId?: string; ownerId?: string; stage?: string }): OpportunityFilter {
    if (input.customerId) {
      loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId)
      return { customerId: input.customerId, ownerId: input.ownerId, stage: input.stage, visible: null }
    }
    if (input.ownerId) this.d.access.requireOwnerVisible(actor, 'customers', input.ownerId)
    return { ownerId: input.ownerId, stage: input.stage, visible: this.d.access.visibleOwners(actor, 'customers') }
  }

  private rateClock(): RateClock {
    const now = this.d.now()
    return { now, today: localDate(now) }
  }

  private row(id: string): OpportunityRow {
    const clock = this.rateClock()
    const data = this.d.repo.data(id, clock)
    if (!data) throw notFound('opportunity')
    return toRow(data, effectiveStages(this.d.repo), clock)
  }
}

export function toRow(d: OpportunityData, stages: readonly StageRow[], clock: RateClock): OpportunityRow {
  // A stage removed on another device while this record moved to it: shown as an open stage at 0 %.
  const st = stages.find((s) => s.key === d.stage) ?? { key: d.stage, name: d.stage, probability: 0, sort: 0, kind: 'open' as const }
  const wr = winRate({ stageProbability: st.probability, stageKind: st.kind, lastFollowupAt: d.lastFollowupAt, followupsInWindow: d.followupsInWindow, createdAt: d.createdAt, expectedCloseDate: d.expectedCloseDate, ...clock })
  // Spelled out rather than `{ ...rest, … }`: V8 builds wide objects by spread several times
  // slower, and the board builds 700 of them per call (a third of its CPU time at large).
  return {
    id: d.id, customerId: d.customerId, customerName: d.customerName, ownerId: d.ownerId, ownerName: d.ownerName,
    name: d.name, stage: d.stage, amount: d.amount, expectedCloseDate: d.expectedCloseDate, lossReason: d.lossReason, notes: d.notes,
    closedAt: d.closedAt, createdAt: d.createdAt, updatedAt: d.updatedAt, lastFollowupAt: d.lastFollowupAt,
    stageName: st.name, stageKind: st.kind, stageProbability: st.probability, winRate: wr.rate, winRateFactors: wr.factors,
  }
}

const validMonth = (m: string) => Number(m.slice(5, 7)) >= 1 && Number(m.slice(5, 7)) <= 12
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1
function nextMonth(m: string): string {
  const i = monthIndex(m) + 1
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`
}
