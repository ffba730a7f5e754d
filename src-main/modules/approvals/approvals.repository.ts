import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { ApprovalFlowRow, ApprovalInstanceRow, ApprovalProcessedRow, ApprovalStatus } from '../../../src-preload/contracts/approvals'
import type { Db } from '../../core/db'
import { departments, roles, users } from '../auth/auth.table'
import { approvalDirty, approvalFlows, approvalInstances, approvalNotices } from './approvals.table'
import type { InstanceRow } from './derived'
import type { OrgSnapshot } from './resolve-steps'

export interface Key { t: number; id: string }

const INSTANCE_COLUMNS = sql`a.id, a.document_type AS documentType, a.document_id AS documentId, a.document_title AS documentTitle, a.amount,
  a.customer_id AS customerId, a.submitter_id AS submitterId, coalesce(u.display_name, '') AS submitterName, a.flow_name AS flowName,
  a.status, a.current_step AS currentStep, json_array_length(a.steps) AS stepCount, a.submitted_at AS submittedAt, a.decided_at AS decidedAt`

function before(t: SQL, id: SQL, key: Key | null): SQL {
  return key ? sql`(${t} < ${key.t} OR (${t} = ${key.t} AND ${id} < ${key.id}))` : sql`1`
}

/** All SQL of the approvals domain. */
export class ApprovalsRepository {
  constructor(private readonly db: Db) {}

  flows(documentType?: string): (typeof approvalFlows.$inferSelect)[] {
    const conds = [isNull(approvalFlows.deletedAt)]
    if (documentType) conds.push(eq(approvalFlows.documentType, documentType))
    return this.db.select().from(approvalFlows).where(and(...conds)).orderBy(asc(approvalFlows.documentType), asc(approvalFlows.priority), asc(approvalFlows.name)).limit(500).all()
  }
  flow(id: string) {
    return this.db.select().from(approvalFlows).where(and(eq(approvalFlows.id, id), isNull(approvalFlows.deletedAt))).get()
  }
  static flowRow(f: typeof approvalFlows.$inferSelect): ApprovalFlowRow {
    return { id: f.id, documentType: f.documentType, name: f.name, enabled: f.enabled, priority: f.priority, conditions: f.conditions, steps: f.steps, updatedAt: f.updatedAt }
  }

  /** The newest submission of a document. */
  latestFor(documentType: string, documentId: string): InstanceRow | undefined {
    return this.db.select().from(approvalInstances)
      .where(and(eq(approvalInstances.documentType, documentType), eq(approvalInstances.documentId, documentId), isNull(approvalInstances.deletedAt)))
      .orderBy(desc(approvalInstances.submittedAt), desc(approvalInstances.id)).limit(1).get()
  }

  /** Every submission of a document (index approval_instances_document). */
  instancesFor(documentType: string, documentId: string): InstanceRow[] {
    return this.db.select().from(approvalInstances)
      .where(and(eq(approvalInstances.documentType, documentType), eq(approvalInstances.documentId, documentId), isNull(approvalInstances.deletedAt))).all()
  }

  /** Reporting lines, departments and who may approve (sales.approve): input to step resolution. */
  org(): OrgSnapshot {
    const canApprove = new Set(this.db.select({ id: roles.id, permissions: roles.permissions }).from(roles).where(isNull(roles.deletedAt)).all()
      .filter((r) => r.permissions.includes('sales.approve')).map((r) => r.id))
    return {
      users: this.db.select({ id: users.id, username: users.username, managerId: users.managerId, departmentId: users.departmentId, roleId: users.roleId, disabled: users.disabled })
        .from(users).where(isNull(users.deletedAt)).all().map((u) => ({ ...u, canApprove: canApprove.has(u.roleId) })),
      departments: this.db.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(isNull(departments.deletedAt)).all(),
    }
  }

  roleExists(id: string): boolean {
    return !!this.db.select({ id: roles.id }).from(roles).where(and(eq(roles.id, id), isNull(roles.deletedAt))).get()
  }

