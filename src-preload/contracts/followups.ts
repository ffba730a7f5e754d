import { z } from 'zod'
import { cursor, dateStr, fen, id, longText, method, noInput, requiredText, shortText, timestamp, type Page } from './define'

/** 跟进方式: 打电话, 见面拜访, 发邮件, 发短信, 微信, 活动. */
export const FOLLOWUP_TYPES = ['call', 'visit', 'email', 'sms', 'wechat', 'event'] as const
export type FollowupType = (typeof FOLLOWUP_TYPES)[number]

export interface FollowupRow {
  id: string; customerId: string; customerName: string; ownerId: string; ownerName: string | null
  type: FollowupType; at: number; content: string; contactId: string | null; contactName: string | null
  opportunityId: string | null; opportunityName: string | null; stage: string | null
  nextStep: string | null; nextAt: number | null
}

/**
 * A pipeline stage. Default stages carry an i18n key as `name` (e.g. 'stage.initial', see
 * DEFAULT_STAGE_NAME_KEYS); stages an administrator adds carry free text.
 */
export interface StageRow { key: string; name: string; probability: number; sort: number; kind: 'open' | 'won' | 'lost' }
/** Names of the default stages: the renderer translates a name found here, shows others as typed. */
export const DEFAULT_STAGE_NAME_KEYS = ['stage.initial', 'stage.needs', 'stage.quoted', 'stage.negotiating', 'stage.committed', 'stage.won', 'stage.lost'] as const

export interface OpportunityRow {
  id: string; customerId: string; customerName: string; ownerId: string; ownerName: string | null
  name: string; stage: string; stageName: string; amount: number; expectedCloseDate: string | null
  lossReason: string | null; notes: string | null
  /** When it entered a won or lost stage; null while open. */
  closedAt: number | null
  stageKind: 'open' | 'won' | 'lost'
  /** Stage probability (0–100). */
  stageProbability: number
  /** 赢单率: stage probability adjusted by the follow-up history (see docs/WIN-RATE.md). */
  winRate: number
  /** Why the win rate differs from the stage probability; i18n keys 'winRate.*'; deltas sum to winRate − stageProbability. */
  winRateFactors: { key: string; delta: number }[]
  /** Latest follow-up with the customer (any opportunity). */
  lastFollowupAt: number | null; createdAt: number; updatedAt: number
}

/** One board column: up to PIPELINE_CARDS most recently changed cards; count and totals cover all of the stage. */
export interface PipelineColumn { stage: StageRow; items: OpportunityRow[]; count: number; totalAmount: number; weightedAmount: number }
export const PIPELINE_CARDS = 100
export interface ForecastRow { ownerId: string; ownerName: string | null; month: string; amount: number; weighted: number; count: number }

export const followupInput = z.object({
  customerId: id,
  type: z.enum(FOLLOWUP_TYPES),
  content: requiredText(5000),
  at: timestamp.optional(),
  contactId: id.nullable().optional(),
  opportunityId: id.nullable().optional(),
  /** Moves the linked opportunity to this stage. */
  stage: shortText(30).nullable().optional(),
  /** Needed when `stage` is a lost stage. */
  lossReason: shortText(200).nullable().optional(),
  nextStep: shortText(200).nullable().optional(),
  /** 下次联系时间: raises a reminder at this time. */
  nextAt: timestamp.nullable().optional(),
}).strict()

export const opportunityInput = z.object({
  id: id.optional(),
  customerId: id,
  name: requiredText(100),
  stage: requiredText(30),
  amount: fen.min(0),
  expectedCloseDate: dateStr.nullable().optional(),
  lossReason: shortText(200).nullable().optional(),
  notes: longText.optional(),
}).strict()

export const followups = {
  list: method<Page<FollowupRow>>()(z.object({ customerId: id.optional(), ownerId: id.optional(), opportunityId: id.optional(), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  add: method<FollowupRow>()(followupInput),
  update: method<FollowupRow>()(followupInput.extend({ id }).strict()),
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
}

export const opportunities = {
  list: method<Page<OpportunityRow>>()(z.object({ customerId: id.optional(), ownerId: id.optional(), stage: shortText(30).optional(), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  get: method<OpportunityRow>()(z.object({ id }).strict()),
  save: method<OpportunityRow>()(opportunityInput),
  /** Drag on the pipeline board; a lost stage needs a reason. */
  moveStage: method<OpportunityRow>()(z.object({ id, stage: requiredText(30), lossReason: shortText(200).optional() }).strict()),
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
  pipeline: method<PipelineColumn[]>()(z.object({ ownerId: id.optional() }).strict()),
  /**
   * Forecast = Σ amount × win rate per salesperson and expected-close month (won count at 100 %).
   * Opportunities without an expected close date and lost ones are left out; at most 36 months.
   */
  forecast: method<ForecastRow[]>()(z.object({ fromMonth: z.string().regex(/^\d{4}-\d{2}$/), toMonth: z.string().regex(/^\d{4}-\d{2}$/), ownerId: id.optional() }).strict()),
  listStages: method<StageRow[]>()(noInput),
  /** Replaces the stage list (needs system.settings): one won, one lost, at least one open; won is 100 %, lost 0 %. */
  saveStages: method<StageRow[]>()(z.object({ stages: z.array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/), name: requiredText(30), probability: z.number().int().min(0).max(100), sort: z.number().int().min(0).max(1000), kind: z.enum(['open', 'won', 'lost']) }).strict()).min(3).max(20) }).strict()),
}
