import { z } from 'zod'
import { cursor, fen, id, longText, method, noInput, requiredText, shortText, type Page } from './define'

/**
 * 审批流 (approval workflows, SA-2 / SA-4): flows configured per document type, instances
 * submitted by document modules (quotes, sales orders, expenses), decisions as an
 * append-only ledger. See docs/APPROVALS.md.
 */

/** Step kinds Chinese users know: 主管, 上一级主管, 指定人, 或签, 会签, and a role. */
export const APPROVAL_STEP_KINDS = ['supervisor', 'supervisor2', 'user', 'anyOf', 'allOf', 'role'] as const
export type ApprovalStepKind = (typeof APPROVAL_STEP_KINDS)[number]

const label = shortText(40).optional()
const userList = z.array(id).min(1).max(20)
export const approvalStepDef = z.discriminatedUnion('kind', [
  /** The submitter's 主管: their reporting manager, else their department's head. */
  z.object({ kind: z.literal('supervisor'), label }).strict(),
  /** 上一级主管: the supervisor's own supervisor. */
  z.object({ kind: z.literal('supervisor2'), label }).strict(),
  /** A named person. */
  z.object({ kind: z.literal('user'), label, userId: id }).strict(),
  /** 或签: any one of them decides. */
  z.object({ kind: z.literal('anyOf'), label, userIds: userList }).strict(),
  /** 会签: all of them must approve. */
  z.object({ kind: z.literal('allOf'), label, userIds: userList }).strict(),
  /** Anyone holding the role in the submitter's department or the nearest one above (或签). */
  z.object({ kind: z.literal('role'), label, roleId: id }).strict(),
])
export type ApprovalStepDef = z.infer<typeof approvalStepDef>

/** All given conditions must hold; an empty object matches every document. */
export const approvalConditions = z.object({
  /** amount ≥ minAmount (fen). */
  minAmount: fen.min(0).nullable().optional(),
  /** amount ≤ maxAmount (fen). */
  maxAmount: fen.min(0).nullable().optional(),
  /** The largest line discount is above this many ‰ (e.g. 150 = 15 %). */
  discountOverPermille: z.number().int().min(0).max(1000).nullable().optional(),
  /** Only documents with a price below the floor price (低于底价). */
  belowFloor: z.boolean().optional(),
  /** Only customers of these levels (A / B / C …). */
  customerLevels: z.array(requiredText(40)).max(20).optional(),
}).strict()
export type ApprovalConditions = z.infer<typeof approvalConditions>

export const documentType = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/)

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'recalled'
export type ApprovalDecisionKind = 'approve' | 'reject' | 'recall'

export interface ApprovalFlowRow {
  id: string
  documentType: string
  name: string
  enabled: boolean
  /** Lower numbers are tried first. */
  priority: number
  conditions: ApprovalConditions
  steps: ApprovalStepDef[]
  updatedAt: number
}

export interface ApprovalInstanceRow {
  id: string
  documentType: string
  documentId: string
  documentTitle: string
  amount: number
  customerId: string | null
  submitterId: string
  submitterName: string
  flowName: string | null
  status: ApprovalStatus
  /** Index of the step waiting for a decision (= stepCount once approved). */
  currentStep: number
  stepCount: number
  submittedAt: number
  decidedAt: number | null
}

/** A row of 已处理: one of my decisions with its instance. */
export interface ApprovalProcessedRow extends ApprovalInstanceRow { decisionId: string; myDecision: ApprovalDecisionKind; myDecidedAt: number }

export interface ApprovalStepView {
  index: number
  kind: ApprovalStepKind
  label: string | null
  mode: 'any' | 'all'
  /** The configured approver was the submitter, so the step went one level up. */
  escalated: boolean
  state: 'approved' | 'current' | 'waiting' | 'rejected' | 'cancelled'
  approvers: { id: string; name: string; decision: 'approve' | 'reject' | null; decidedAt: number | null }[]
}

export interface ApprovalHistoryEntry {
  id: string
  step: number
  approverId: string
  approverName: string
  decision: ApprovalDecisionKind
  comment: string
  decidedAt: number
  /** counted: part of the outcome; superseded: someone decided first (offline); ignored: not valid. */
  effect: 'counted' | 'superseded' | 'ignored'
  supersededByName: string | null
}

export interface ApprovalDetail {
  instance: ApprovalInstanceRow
  steps: ApprovalStepView[]
  /** Every decision, oldest first (append-only). */
  history: ApprovalHistoryEntry[]
  canDecide: boolean
  canRecall: boolean
}

const limit = z.number().int().min(1).max(200).default(50)

export const saveFlowInput = z.object({
  id: id.optional(),
  documentType,
  name: requiredText(60),
  enabled: z.boolean(),
  priority: z.number().int().min(0).max(10_000),
  conditions: approvalConditions,
  steps: z.array(approvalStepDef).min(1).max(10),
}).strict()

export const approvals = {
  /** Flows (administrators, system.settings), by type then priority; and the registered document types. */
  listFlows: method<{ flows: ApprovalFlowRow[]; documentTypes: string[] }>()(z.object({ documentType: documentType.optional() }).strict()),
  saveFlow: method<ApprovalFlowRow>()(saveFlowInput),
  deleteFlow: method<{ ok: true }>()(z.object({ id }).strict()),
  /** 待我审批: instances whose current step waits for me, newest first. */
  inbox: method<Page<ApprovalInstanceRow>>()(z.object({ cursor, limit }).strict()),
  /** 我发起的: what I submitted, newest first, optionally by status. */
  mine: method<Page<ApprovalInstanceRow>>()(z.object({ status: z.enum(['pending', 'approved', 'rejected', 'recalled']).optional(), cursor, limit }).strict()),
  /** 已处理: my decisions, newest first. */
  processed: method<Page<ApprovalProcessedRow>>()(z.object({ cursor, limit }).strict()),
  /** The inbox badge. */
  counts: method<{ inbox: number }>()(noInput),
  get: method<ApprovalDetail>()(z.object({ id }).strict()),
  /** Approve or reject the current step (a rejection needs a comment). */
  decide: method<ApprovalDetail>()(z.object({ instanceId: id, step: z.number().int().min(0).max(20), decision: z.enum(['approve', 'reject']), comment: longText.max(2000).default('') }).strict()),
  /** The submitter takes the document back, while no approver has decided yet. */
  recall: method<ApprovalDetail>()(z.object({ instanceId: id, comment: longText.max(2000).default('') }).strict()),
}