  userNames(ids: readonly string[]): Map<string, string> {
    if (ids.length === 0) return new Map()
    const rows = this.db.all<{ id: string; name: string }>(sql`SELECT id, display_name AS name FROM users WHERE id IN (SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])}))`)
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  instanceRow(id: string): ApprovalInstanceRow | undefined {
    return this.db.get<ApprovalInstanceRow>(sql`SELECT ${INSTANCE_COLUMNS} FROM approval_instances a LEFT JOIN users u ON u.id = a.submitter_id WHERE a.id = ${id} AND a.deleted_at IS NULL`)
  }

  /** 待我审批, newest step first (approval_inbox_user index). */
  inbox(userId: string, key: Key | null, limit: number): (ApprovalInstanceRow & { key: Key })[] {
    return this.db.all<ApprovalInstanceRow & { since: number }>(sql`
      SELECT ${INSTANCE_COLUMNS}, i.since FROM approval_inbox i
      JOIN approval_instances a ON a.id = i.instance_id AND a.deleted_at IS NULL
      LEFT JOIN users u ON u.id = a.submitter_id
      WHERE i.user_id = ${userId} AND ${before(sql`i.since`, sql`i.instance_id`, key)}
      ORDER BY i.since DESC, i.instance_id DESC LIMIT ${limit}`).map(({ since, ...r }) => ({ ...r, key: { t: since, id: r.id } }))
  }

  inboxCount(userId: string): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM approval_inbox i JOIN approval_instances a ON a.id = i.instance_id AND a.deleted_at IS NULL WHERE i.user_id = ${userId}`)?.n ?? 0
  }

  /** 我发起的 (approval_instances_submitter index). */
  mine(userId: string, status: ApprovalStatus | undefined, key: Key | null, limit: number): (ApprovalInstanceRow & { key: Key })[] {
    return this.db.all<ApprovalInstanceRow>(sql`
      SELECT ${INSTANCE_COLUMNS} FROM approval_instances a LEFT JOIN users u ON u.id = a.submitter_id
      WHERE a.submitter_id = ${userId} AND a.deleted_at IS NULL ${status ? sql`AND a.status = ${status}` : sql``}
        AND ${before(sql`a.submitted_at`, sql`a.id`, key)}
      ORDER BY a.submitted_at DESC, a.id DESC LIMIT ${limit}`).map((r) => ({ ...r, key: { t: r.submittedAt, id: r.id } }))
  }

  /** 已处理: my approve / reject decisions (approval_decisions_approver index). */
  processed(userId: string, key: Key | null, limit: number): (ApprovalProcessedRow & { key: Key })[] {
    return this.db.all<ApprovalProcessedRow>(sql`
      SELECT ${INSTANCE_COLUMNS}, d.id AS decisionId, d.decision AS myDecision, d.decided_at AS myDecidedAt
      FROM approval_decisions d JOIN approval_instances a ON a.id = d.instance_id AND a.deleted_at IS NULL
      LEFT JOIN users u ON u.id = a.submitter_id
      WHERE d.approver_id = ${userId} AND d.decision <> 'recall' AND d.deleted_at IS NULL AND ${before(sql`d.decided_at`, sql`d.id`, key)}
      ORDER BY d.decided_at DESC, d.id DESC LIMIT ${limit}`).map((r) => ({ ...r, key: { t: r.myDecidedAt, id: r.decisionId } }))
  }

  dirtyIds(limit: number): string[] {
    return this.db.select({ id: approvalDirty.instanceId }).from(approvalDirty).limit(limit).all().map((r) => r.id)
  }
  clearDirty(id: string): void {
    this.db.delete(approvalDirty).where(eq(approvalDirty.instanceId, id)).run()
  }

  /** Approvers told nothing yet about a step now waiting for them (on this device). */
  unnotifiedTodos(since: number): { instanceId: string; userId: string; step: number; title: string; submitterName: string }[] {
    return this.db.all(sql`
      SELECT i.instance_id AS instanceId, i.user_id AS userId, i.step, a.document_title AS title, coalesce(u.display_name, '') AS submitterName
      FROM approval_inbox i JOIN approval_instances a ON a.id = i.instance_id LEFT JOIN users u ON u.id = a.submitter_id
      WHERE i.since >= ${since} AND NOT EXISTS (SELECT 1 FROM approval_notices n WHERE n.key = 'todo:' || i.instance_id || ':' || i.step || ':' || i.user_id)
      ORDER BY i.since LIMIT 200`)
  }

  /** Submitters told nothing yet about their instance's outcome (recalls are their own doing). */
  unnotifiedOutcomes(since: number): { id: string; submitterId: string; status: 'approved' | 'rejected'; title: string }[] {
    return this.db.all(sql`
      SELECT a.id, a.submitter_id AS submitterId, a.status, a.document_title AS title FROM approval_instances a
      WHERE a.status IN ('approved', 'rejected') AND a.decided_at >= ${since} AND a.deleted_at IS NULL AND json_array_length(a.steps) > 0
        AND NOT EXISTS (SELECT 1 FROM approval_notices n WHERE n.key = 'outcome:' || a.id || ':' || a.status)
      ORDER BY a.decided_at LIMIT 200`)
  }

  unnotifiedSuperseded(since: number): { decisionId: string; approverId: string; byName: string; title: string }[] {
    return this.db.all(sql`
      SELECT s.decision_id AS decisionId, s.approver_id AS approverId, coalesce(u.display_name, '') AS byName, a.document_title AS title
      FROM approval_superseded s JOIN approval_instances a ON a.id = s.instance_id LEFT JOIN users u ON u.id = s.by_approver_id
      WHERE s.at >= ${since} AND NOT EXISTS (SELECT 1 FROM approval_notices n WHERE n.key = 'superseded:' || s.decision_id)
      ORDER BY s.at LIMIT 200`)
  }

  markNotified(key: string, now: number): void {
    this.db.insert(approvalNotices).values({ key, notifiedAt: now }).onConflictDoNothing().run()
  }
}
