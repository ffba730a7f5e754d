import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'
import type { ApprovalConditions, ApprovalDecisionKind, ApprovalStatus, ApprovalStepDef, ApprovalStepKind } from '../../../src-preload/contracts/approvals'

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'recalled'] as const satisfies readonly ApprovalStatus[]
export const DECISION_KINDS = ['approve', 'reject', 'recall'] as const satisfies readonly ApprovalDecisionKind[]

/** A step as resolved at submit time: concrete approvers, so later org changes do not move it. */
export interface StepSnapshot {
  kind: ApprovalStepKind
  label: string | null
  mode: 'any' | 'all'
  approverIds: string[]
  escalated: boolean
}

/** 审批流程: company configuration, one row per flow. */
export const approvalFlows = sqliteTable('approval_flows', {
  ...baseColumns(),
  documentType: text('document_type').notNull(),
  name: text('name').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  priority: integer('priority').notNull(),
  conditions: text('conditions', { mode: 'json' }).$type<ApprovalConditions>().notNull(),
  steps: text('steps', { mode: 'json' }).$type<ApprovalStepDef[]>().notNull(),
}, (t) => [index('approval_flows_type').on(t.documentType, t.priority)])

/**
 * One submission of one document. `status`, `currentStep` and `basis` are a cache of
 * foldDecisions over the decisions ledger (the truth): the device that decides writes them, and
 * the resolver rewrites them when sync brings decisions that change the fold. `basis` lists the
 * decision ids the cached state was computed from, so a device never "corrects" the cache
 * before it holds every decision the writer saw.
 */
export const approvalInstances = sqliteTable('approval_instances', {
  ...baseColumns(),
  documentType: text('document_type').notNull(),
  documentId: text('document_id').notNull(),
  documentTitle: text('document_title').notNull(),
  amount: integer('amount').notNull(),
  customerId: text('customer_id'),
  submitterId: text('submitter_id').notNull(),
  flowId: text('flow_id'),
  flowName: text('flow_name'),
  steps: text('steps', { mode: 'json' }).$type<StepSnapshot[]>().notNull(),
  status: text('status', { enum: APPROVAL_STATUSES }).notNull(),
  currentStep: integer('current_step').notNull(),
  submittedAt: integer('submitted_at').notNull(),
  submitHlc: text('submit_hlc').notNull(),
  decidedAt: integer('decided_at'),
  basis: text('basis', { mode: 'json' }).$type<string[]>().notNull(),
}, (t) => [
  index('approval_instances_submitter').on(t.submitterId, t.submittedAt, t.id),
  index('approval_instances_document').on(t.documentType, t.documentId, t.submittedAt),
])

/** 审批记录: every approve / reject / recall, created once and never edited (ledger). */
export const approvalDecisions = sqliteTable('approval_decisions', {
  ...baseColumns(),
  instanceId: text('instance_id').notNull(),
  step: integer('step').notNull(),
  approverId: text('approver_id').notNull(),
  decision: text('decision', { enum: DECISION_KINDS }).notNull(),
  comment: text('comment').notNull(),
  decidedAt: integer('decided_at').notNull(),
  /** The decider's HLC stamp: orders concurrent offline decisions (earliest counts). */
  decidedHlc: text('decided_hlc').notNull(),
}, (t) => [
  index('approval_decisions_instance').on(t.instanceId, t.decidedHlc),
  index('approval_decisions_approver').on(t.approverId, t.decidedAt, t.id),
])

/**
 * Device-local, derived from the fold (rebuilt on every write of an instance or decision, by
 * services and the sync projector alike): who is waiting to decide what. Feeds 待我审批.
 */
export const approvalInbox = sqliteTable('approval_inbox', {
  instanceId: text('instance_id').notNull(),
  userId: text('user_id').notNull(),
  step: integer('step').notNull(),
  since: integer('since').notNull(),
}, (t) => [primaryKey({ columns: [t.instanceId, t.userId] }), index('approval_inbox_user').on(t.userId, t.since, t.instanceId)])

/** Device-local, derived: decisions that lost to an earlier one, and who decided first. */
export const approvalSuperseded = sqliteTable('approval_superseded', {
  decisionId: text('decision_id').primaryKey(),
  instanceId: text('instance_id').notNull(),
  approverId: text('approver_id').notNull(),
  byApproverId: text('by_approver_id').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('approval_superseded_instance').on(t.instanceId), index('approval_superseded_at').on(t.at)])

/** Device-local: instances whose cached state differs from the fold; the resolver drains it. */
export const approvalDirty = sqliteTable('approval_dirty', {
  instanceId: text('instance_id').primaryKey(),
})

/** Device-local: notifications this device already showed (to-do, outcome, superseded). */
export const approvalNotices = sqliteTable('approval_notices', {
  key: text('key').primaryKey(),
  notifiedAt: integer('notified_at').notNull(),
})
