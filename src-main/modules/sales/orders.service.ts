/**
 * 销售单 (SA-1, approval SA-2). States: draft → submitted → approved / rejected; approved →
 * reversed (红冲, with a reason); draft / rejected → cancelled. Every order needs approval
 * before it counts (the approval type has fallback steps); only approved, unreversed orders are
 * in sales_facts. Nothing is ever deleted.
 */
import type { z } from 'zod'
import type { FileOutput, Page } from '../../../src-preload/contracts/define'
import type { createOrderInput, OrderDetail, OrderRow, OrderStatus, orderListFilters, updateOrderInput } from '../../../src-preload/contracts/sales'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Writer } from '../../core/mutation'
import { uuidv7 } from '../../core/uuid'
import type { Actor } from '../auth/access'
import type { ApprovalInstance, ApprovalOutcome } from '../approvals/approval-types'
import type { ApprovalFacts } from '../approvals/resolve-steps'
import { decodeCursor, encodeCursor } from '../followups/keyset'
import { recordActivity } from '../timeline/activity'
import { buildLines, copyLines, orderLine, type BuiltLine } from './lines'
import { provisionalNumber } from './numbering'
import { emitOrderApproved, emitOrderReversed } from './order-events'
import type { DocumentSums } from './sales-math'
import { documentParties, fileOutput, locked, renderPdf, requireDocReadable, requireDocVisible, today, writeOrderLines, type SalesDeps } from './sales-common'
import { renderSalesDocument } from './sales-print'
import type { PrintLang } from '../customers/print-templates'
import type { OrderRecord } from './sales.repository'
import { salesOrders } from './sales.table'

type CreateInput = z.output<typeof createOrderInput>
type UpdateInput = z.output<typeof updateOrderInput>
export const ORDER_TYPE = 'sales_order'

const EDITABLE = new Set(['draft', 'rejected'])

const sumsPatch = (s: DocumentSums) => ({
  subtotal: s.subtotal, taxTotal: s.tax, total: s.total, maxDiscountPermille: s.maxDiscountPermille, belowFloor: s.belowFloor, costTotal: s.cost,
})

export class OrdersService {
  constructor(private readonly d: SalesDeps) {}

