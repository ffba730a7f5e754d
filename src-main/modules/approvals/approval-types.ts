import type { ApprovalStepDef } from '../../../src-preload/contracts/approvals'
import type { Db } from '../../core/db'
import type { Writer } from '../../core/mutation'
import type { ApprovalFacts } from './resolve-steps'
import type { approvalInstances } from './approvals.table'

export type ApprovalInstance = typeof approvalInstances.$inferSelect

/**
 * What the document reaches. 'pending' happens only when a concurrent offline decision that
 * came earlier (by HLC) reopens an instance this device had closed (e.g. this device saw a
 * rejection, but another approver had already approved the step): put the document back to
 * "awaiting approval".
 */
export type ApprovalOutcome = 'approved' | 'rejected' | 'recalled' | 'pending'

export interface ApprovalTypeDef {
  /** e.g. 'quote', 'sales_order', 'expense' (lowercase, [a-z0-9_]). */
  documentType: string
  /** Reads the document (null when it does not exist); called inside the submit transaction. */
  facts(documentId: string, db: Db): ApprovalFacts | null
  /**
   * Called inside the same mutation that closes (or reopens) the instance, so the document's
   * status changes atomically with it. Must be idempotent: after offline work several devices
   * may apply the same outcome.
   */
  onDecided(w: Writer, instance: ApprovalInstance, outcome: ApprovalOutcome): void
  /**
   * Steps to use when no enabled flow matches. Omitted: such documents are approved at once
   * (recorded). A sales order that "always needs approval" passes e.g. [{ kind: 'supervisor' }].
   */
  fallbackSteps?: ApprovalStepDef[]
}

const types = new Map<string, ApprovalTypeDef>()

/** Document modules register their type once, at import or init time (re-registering replaces). */
export function registerApprovalType(def: ApprovalTypeDef): void {
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(def.documentType)) throw new Error(`bad approval document type ${def.documentType}`)
  types.set(def.documentType, def)
}

export function approvalType(documentType: string): ApprovalTypeDef | undefined {
  return types.get(documentType)
}

export function approvalTypes(): string[] {
  return [...types.keys()].sort()
}
