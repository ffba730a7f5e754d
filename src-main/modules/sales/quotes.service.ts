/**
 * 客户报价 (SA-3, approval SA-4). States: draft → submitted → approved / rejected → sent →
 * accepted / declined (a sent quote past validUntil reads as expired). Only drafts and rejected
 * quotes are edited; anything after approval is revised (a new version; the old one is kept as
 * superseded). Rules and scope checks live here, in main.
 */
import type { z } from 'zod'
import type { FileOutput, Page } from '../../../src-preload/contracts/define'
import type { createQuoteInput, PriceHistory, QuoteDetail, QuoteRow, QuoteStatus, quoteListFilters, updateQuoteInput } from '../../../src-preload/contracts/sales'
import { AppError, notFound } from '../../core/errors'
import type { Writer } from '../../core/mutation'
import { uuidv7 } from '../../core/uuid'
import type { Actor } from '../auth/access'
import type { ApprovalInstance, ApprovalOutcome } from '../approvals/approval-types'
import type { ApprovalFacts } from '../approvals/resolve-steps'
import { loadVisibleCustomer } from '../customers/customer-access'
import { decodeCursor, encodeCursor } from '../followups/keyset'
import { recordActivity } from '../timeline/activity'
import { buildLines, docLine, lineInputOf } from './lines'
import { provisionalNumber } from './numbering'
import { priceHistory } from './price-history'
import { sqliteOf } from '../../core/synced'
import { documentParties, fileOutput, locked, renderPdf, requireDocReadable, requireDocVisible, today, writeQuoteLines, type SalesDeps } from './sales-common'
import { renderSalesDocument } from './sales-print'
import type { PrintLang } from '../customers/print-templates'
import type { QuoteRecord } from './sales.repository'
import { quotes } from './sales.table'

type CreateInput = z.output<typeof createQuoteInput>
type UpdateInput = z.output<typeof updateQuoteInput>
export const QUOTE_TYPE = 'quote'

const EDITABLE = new Set(['draft', 'rejected'])
const REVISABLE = new Set(['approved', 'sent', 'declined', 'rejected'])

export class QuotesService {
  constructor(private readonly d: SalesDeps) {}

