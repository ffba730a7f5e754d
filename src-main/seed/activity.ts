import { FOLLOWUP_TYPES } from '../../src-preload/contracts/followups'
import { DEFAULT_STAGES } from '../modules/followups/stages'
import { byId, type SeedContext } from './bulk'
import { DAY, type SeedCustomer } from './customers'
import type { ScaleSpec } from './scales'
import { FOLLOWUP_NOTES, LOSS_REASONS, NEXT_STEPS, OPPORTUNITY_WORDS } from './vocab'

interface SeedOpportunity {
  id: string; customer: SeedCustomer; ownerId: string; name: string; stage: string; amount: number
  createdAt: number; closedAt: number | null; expectedCloseDate: string; lossReason: string | null
}
interface SeedFollowup {
  id: string; customer: SeedCustomer; ownerId: string; by: string; type: string; at: number; content: string
  contactId: string | null; contactName: string | null; opportunity: SeedOpportunity | null; stage: string | null
  nextStep: string | null; nextAt: number | null
}
interface SeedActivity { id: string; at: number; actorId: string; ownerId: string | null; customerId: string; kind: string; summaryKey: string; params: string; recordId: string; body: string | null }

const TYPE_WEIGHTS: Record<string, number> = { call: 45, wechat: 25, visit: 15, email: 8, sms: 4, event: 3 }
const LEVEL_ACTIVITY: Record<string, number> = { A: 6, B: 3, C: 1.5, D: 1 }
/** Share of opportunities per stage among recent ones; old ones are mostly closed. */
const STAGE_WEIGHTS: [string, number][] = [['initial', 20], ['needs', 18], ['quoted', 15], ['negotiating', 10], ['committed', 7], ['won', 18], ['lost', 12]]
const stageName = (key: string) => DEFAULT_STAGES.find((s) => s.key === key)?.name ?? key
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Opportunities across stages, follow-ups over the customers' history (more for A-level
 * customers, more recent than old), the timeline entries each of them records in the app,
 * and reminders for follow-ups with a next step. Moves the customers' lastFollowupAt,
 * updatedAt and won flags accordingly.
 */
export function planActivity(ctx: SeedContext, spec: ScaleSpec, customers: SeedCustomer[]): { opportunities: SeedOpportunity[]; followups: SeedFollowup[] } {
  const r = ctx.rng('activity')
  const base = ctx.baseTime
  const owned = customers.filter((c) => c.ownerId)
  const opportunities: SeedOpportunity[] = []
  const oppsOf = new Map<string, SeedOpportunity[]>()
  for (let i = 0; i < spec.opportunities && owned.length > 0; i++) {
    const c = r.pick(owned)
    const createdAt = Math.floor(c.createdAt + r.next() * (base - c.createdAt))
    const old = base - createdAt > 180 * DAY
    const stage = old ? (r.chance(0.6) ? 'won' : r.chance(0.8) ? 'lost' : 'negotiating') : STAGE_WEIGHTS[r.weighted(STAGE_WEIGHTS.map(([, w]) => w))]![0]
    const closed = stage === 'won' || stage === 'lost'
    const closedAt = closed ? Math.min(base - DAY, createdAt + r.int(7, 120) * DAY) : null
    // Amounts: many small deals, a few large ones (¥5,000 … ¥2,000,000), rounded to ¥100.
    const amount = Math.round(5_000 * Math.pow(400, Math.pow(r.next(), 2)) / 100) * 100 * 100
    const o: SeedOpportunity = {
      id: ctx.id(createdAt, r), customer: c, ownerId: c.ownerId!, name: `${c.shortName}${new Date(createdAt).getUTCFullYear()}${r.pick(OPPORTUNITY_WORDS)}`,
      stage, amount, createdAt, closedAt, expectedCloseDate: isoDate(closedAt ?? base + r.int(-30, 180) * DAY), lossReason: stage === 'lost' ? r.pick(LOSS_REASONS) : null,
    }
    if (stage === 'won') c.won = true
    opportunities.push(o)
    const list = oppsOf.get(c.id)
    if (list) list.push(o)
    else oppsOf.set(c.id, [o])
  }

  // Customers drawn by level weight through a cumulative table (binary search per follow-up).
  const cumulative: number[] = []
  let total = 0
  for (const c of customers) { total += LEVEL_ACTIVITY[c.level] ?? 1; cumulative.push(total) }
  const drawCustomer = () => {
    const x = r.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! > x) hi = mid; else lo = mid + 1 }
    return customers[lo]!
  }
  const typeWeights = FOLLOWUP_TYPES.map((t) => TYPE_WEIGHTS[t] ?? 1)
  const followups: SeedFollowup[] = []
  for (let i = 0; i < spec.followups && customers.length > 0; i++) {
    const c = drawCustomer()
    // Pool customers were followed up only until they were released.
    const end = c.releasedAt ?? base
    const at = Math.floor(end - Math.pow(r.next(), 1.6) * (end - c.createdAt))
    const type = FOLLOWUP_TYPES[r.weighted(typeWeights)]!
    const contact = c.contacts.length > 0 && r.chance(0.75) ? r.pick(c.contacts) : null
    const content = r.pick(FOLLOWUP_NOTES[type] ?? FOLLOWUP_NOTES.call!).replace('{name}', contact?.name ?? '对方')
    const opps = (oppsOf.get(c.id) ?? []).filter((o) => o.createdAt <= at && (o.closedAt === null || o.closedAt >= at))
    const opp = opps.length > 0 && r.chance(0.6) ? r.pick(opps) : null
    const nextAt = r.chance(0.3) ? at + r.int(1, 14) * DAY + r.int(9, 17) * 3_600_000 : null
    const ownerId = c.ownerId ?? c.previousOwnerId!
    followups.push({
      id: ctx.id(at, r), customer: c, ownerId, by: ownerId, type, at, content, contactId: contact?.id ?? null, contactName: contact?.name ?? null,
      opportunity: opp, stage: opp ? (opp.closedAt === at ? opp.stage : opp.stage === 'won' || opp.stage === 'lost' ? 'negotiating' : opp.stage) : null,
      nextStep: nextAt ? r.pick(NEXT_STEPS) : null, nextAt,
    })
    if (c.lastFollowupAt === null || at > c.lastFollowupAt) c.lastFollowupAt = at
  }
  for (const c of customers) if (c.lastFollowupAt && c.lastFollowupAt > c.updatedAt) c.updatedAt = c.lastFollowupAt
  for (const c of customers) if (c.releasedAt && c.releasedAt > c.updatedAt) c.updatedAt = c.releasedAt
  return { opportunities, followups }
}