  private actor(userId: string | null, permission: 'orders.view' | 'orders.edit' | 'orders.reverse'): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, permission)
    return actor
  }

  private load(actor: Actor, id: string): OrderRecord {
    const o = this.d.repo.order(id)
    if (!o) throw notFound('salesOrder')
    requireDocVisible(this.d.access, actor, o.ownerId)
    return o
  }

  /** For reading only: the sales scope, or one of the order's approvers. */
  private loadForRead(actor: Actor, id: string): OrderRecord {
    const o = this.d.repo.order(id)
    if (!o) throw notFound('salesOrder')
    requireDocReadable(this.d, actor, o, ORDER_TYPE)
    return o
  }

  /** Cost and margin only for callers who may see costs (catalogue.viewCost). */
  private withCost(actor: Actor): boolean { return actor.permissions.has('catalogue.viewCost') }

  list(userId: string | null, input: { filters: z.output<typeof orderListFilters>; cursor?: string | null; limit: number }): Page<OrderRow> {
    const actor = this.actor(userId, 'orders.view')
    const f = input.filters
    if (f.ownerId) requireDocVisible(this.d.access, actor, f.ownerId)
    const rows = this.d.repo.listOrders({ ...f, visible: this.d.access.visibleOwners(actor, 'sales') }, decodeCursor(input.cursor), input.limit + 1)
    const cost = this.withCost(actor)
    const items = rows.slice(0, input.limit).map(({ costTotal, ...r }): OrderRow => ({
      ...r, status: r.status as OrderStatus, priceIncludesTax: !!r.priceIncludesTax, belowFloor: !!r.belowFloor,
      ...(cost ? { costTotal, margin: costTotal === null ? null : r.subtotal - costTotal } : {}),
    }))
    const last = items.at(-1)
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null }
  }

  get(userId: string | null, input: { id: string }): OrderDetail {
    const actor = this.actor(userId, 'orders.view')
    return this.detail(actor, this.loadForRead(actor, input.id))
  }

  /** The salesperson picker: active users an order may be credited to (see salesperson()), the caller first. */
  salespeople(userId: string | null): { id: string; name: string }[] {
    const actor = this.actor(userId, 'orders.edit')
    const visible = this.d.access.visibleOwners(actor, 'sales')
    const people = this.d.repo.activeUsers().filter((u) => visible === 'all' || visible.has(u.id))
    return [...people.filter((u) => u.id === actor.userId), ...people.filter((u) => u.id !== actor.userId)]
  }

  private salesperson(actor: Actor, id: string | undefined): string {
    if (!id || id === actor.userId) return actor.userId
    requireDocVisible(this.d.access, actor, id)
    if (!this.d.repo.userName(id)) throw notFound('user')
    return id
  }

  create(userId: string | null, input: CreateInput): OrderDetail {
    const actor = this.actor(userId, 'orders.edit')
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const c = documentParties(w.db, this.d.repo, this.d.access, actor, input)
      const built = buildLines(input.lines, this.d.repo.products(input.lines.map((l) => l.productId)), input.priceIncludesTax)
      return this.insert(w, actor, { ...input, customerId: c.id, ownerId: this.salesperson(actor, input.salespersonId), quoteId: null }, built)
    })
    return this.detail(actor, this.d.repo.order(id)!)
  }

  /** One click from an accepted quote: lines as quoted, cost captured now. */
  createFromQuote(userId: string | null, input: { quoteId: string; orderDate?: string; deliveryDate?: string | null; paymentTerms?: string }): OrderDetail {
    const actor = this.actor(userId, 'orders.edit')
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const q = this.d.repo.quote(input.quoteId)
      if (!q) throw notFound('quote')
      requireDocVisible(this.d.access, actor, q.ownerId)
      if (q.status !== 'accepted') throw new AppError('CONFLICT', 'errors.quoteNotAccepted', { status: q.status })
      const existing = this.d.repo.orderForQuote(q.id)
      if (existing) throw new AppError('CONFLICT', 'errors.quoteHasOrder', { orderId: existing.id })
      const lines = this.d.repo.quoteLines(q.id)
      const built = copyLines(lines, this.d.repo.products(lines.map((l) => l.productId)), q.priceIncludesTax)
      return this.insert(w, actor, {
        customerId: q.customerId, contactId: q.contactId, opportunityId: q.opportunityId, ownerId: q.ownerId, quoteId: q.id,
        orderDate: input.orderDate ?? today(w.now), deliveryDate: input.deliveryDate ?? null, paymentTerms: input.paymentTerms ?? q.terms ?? undefined,
        priceIncludesTax: q.priceIncludesTax, notes: undefined,
      }, built)
    })
    return this.detail(actor, this.d.repo.order(id)!)
  }

  private insert(w: Writer, actor: Actor, h: {
    customerId: string; contactId?: string | null; opportunityId?: string | null; ownerId: string; quoteId: string | null
    orderDate: string; deliveryDate?: string | null; paymentTerms?: string; priceIncludesTax: boolean; notes?: string
  }, built: { lines: BuiltLine[]; sums: DocumentSums }): string {
    const o = w.insert(salesOrders, {
      id: uuidv7(w.now), ...provisionalNumber(w, 'sales_order', w.now), quoteId: h.quoteId, customerId: h.customerId, contactId: h.contactId ?? null,
      opportunityId: h.opportunityId ?? null, ownerId: h.ownerId, status: 'draft', orderDate: h.orderDate, deliveryDate: h.deliveryDate ?? null,
      paymentTerms: h.paymentTerms?.trim() || null, priceIncludesTax: h.priceIncludesTax, notes: h.notes?.trim() || null, ...sumsPatch(built.sums),
    })
    writeOrderLines(w, this.d.repo, o.id, { customerId: o.customerId, ownerId: o.ownerId, orderDate: o.orderDate }, built.lines)
    this.activity(w, actor.userId, o, 'created')
    return o.id
  }

  update(userId: string | null, input: UpdateInput): OrderDetail {
    const actor = this.actor(userId, 'orders.edit')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const o = this.load(actor, input.id)
      if (!EDITABLE.has(o.status)) throw locked(o.status)
      this.d.approvals.assertEditable(ORDER_TYPE, o.id)
      if (input.customerId !== o.customerId) throw new AppError('VALIDATION', 'errors.documentCustomerFixed')
      documentParties(w.db, this.d.repo, this.d.access, actor, input)
      const built = buildLines(input.lines, this.d.repo.products(input.lines.map((l) => l.productId)), input.priceIncludesTax)
      const ownerId = this.salesperson(actor, input.salespersonId ?? o.ownerId)
      const u = w.update(salesOrders, o.id, {
        status: 'draft', ownerId, contactId: input.contactId ?? null, opportunityId: input.opportunityId ?? null, orderDate: input.orderDate,
        deliveryDate: input.deliveryDate ?? null, paymentTerms: input.paymentTerms?.trim() || null, priceIncludesTax: input.priceIncludesTax,
        notes: input.notes?.trim() || null, ...sumsPatch(built.sums),
      })
      writeOrderLines(w, this.d.repo, o.id, { customerId: u.customerId, ownerId: u.ownerId, orderDate: u.orderDate }, built.lines)
    })
    return this.detail(actor, this.d.repo.order(input.id)!)
  }

  submit(userId: string | null, input: { id: string }): OrderDetail {
    const actor = this.actor(userId, 'orders.edit')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const o = this.load(actor, input.id)
      if (!EDITABLE.has(o.status)) throw locked(o.status)
      w.update(salesOrders, o.id, { status: 'submitted' })
      this.d.approvals.submit(w, actor, ORDER_TYPE, o.id)
    })
    return this.detail(actor, this.d.repo.order(input.id)!)
  }

  /** Approved → reversed (orders.reverse); draft / rejected → cancelled (orders.edit). */
  reverse(userId: string | null, input: { id: string; reason: string }): OrderDetail {
    const actor = this.actor(userId, 'orders.view')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const o = this.load(actor, input.id)
      if (o.status === 'approved') {
        this.d.access.require(actor, 'orders.reverse')
        const r = w.update(salesOrders, o.id, { status: 'reversed', reversedAt: w.now, reversedBy: actor.userId, reversalReason: input.reason })
        emitOrderReversed(w, { order: r, lines: this.d.repo.orderLines(o.id), reason: input.reason, actorId: actor.userId })
        this.activity(w, actor.userId, r, 'reversed', input.reason)
      } else if (EDITABLE.has(o.status)) {
        if (!actor.permissions.has('orders.edit')) throw forbidden('orders.edit')
        const r = w.update(salesOrders, o.id, { status: 'cancelled', reversedAt: w.now, reversedBy: actor.userId, reversalReason: input.reason })
        this.activity(w, actor.userId, r, 'cancelled', input.reason)
      } else throw new AppError('CONFLICT', o.status === 'submitted' ? 'errors.approvalPending' : 'errors.orderWrongStatus', { status: o.status })
    })
    return this.detail(actor, this.d.repo.order(input.id)!)
  }

  // ---- printing ----

  printHtml(userId: string | null, input: { id: string; lang: PrintLang }): { html: string } {
    const actor = this.actor(userId, 'orders.view')
    const o = this.detail(actor, this.loadForRead(actor, input.id))
    return {
      html: renderSalesDocument(input.lang, {
        kind: 'order', company: this.d.companyName(), number: o.number, provisional: o.numberStatus === 'provisional', version: null, date: o.orderDate,
        validUntil: null, deliveryDate: o.deliveryDate, customer: o.customerName, customerAddress: this.d.repo.customer(o.customerId)?.address || null,
        contact: o.contactName, salesperson: o.ownerName, paymentTerms: o.paymentTerms, terms: o.notes, priceIncludesTax: o.priceIncludesTax, lines: o.lines,
        subtotal: o.subtotal, tax: o.tax, total: o.total,
      }),
    }
  }

  async exportPdf(userId: string | null, input: { id: string; lang: PrintLang }): Promise<FileOutput> {
    const { html } = this.printHtml(userId, input)
    const pdf = await renderPdf(this.d.platform, html)
    return fileOutput(`${input.lang === 'en' ? 'SalesOrder' : '销售单'}_${this.d.repo.order(input.id)!.number}.pdf`, 'application/pdf', pdf)
  }

  // ---- approval engine ----

  facts(documentId: string): ApprovalFacts | null {
    const o = this.d.repo.order(documentId)
    if (!o) return null
    const c = this.d.repo.customer(o.customerId)
    return {
      title: `${o.number} · ${c?.name ?? ''}`, amount: o.total, maxDiscountPermille: o.maxDiscountPermille, belowFloor: o.belowFloor,
      customerLevel: c?.level ?? null, customerId: o.customerId, ownerId: c?.ownerId ?? o.ownerId,
    }
  }

  /** Idempotent. The approved transition fires onOrderApproved listeners in the same transaction. */
  onDecided(w: Writer, inst: ApprovalInstance, outcome: ApprovalOutcome): void {
    const o = this.d.repo.order(inst.documentId)
    if (!o) return
    if (outcome === 'approved' && o.status === 'submitted') {
      const r = w.update(salesOrders, o.id, { status: 'approved', approvedAt: inst.decidedAt ?? w.now })
      emitOrderApproved(w, { order: r, lines: this.d.repo.orderLines(o.id) })
    } else if (outcome === 'rejected' && o.status === 'submitted') w.update(salesOrders, o.id, { status: 'rejected' })
    else if (outcome === 'recalled' && o.status === 'submitted') w.update(salesOrders, o.id, { status: 'draft' })
    else if (outcome === 'pending' && (o.status === 'approved' || o.status === 'rejected')) w.update(salesOrders, o.id, { status: 'submitted', approvedAt: null })
  }

  // ---- views ----

  detail(actor: Actor, o: OrderRecord): OrderDetail {
    const c = this.d.repo.customer(o.customerId)
    const cost = this.withCost(actor)
    // An approver reading an order outside their scope gets no actions.
    const inScope = this.d.access.canSeeOwner(actor, 'sales', o.ownerId)
    const edit = inScope && actor.permissions.has('orders.edit') && EDITABLE.has(o.status)
    return {
      id: o.id, number: o.number, numberStatus: o.numberStatus, provisionalNumber: o.provisionalNumber, status: o.status,
      customerId: o.customerId, customerName: c?.name ?? '', ownerId: o.ownerId, ownerName: this.d.repo.userName(o.ownerId) ?? '',
      contactId: o.contactId, contactName: o.contactId ? this.d.repo.contact(o.contactId)?.name ?? null : null, opportunityId: o.opportunityId,
      opportunityName: o.opportunityId ? this.d.repo.opportunity(o.opportunityId)?.name ?? null : null,
      quoteId: o.quoteId, quoteNumber: o.quoteId ? this.d.repo.quote(o.quoteId)?.number ?? null : null,
      orderDate: o.orderDate, deliveryDate: o.deliveryDate, paymentTerms: o.paymentTerms, notes: o.notes, priceIncludesTax: o.priceIncludesTax,
      subtotal: o.subtotal, tax: o.taxTotal, total: o.total, maxDiscountPermille: o.maxDiscountPermille, belowFloor: o.belowFloor,
      ...(cost ? { costTotal: o.costTotal, margin: o.costTotal === null ? null : o.subtotal - o.costTotal } : {}),
      approvedAt: o.approvedAt, reversedAt: o.reversedAt, reversedByName: this.d.repo.userName(o.reversedBy), reversalReason: o.reversalReason,
      approvalId: this.d.repo.latestApproval(ORDER_TYPE, o.id), createdAt: o.createdAt, updatedAt: o.updatedAt,
      lines: this.d.repo.orderLines(o.id).map((l) => orderLine(l, cost)),
      can: { edit, submit: edit, reverse: inScope && o.status === 'approved' && actor.permissions.has('orders.reverse'), cancel: edit },
    }
  }

  private activity(w: Writer, actorId: string, o: OrderRecord, what: string, body?: string): void {
    recordActivity(w, actorId, {
      kind: 'order', summaryKey: `timeline.order.${what}`, customerId: o.customerId, ownerId: o.ownerId, recordId: o.id,
      params: { no: o.number, amount: o.total }, body: body ?? null,
    })
  }
}