  private reader(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'quotes.view')
    return actor
  }

  private writer(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'quotes.edit')
    return actor
  }

  /** The quote, visible to the actor (sales scope on its salesperson). */
  private load(actor: Actor, id: string): QuoteRecord {
    const q = this.d.repo.quote(id)
    if (!q) throw notFound('quote')
    requireDocVisible(this.d.access, actor, q.ownerId)
    return q
  }

  /** For reading only: the sales scope, or one of the quote's approvers. */
  private loadForRead(actor: Actor, id: string): QuoteRecord {
    const q = this.d.repo.quote(id)
    if (!q) throw notFound('quote')
    requireDocReadable(this.d, actor, q, QUOTE_TYPE)
    return q
  }

  /** Stored status plus the derived 'expired'. */
  effectiveStatus(q: { status: string; validUntil: string | null }): QuoteStatus {
    if (q.status === 'sent' && q.validUntil && q.validUntil < today(this.d.now())) return 'expired'
    return q.status as QuoteStatus
  }

  list(userId: string | null, input: { filters: z.output<typeof quoteListFilters>; cursor?: string | null; limit: number }): Page<QuoteRow> {
    const actor = this.reader(userId)
    const f = input.filters
    if (f.ownerId) requireDocVisible(this.d.access, actor, f.ownerId)
    const rows = this.d.repo.listQuotes({ ...f, visible: this.d.access.visibleOwners(actor, 'sales'), today: today(this.d.now()) }, decodeCursor(input.cursor), input.limit + 1)
    const items = rows.slice(0, input.limit).map((r): QuoteRow => ({ ...r, priceIncludesTax: !!r.priceIncludesTax, belowFloor: !!r.belowFloor, status: this.effectiveStatus(r) }))
    const last = items.at(-1)
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null }
  }

  get(userId: string | null, input: { id: string }): QuoteDetail {
    const actor = this.reader(userId)
    return this.detail(actor, this.loadForRead(actor, input.id))
  }

  create(userId: string | null, input: CreateInput): QuoteDetail {
    const actor = this.writer(userId)
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const c = documentParties(w.db, this.d.repo, this.d.access, actor, input)
      const { lines, sums } = buildLines(input.lines, this.d.repo.products(input.lines.map((l) => l.productId)), input.priceIncludesTax)
      const qid = uuidv7(w.now)
      const q = w.insert(quotes, {
        id: qid, ...provisionalNumber(w, 'quote', w.now), groupId: qid, version: 1, customerId: c.id, contactId: input.contactId ?? null,
        opportunityId: input.opportunityId ?? null, ownerId: actor.userId, status: 'draft', quoteDate: input.quoteDate, validUntil: input.validUntil ?? null,
        priceIncludesTax: input.priceIncludesTax, subtotal: sums.subtotal, taxTotal: sums.tax, total: sums.total, maxDiscountPermille: sums.maxDiscountPermille,
        belowFloor: sums.belowFloor, terms: input.terms?.trim() || null, notes: input.notes?.trim() || null,
      })
      writeQuoteLines(w, this.d.repo, q.id, { customerId: c.id, ownerId: actor.userId, quoteDate: q.quoteDate }, lines)
      this.activity(w, actor.userId, q, 'created')
      return q.id
    })
    return this.detail(actor, this.d.repo.quote(id)!)
  }

  update(userId: string | null, input: UpdateInput): QuoteDetail {
    const actor = this.writer(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const q = this.load(actor, input.id)
      if (!EDITABLE.has(q.status)) throw locked(q.status)
      this.d.approvals.assertEditable(QUOTE_TYPE, q.id)
      if (input.customerId !== q.customerId) throw new AppError('VALIDATION', 'errors.documentCustomerFixed')
      documentParties(w.db, this.d.repo, this.d.access, actor, input)
      const { lines, sums } = buildLines(input.lines, this.d.repo.products(input.lines.map((l) => l.productId)), input.priceIncludesTax)
      const updated = w.update(quotes, q.id, {
        status: 'draft', contactId: input.contactId ?? null, opportunityId: input.opportunityId ?? null, quoteDate: input.quoteDate, validUntil: input.validUntil ?? null,
        priceIncludesTax: input.priceIncludesTax, subtotal: sums.subtotal, taxTotal: sums.tax, total: sums.total, maxDiscountPermille: sums.maxDiscountPermille,
        belowFloor: sums.belowFloor, terms: input.terms?.trim() || null, notes: input.notes?.trim() || null,
      })
      writeQuoteLines(w, this.d.repo, q.id, { customerId: q.customerId, ownerId: q.ownerId, quoteDate: updated.quoteDate }, lines)
    })
    return this.detail(actor, this.d.repo.quote(input.id)!)
  }

  /** To the approval engine, in the same transaction as the status change. */
  submit(userId: string | null, input: { id: string }): QuoteDetail {
    const actor = this.writer(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const q = this.load(actor, input.id)
      if (!EDITABLE.has(q.status)) throw locked(q.status)
      w.update(quotes, q.id, { status: 'submitted' })
      // An auto-approval (no flow matches) calls onDecided inside this call: status → approved.
      this.d.approvals.submit(w, actor, QUOTE_TYPE, q.id)
    })
    return this.detail(actor, this.d.repo.quote(input.id)!)
  }

  markSent(userId: string | null, input: { id: string }): QuoteDetail {
    return this.transition(userId, input.id, ['approved'], (w, q) => {
      w.update(quotes, q.id, { status: 'sent', sentAt: w.now })
      return 'sent'
    })
  }

  /** Sent → accepted; its opportunity, if any, is won in the same transaction (stage rules, timeline). */
  accept(userId: string | null, input: { id: string }): QuoteDetail {
    return this.transition(userId, input.id, ['sent'], (w, q, actor) => {
      w.update(quotes, q.id, { status: 'accepted', decidedAt: w.now })
      if (q.opportunityId) this.d.opportunities.markWon(w, actor.userId, q.opportunityId)
      return 'accepted'
    })
  }

  decline(userId: string | null, input: { id: string; reason?: string }): QuoteDetail {
    return this.transition(userId, input.id, ['sent', 'expired'], (w, q) => {
      w.update(quotes, q.id, { status: 'declined', decidedAt: w.now, declineReason: input.reason ?? null })
      return 'declined'
    }, input.reason)
  }

  private transition(userId: string | null, id: string, from: QuoteStatus[], apply: (w: Writer, q: QuoteRecord, actor: Actor) => string, body?: string): QuoteDetail {
    const actor = this.writer(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const q = this.load(actor, id)
      const status = this.effectiveStatus(q)
      if (!from.includes(status)) throw new AppError('CONFLICT', 'errors.quoteWrongStatus', { status })
      const what = apply(w, q, actor)
      this.activity(w, actor.userId, q, what, body)
    })
    return this.detail(actor, this.d.repo.quote(id)!)
  }

  /** A new draft version with the same number and lines (re-priced by today's rules); the old one is kept. */
  revise(userId: string | null, input: { id: string }): QuoteDetail {
    const actor = this.writer(userId)
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const q = this.load(actor, input.id)
      if (q.supersededBy || !REVISABLE.has(q.status)) throw new AppError('CONFLICT', 'errors.quoteWrongStatus', { status: this.effectiveStatus(q) })
      if (this.d.repo.orderForQuoteGroup(q.groupId)) throw new AppError('CONFLICT', 'errors.quoteHasOrder')
      const inputs = this.d.repo.quoteLines(q.id).map(lineInputOf)
      const { lines, sums } = buildLines(inputs, this.d.repo.products(inputs.map((l) => l.productId)), q.priceIncludesTax)
      const nid = uuidv7(w.now)
      const { id: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, deletedAt: _d, hlc: _h, fieldHlc: _f, syncRev: _s, ...rest } = q
      const next = w.insert(quotes, {
        ...rest, id: nid, version: q.version + 1, supersededBy: null, status: 'draft', sentAt: null, decidedAt: null, declineReason: null,
        subtotal: sums.subtotal, taxTotal: sums.tax, total: sums.total, maxDiscountPermille: sums.maxDiscountPermille, belowFloor: sums.belowFloor,
      })
      writeQuoteLines(w, this.d.repo, nid, { customerId: q.customerId, ownerId: q.ownerId, quoteDate: q.quoteDate }, lines)
      w.update(quotes, q.id, { status: 'superseded', supersededBy: nid })
      this.activity(w, actor.userId, next, 'revised')
      return nid
    })
    return this.detail(actor, this.d.repo.quote(id)!)
  }

  priceHistory(userId: string | null, input: { productId: string; customerId: string; excludeDocumentId?: string; limit: number }): PriceHistory {
    const actor = this.reader(userId)
    loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId)
    // Excluding a quote excludes all its versions (they would compare the quote with itself).
    const ex = input.excludeDocumentId ? (this.d.repo.quote(input.excludeDocumentId)?.groupId ?? input.excludeDocumentId) : null
    const h = priceHistory(sqliteOf(this.d.db), { productId: input.productId, customerId: input.customerId, excludeId: ex, limit: input.limit })
    // Prices to customers outside the caller's scope count, but their names are not shown.
    const visible = this.d.access.visibleOwners(actor, 'customers')
    const mask = <E extends { customerOwner: string | null; customerId: string | null; customerName: string | null }>({ customerOwner, ...e }: E) =>
      visible === 'all' || (customerOwner && visible.has(customerOwner)) ? e : { ...e, customerId: null, customerName: null }
    const others = h.others.map(mask)
    return {
      productId: input.productId,
      thisCustomer: { stats: { ...h.stats.mine, last: h.mine.map(mask)[0] ?? null }, entries: h.mine.map(mask) },
      others: { stats: { ...h.stats.others, last: others[0] ?? null }, entries: others },
    }
  }

  // ---- printing ----

  printHtml(userId: string | null, input: { id: string; lang: PrintLang; hidePrices: boolean }): { html: string } {
    const actor = this.reader(userId)
    const q = this.detail(actor, this.loadForRead(actor, input.id))
    return {
      html: renderSalesDocument(input.lang, {
        kind: 'quote', company: this.d.companyName(), number: q.number, provisional: q.numberStatus === 'provisional', version: q.version, date: q.quoteDate,
        validUntil: q.validUntil, deliveryDate: null, customer: q.customerName, customerAddress: this.d.repo.customer(q.customerId)?.address || null,
        contact: q.contactName, salesperson: q.ownerName, paymentTerms: null, terms: q.terms, priceIncludesTax: q.priceIncludesTax, lines: q.lines,
        subtotal: q.subtotal, tax: q.tax, total: q.total,
      }, input.hidePrices),
    }
  }

  async exportPdf(userId: string | null, input: { id: string; lang: PrintLang; hidePrices: boolean }): Promise<FileOutput> {
    const { html } = this.printHtml(userId, input)
    const q = this.d.repo.quote(input.id)!
    const pdf = await renderPdf(this.d.platform, html)
    return fileOutput(`${input.lang === 'en' ? 'Quotation' : '报价单'}_${q.number}${q.version > 1 ? `_v${q.version}` : ''}.pdf`, 'application/pdf', pdf)
  }

  // ---- approval engine ----

  facts(documentId: string): ApprovalFacts | null {
    const q = this.d.repo.quote(documentId)
    if (!q) return null
    const c = this.d.repo.customer(q.customerId)
    return {
      title: `${q.number}${q.version > 1 ? ` v${q.version}` : ''} · ${c?.name ?? ''}`, amount: q.total, maxDiscountPermille: q.maxDiscountPermille,
      belowFloor: q.belowFloor, customerLevel: c?.level ?? null, customerId: q.customerId, ownerId: c?.ownerId ?? q.ownerId,
    }
  }

  /** Idempotent: only moves a quote that is in the state the outcome starts from. */
  onDecided(w: Writer, inst: ApprovalInstance, outcome: ApprovalOutcome): void {
    const q = this.d.repo.quote(inst.documentId)
    if (!q) return
    if (outcome === 'approved' && q.status === 'submitted') w.update(quotes, q.id, { status: 'approved' })
    else if (outcome === 'rejected' && q.status === 'submitted') w.update(quotes, q.id, { status: 'rejected' })
    else if (outcome === 'recalled' && q.status === 'submitted') w.update(quotes, q.id, { status: 'draft' })
    else if (outcome === 'pending' && (q.status === 'approved' || q.status === 'rejected')) w.update(quotes, q.id, { status: 'submitted' })
  }

  // ---- views ----

  detail(actor: Actor, q: QuoteRecord): QuoteDetail {
    const c = this.d.repo.customer(q.customerId)
    const status = this.effectiveStatus(q)
    // An approver reading a quote outside their scope gets no actions.
    const mine = actor.permissions.has('quotes.edit') && this.d.access.canSeeOwner(actor, 'sales', q.ownerId)
    const order = this.d.repo.orderForQuote(q.id)
    const canOrder = status === 'accepted' && !order && actor.permissions.has('orders.edit')
    return {
      id: q.id, number: q.number, numberStatus: q.numberStatus, groupId: q.groupId, version: q.version, status,
      customerId: q.customerId, customerName: c?.name ?? '', ownerId: q.ownerId, ownerName: this.d.repo.userName(q.ownerId) ?? '',
      contactId: q.contactId, contactName: q.contactId ? this.d.repo.contact(q.contactId)?.name ?? null : null,
      opportunityId: q.opportunityId, opportunityName: q.opportunityId ? this.d.repo.opportunity(q.opportunityId)?.name ?? null : null,
      quoteDate: q.quoteDate, validUntil: q.validUntil, priceIncludesTax: q.priceIncludesTax,
      subtotal: q.subtotal, tax: q.taxTotal, total: q.total, maxDiscountPermille: q.maxDiscountPermille, belowFloor: q.belowFloor,
      terms: q.terms, notes: q.notes, sentAt: q.sentAt, decidedAt: q.decidedAt, declineReason: q.declineReason, supersededBy: q.supersededBy,
      createdAt: q.createdAt, updatedAt: q.updatedAt,
      lines: this.d.repo.quoteLines(q.id).map(docLine),
      versions: this.d.repo.quoteVersions(q.groupId).map((v) => ({ id: v.id, version: v.version, status: this.effectiveStatus(v), total: v.total, updatedAt: v.updatedAt })),
      approvalId: this.d.repo.latestApproval(QUOTE_TYPE, q.id), orderId: order?.id ?? null,
      can: {
        edit: mine && EDITABLE.has(status), submit: mine && EDITABLE.has(status), markSent: mine && status === 'approved',
        accept: mine && status === 'sent', decline: mine && (status === 'sent' || status === 'expired'),
        revise: mine && !q.supersededBy && (REVISABLE.has(status) || status === 'expired') && !this.d.repo.orderForQuoteGroup(q.groupId), createOrder: canOrder,
      },
    }
  }

  private activity(w: Writer, actorId: string, q: QuoteRecord, what: string, body?: string): void {
    recordActivity(w, actorId, {
      kind: 'quote', summaryKey: `timeline.quote.${what}`, customerId: q.customerId, ownerId: q.ownerId, recordId: q.id,
      params: { no: q.number, version: q.version, amount: q.total }, body: body ?? null,
    })
  }
}