export function writeActivity(ctx: SeedContext, plan: { opportunities: SeedOpportunity[]; followups: SeedFollowup[] }): { opportunities: number; followups: number; activities: number; reminders: number } {
  const r = ctx.rng('activity-write')
  const base = ctx.baseTime
  const opps = byId(plan.opportunities)
  ctx.inBatches('opportunities', opps, (o) => {
    ctx.insert('opportunities', [ctx.base(o.id, o.createdAt, o.ownerId, o.closedAt ?? o.createdAt), {
      customer_id: o.customer.id, owner_id: o.ownerId, name: o.name, stage: o.stage,
      amount: o.amount, expected_close_date: o.expectedCloseDate, loss_reason: o.lossReason, notes: null, closed_at: o.closedAt,
    }])
  })
  const followups = byId(plan.followups)
  ctx.inBatches('followups', followups, (f) => {
    ctx.insert('followups', [ctx.base(f.id, f.at, f.by), {
      customer_id: f.customer.id, owner_id: f.ownerId, type: f.type, at: f.at, content: f.content,
      contact_id: f.contactId, opportunity_id: f.opportunity?.id ?? null, stage: f.stage, next_step: f.nextStep, next_at: f.nextAt,
    }])
  })

  // The timeline entries the app records for the same events (timeline/activity.ts).
  const activities: SeedActivity[] = []
  for (const f of followups) {
    activities.push({
      id: ctx.id(f.at, r), at: f.at, actorId: f.by, ownerId: f.ownerId, customerId: f.customer.id, kind: 'followup', summaryKey: `timeline.followup.${f.type}`,
      params: JSON.stringify({ type: f.type, contactName: f.contactName, opportunityName: f.opportunity?.name ?? null, nextStep: f.nextStep, nextAt: f.nextAt }), recordId: f.id, body: f.content,
    })
  }
  for (const o of opps) {
    const first = o.closedAt ? 'initial' : o.stage
    activities.push({
      id: ctx.id(o.createdAt, r), at: o.createdAt, actorId: o.ownerId, ownerId: o.ownerId, customerId: o.customer.id, kind: 'opportunity', summaryKey: 'timeline.opportunity.created',
      params: JSON.stringify({ name: o.name, stage: first, stageName: stageName(first), amount: o.amount }), recordId: o.id, body: null,
    })
    if (o.closedAt) {
      activities.push({
        id: ctx.id(o.closedAt, r), at: o.closedAt, actorId: o.ownerId, ownerId: o.ownerId, customerId: o.customer.id, kind: 'opportunity', summaryKey: 'timeline.opportunity.stage',
        params: JSON.stringify({ name: o.name, from: first, to: o.stage, fromName: stageName(first), toName: stageName(o.stage), lossReason: o.lossReason }), recordId: o.id, body: null,
      })
    }
  }
  byId(activities)
  ctx.inBatches('activities', activities, (a) => {
    ctx.insert('activities', [ctx.base(a.id, a.at, a.actorId), {
      at: a.at, actor_id: a.actorId, owner_id: a.ownerId, customer_id: a.customerId, kind: a.kind,
      summary_key: a.summaryKey, params: a.params, record_id: a.recordId, body: a.body,
    }])
  })

  // A follow-up's next step raises a reminder for the owner (followups.service syncReminder):
  // older ones done, the last few days' half overdue, upcoming ones pending (the app's
  // scheduler announces overdue ones at start, so a large database has only a few hundred).
  const reminders = followups.filter((f) => f.nextAt !== null && f.customer.ownerId !== null).map((f) => ({ f, id: ctx.id(f.at, r) }))
  byId(reminders)
  ctx.inBatches('reminders', reminders, ({ f, id }) => {
    const done = f.nextAt! < base - 3 * DAY || (f.nextAt! < base && r.chance(0.5))
    ctx.insert('reminders', [ctx.base(id, f.at, f.by, done ? f.nextAt! : f.at), {
      owner_id: f.ownerId, title: f.customer.name.slice(0, 100), body: (f.nextStep ?? f.content).slice(0, 500),
      due_at: f.nextAt, status: done ? 'done' : 'pending', snoozed_until: null, fire_at: f.nextAt, done_at: done ? f.nextAt : null,
      source_type: 'followup', source_id: f.id, customer_id: f.customer.id,
    }])
  })
  return { opportunities: opps.length, followups: followups.length, activities: activities.length, reminders: reminders.length }
}
