import { eq } from 'drizzle-orm'
import type { ApprovalConditions, ApprovalStepDef } from '../../../../src-preload/contracts/approvals'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import { customers } from '../../customers/customers.table'
import { registerApprovalType, type ApprovalOutcome } from '../approval-types'
import type { ApprovalsService } from '../approvals.service'
import { approvalInstances } from '../approvals.table'
import type { ApprovalFacts } from '../resolve-steps'

export interface User { client: TestClient; id: string }

/**
 * The test document type: a "document" is a row of facts kept here, attached to a customer
 * (owned by the submitter); onDecided writes the outcome into the customer's notes through
 * the same Writer, so tests can see it changed atomically with the instance.
 */
export const TEST_TYPE = 'test_doc'
const docs = new Map<string, ApprovalFacts & { customerId: string }>()
export const decidedCalls: { documentId: string; outcome: ApprovalOutcome; statusInTx: string | undefined }[] = []
/** Set to a document id to make onDecided throw for it (rollback test). */
export const failOnDecided = { documentId: null as string | null }

registerApprovalType({
  documentType: TEST_TYPE,
  facts: (documentId) => docs.get(documentId) ?? null,
  onDecided(w, instance, outcome) {
    if (failOnDecided.documentId === instance.documentId) throw new Error('document module refused')
    // Read back through the same transaction: the instance row already holds the outcome.
    const statusInTx = w.db.select({ s: approvalInstances.status }).from(approvalInstances).where(eq(approvalInstances.id, instance.id)).get()?.s
    decidedCalls.push({ documentId: instance.documentId, outcome, statusInTx })
    const doc = docs.get(instance.documentId)
    if (doc) w.update(customers, doc.customerId, { notes: `approval:${outcome}` })
  },
})

/** A second type whose documents always need the supervisor when no flow matches (sales orders). */
export const ORDER_TYPE = 'test_order'
registerApprovalType({
  documentType: ORDER_TYPE,
  facts: (documentId) => docs.get(documentId) ?? null,
  onDecided: () => {},
  fallbackSteps: [{ kind: 'supervisor' }],
})

/**
 * 总经理 zong (root department) ← 销售经理 jing (销售部) ← salespeople zhang, li; wang is a
 * salesperson in 销售部 who reports to nobody (his 主管 is the department's head, jing);
 * cai is a finance clerk (a named approver); admin configures.
 */
export interface World {
  t: TestApp
  admin: TestClient
  zong: User
  jing: User
  zhang: User
  li: User
  wang: User
  cai: User
  salesDept: string
  approvals: ApprovalsService
}

export async function world(opts: { t?: TestApp } = {}): Promise<World> {
  const t = opts.t ?? createTestApp()
  const admin = await setupCompany(t)
  const root = (await admin.ok('admin.listDepartments', {}))[0]!.id
  const salesDept = (await admin.ok('admin.saveDepartment', { name: '销售部', parentId: root })).id
  const zong = await userWithRole(t, admin, 'zong', 'general_manager', { departmentId: root })
  const jing = await userWithRole(t, admin, 'jing', 'sales_manager', { departmentId: salesDept, managerId: zong.id })
  const zhang = await userWithRole(t, admin, 'zhang', 'salesperson', { departmentId: salesDept, managerId: jing.id })
  const li = await userWithRole(t, admin, 'li', 'salesperson', { departmentId: salesDept, managerId: jing.id })
  const wang = await userWithRole(t, admin, 'wang', 'salesperson', { departmentId: salesDept })
  const cai = await userWithRole(t, admin, 'cai', 'finance_clerk', { departmentId: root, managerId: zong.id })
  return { t, admin, zong, jing, zhang, li, wang, cai, salesDept, approvals: t.app.services.approvals as ApprovalsService }
}

let n = 0
/** A document owned by `ownerId` on a fresh customer of theirs. */
export function doc(t: TestApp, ownerId: string, facts: Partial<ApprovalFacts> = {}): string {
  const id = `doc-${++n}-${Math.random().toString(36).slice(2, 8)}`
  const customerId = insertCustomer(t, { name: `客户${n}`, ownerId })
  docs.set(id, { title: `报价单 ${n}`, amount: 10_000, ...facts, customerId })
  return id
}

export function notesOf(t: TestApp, documentId: string): string | null {
  const d = docs.get(documentId)
  return d ? (t.app.database.sqlite.prepare('SELECT notes FROM customers WHERE id = ?').pluck().get(d.customerId) as string | null) : null
}

export async function flow(admin: TestClient, name: string, priority: number, conditions: ApprovalConditions, steps: ApprovalStepDef[], documentType = TEST_TYPE) {
  return admin.ok('approvals.saveFlow', { documentType, name, enabled: true, priority, conditions, steps })
}

export const submit = (w: World, user: User, documentId: string, type = TEST_TYPE) => w.approvals.submit(null, { userId: user.id }, type, documentId)
