/** Helpers the quote and order services share: dependencies, scope, customer links, line writes. */
import type { Db } from '../../core/db'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Platform } from '../../platform/ports'
import type { Access, Actor } from '../auth/access'
import type { ApprovalsService } from '../approvals/approvals.service'
import { loadVisibleCustomer, type CustomerRow } from '../customers/customer-access'
import { localDate } from '../followups/win-rate'
import type { BuiltLine } from './lines'
import type { SalesRepository } from './sales.repository'
import { quoteLines, salesOrderLines } from './sales.table'

export interface SalesDeps {
  db: Db
  repo: SalesRepository
  access: Access
  mutation: Mutation
  now: () => number
  approvals: ApprovalsService
  platform: Platform
  companyName: () => string
  /** The followups module's OpportunitiesService: an accepted quote wins its opportunity. */
  opportunities: { markWon(w: Writer, actorId: string, opportunityId: string): unknown }
}

export const today = (now: number) => localDate(now)

/** A document is visible when its salesperson is inside the caller's `sales` data scope. */
export function requireDocVisible(access: Access, actor: Actor, ownerId: string): void {
  if (!access.canSeeOwner(actor, 'sales', ownerId)) throw forbidden('sales.scope')
}

/**
 * Reading a document (view, print): inside the caller's sales scope, or the caller is one of
 * its approvers (the approvals inbox links to the document; a named approver or 会签 member may
 * sit outside the submitter's team). Writing still needs the scope.
 */
export function requireDocReadable(d: SalesDeps, actor: Actor, doc: { ownerId: string; id: string }, documentType: string): void {
  if (d.access.canSeeOwner(actor, 'sales', doc.ownerId) || d.approvals.isApproverOf(documentType, doc.id, actor.userId)) return
  throw forbidden('sales.scope')
}

/**
 * The customer of a new document: visible by the customer rule and not in the 公海 (a
 * document needs a salesperson's customer); contact and opportunity must be the customer's.
 */
export function documentParties(db: Db, repo: SalesRepository, access: Access, actor: Actor, input: { customerId: string; contactId?: string | null; opportunityId?: string | null }): CustomerRow {
  const c = loadVisibleCustomer(db, access, actor, input.customerId)
  if (!c.ownerId) throw new AppError('CONFLICT', 'errors.customerInPool')
  if (input.contactId) {
    const p = repo.contact(input.contactId)
    if (!p || p.customerId !== c.id) throw notFound('contact')
  }
  if (input.opportunityId) {
    const o = repo.opportunity(input.opportunityId)
    if (!o || o.customerId !== c.id) throw notFound('opportunity')
  }
  return c
}

export const locked = (status: string) => new AppError('CONFLICT', 'errors.documentLocked', { status })

/** Replaces a draft's lines: the old ones are soft-deleted (audited), the new ones inserted. */
export function writeQuoteLines(w: Writer, repo: SalesRepository, quoteId: string, head: { customerId: string; ownerId: string; quoteDate: string }, lines: BuiltLine[]): void {
  for (const old of repo.quoteLines(quoteId)) w.softDelete(quoteLines, old.id)
  for (const { unitCost: _c, cost: _k, ...l } of lines) w.insert(quoteLines, { ...l, quoteId, ...head })
}

export function writeOrderLines(w: Writer, repo: SalesRepository, orderId: string, head: { customerId: string; ownerId: string; orderDate: string }, lines: BuiltLine[]): void {
  for (const old of repo.orderLines(orderId)) w.softDelete(salesOrderLines, old.id)
  for (const l of lines) w.insert(salesOrderLines, { ...l, orderId, ...head })
}

export function fileOutput(fileName: string, mime: string, bytes: Uint8Array): { fileName: string; mime: string; contentBase64: string } {
  return { fileName, mime, contentBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }
}

/** HTML → PDF through the printing port; without a renderer the page prints the HTML itself. */
export async function renderPdf(platform: Platform, html: string): Promise<Uint8Array> {
  try {
    return await platform.printing.htmlToPdf(html)
  } catch (err) {
    platform.log.info('PDF rendering unavailable', err instanceof Error ? err.message : err)
    throw new AppError('CONFLICT', 'errors.printUnavailable')
  }
}
