/**
 * 客户费用 (SA-5): draft → submitted → approved / rejected through the approvals engine
 * (document type 'expense'; flows decide by amount, customer level…; no matching flow means
 * approved at once). Approved expenses never change. Every create / update / submit answers
 * with the office budget as this expense would leave it: a warning, never a block.
 */
import type { z } from 'zod'
import type { BudgetRow, BudgetStatus, createExpenseInput, ExpenseDetail, ExpenseRow, ExpenseSaved, expenseListFilters, updateExpenseInput } from '../../../src-preload/contracts/expenses'
import type { Page } from '../../../src-preload/contracts/define'
import type { Db } from '../../core/db'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import type { ApprovalInstance, ApprovalOutcome } from '../approvals/approval-types'
import type { ApprovalsService } from '../approvals/approvals.service'
import type { ApprovalFacts } from '../approvals/resolve-steps'
import { acceptImage } from '../catalogue/images'
import { loadVisibleCustomer } from '../customers/customer-access'
import { decodeCursor, encodeCursor } from '../followups/keyset'
import { derivedId } from '../pool/derived-id'
import { recordActivity } from '../timeline/activity'
import { budgetRow, type ExpenseRecord, type ExpensesRepository } from './expenses.repository'
import { expenseBudgets, expenses } from './expenses.table'

export const EXPENSE_TYPE = 'expense'
const EDITABLE = new Set(['draft', 'rejected'])
/** Approval titles are plain text stored with the instance: in the seed language. */
const CATEGORY_TITLE: Record<string, string> = { travel: '差旅费', entertainment: '招待费', gifts: '礼品费', samples: '样品费', other: '其他费用' }

type CreateInput = z.output<typeof createExpenseInput>
type UpdateInput = z.output<typeof updateExpenseInput>
type Perm = 'expenses.view' | 'expenses.edit' | 'expenses.budget'

export interface ExpensesDeps { db: Db; repo: ExpensesRepository; access: Access; mutation: Mutation; now: () => number; approvals: ApprovalsService }

export class ExpensesService {
  constructor(private readonly d: ExpensesDeps) {}

  private actor(userId: string | null, permission: Perm): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, permission)
    return actor
  }

  /** Visible when the submitter is inside the caller's `sales` data scope. */
  private load(actor: Actor, id: string): ExpenseRecord {
    const e = this.d.repo.expense(id)
    if (!e) throw notFound('expense')
    if (!this.d.access.canSeeOwner(actor, 'sales', e.ownerId)) throw forbidden('sales.scope')
    return e
  }

  /**
   * For reading only (view, receipt): the sales scope, or one of the expense's approvers (the
   * approvals inbox links to it; a named approver may sit outside the submitter's team), as
   * sales.getQuote / getOrder. Writing still needs the scope and the submitter.
   */
  private loadForRead(actor: Actor, id: string): ExpenseRecord {
    const e = this.d.repo.expense(id)
    if (!e) throw notFound('expense')
    if (this.d.access.canSeeOwner(actor, 'sales', e.ownerId) || this.d.approvals.isApproverOf(EXPENSE_TYPE, e.id, actor.userId)) return e
    throw forbidden('sales.scope')
  }

  /** Only the submitter changes an expense, and only while it is a draft or rejected. */
  private loadOwnEditable(actor: Actor, id: string): ExpenseRecord {
    const e = this.load(actor, id)
    if (e.ownerId !== actor.userId) throw forbidden('expenses.owner')
    if (!EDITABLE.has(e.status)) throw new AppError('CONFLICT', 'errors.expenseLocked', { status: e.status })
    this.d.approvals.assertEditable(EXPENSE_TYPE, e.id)
    return e
  }

  list(userId: string | null, input: { filters: z.output<typeof expenseListFilters>; cursor?: string | null; limit: number }): Page<ExpenseRow> {
    const actor = this.actor(userId, 'expenses.view')
    const f = input.filters
    if (f.ownerId && !this.d.access.canSeeOwner(actor, 'sales', f.ownerId)) throw forbidden('sales.scope')
    const rows = this.d.repo.list({ ...f, visible: this.d.access.visibleOwners(actor, 'sales') }, decodeCursor(input.cursor), input.limit + 1)
    const items = rows.slice(0, input.limit)
    const last = items.at(-1)
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null }
  }

  get(userId: string | null, input: { id: string }): ExpenseDetail {
    const actor = this.actor(userId, 'expenses.view')
    return this.detail(actor, this.loadForRead(actor, input.id))
  }

  /** The customer must be one the caller may open; the order (optional) that customer's and in scope. */
  private checkLinks(w: Writer, actor: Actor, input: { customerId: string; orderId?: string | null; receiptRef?: string | null }): void {
    loadVisibleCustomer(w.db, this.d.access, actor, input.customerId)
    if (input.orderId) {
      const o = this.d.repo.order(input.orderId)
      if (!o || o.customerId !== input.customerId) throw notFound('salesOrder')
      if (!this.d.access.canSeeOwner(actor, 'sales', o.ownerId)) throw forbidden('sales.scope')
    }
    if (input.receiptRef && !this.d.repo.receipt(input.receiptRef)) throw notFound('receipt')
  }

  create(userId: string | null, input: CreateInput): ExpenseSaved {
    const actor = this.actor(userId, 'expenses.edit')
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      this.checkLinks(w, actor, input)
      const e = w.insert(expenses, {
        ownerId: actor.userId, officeId: this.d.repo.userOffice(actor.userId), status: 'draft', ...this.fields(input),
      })
      recordActivity(w, actor.userId, {
        kind: 'expense', summaryKey: `timeline.expense.${e.category}`, params: { amount: e.amount }, customerId: e.customerId,
        ownerId: this.d.repo.customer(e.customerId)?.ownerId ?? actor.userId, recordId: e.id, body: e.description,
      })
      if (input.submit) this.submitIn(w, actor, e)
      return e.id
    })
    return this.saved(actor, id)
  }

  update(userId: string | null, input: UpdateInput): ExpenseSaved {
    const actor = this.actor(userId, 'expenses.edit')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const e = this.loadOwnEditable(actor, input.id)
      this.checkLinks(w, actor, input)
      const u = w.update(expenses, e.id, { status: 'draft', ...this.fields(input) })
      if (input.submit) this.submitIn(w, actor, u)
    })
    return this.saved(actor, input.id)
  }

  submit(userId: string | null, input: { id: string }): ExpenseSaved {
    const actor = this.actor(userId, 'expenses.edit')
    this.d.mutation({ userId: actor.userId }, (w) => this.submitIn(w, actor, this.loadOwnEditable(actor, input.id)))
    return this.saved(actor, input.id)
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.actor(userId, 'expenses.edit')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const e = this.loadOwnEditable(actor, input.id)
      w.softDelete(expenses, e.id)
      recordActivity(w, actor.userId, {
        kind: 'expense', summaryKey: 'timeline.expense.removed', params: { amount: e.amount }, customerId: e.customerId,
        ownerId: this.d.repo.customer(e.customerId)?.ownerId ?? actor.userId, recordId: e.id,
      })
    })
    return { ok: true }
  }

  private fields(input: CreateInput) {
    return {
      customerId: input.customerId, orderId: input.orderId ?? null, category: input.category, amount: input.amount, expenseDate: input.expenseDate,
      month: input.expenseDate.slice(0, 7), description: input.description?.trim() || null, receiptRef: input.receiptRef ?? null,
    }
  }

  /** Status and approval in one transaction; the engine may approve at once (onDecided). */
  private submitIn(w: Writer, actor: Actor, e: ExpenseRecord): void {
    w.update(expenses, e.id, { status: 'submitted', submittedAt: w.now, decidedAt: null })
    this.d.approvals.submit(w, actor, EXPENSE_TYPE, e.id)
  }

  // ---- receipts ----

  uploadReceipt(userId: string | null, input: { fileName: string; contentBase64: string }): { receiptRef: string; mime: string; size: number } {
    this.actor(userId, 'expenses.edit')
    const img = acceptImage(input.contentBase64)
    this.d.repo.saveReceipt(img.ref, img.mime, img.bytes, this.d.now())
    return { receiptRef: img.ref, mime: img.mime, size: img.bytes.length }
  }

  receipt(userId: string | null, input: { id: string }): { mime: string; contentBase64: string } | null {
    const actor = this.actor(userId, 'expenses.view')
    const e = this.loadForRead(actor, input.id)
    const img = e.receiptRef ? this.d.repo.receipt(e.receiptRef) : undefined
    return img ? { mime: img.mime, contentBase64: img.bytes.toString('base64') } : null
  }

  // ---- budgets ----

  /** The office's month as `amount` (of expense `excludeId`, if any) would leave it. */
  budgetFor(officeId: string, month: string, amount: number, excludeId?: string): BudgetStatus | null {
    const office = this.d.repo.office(officeId)
    if (!office) return null
    const use = this.d.repo.officeUse(officeId, month, excludeId)
    const budget = this.d.repo.budget(officeId, month)?.amount ?? null
    const used = use.approved + use.submitted
    const projected = used + amount
    return {
      officeId, officeName: office.name, month, budget, used, approved: use.approved, submitted: use.submitted, thisAmount: amount, projected,
      remaining: budget === null ? null : budget - projected, exceeds: budget !== null && projected > budget,
    }
  }

  budgetStatus(userId: string | null, input: { month: string; amount: number; officeId?: string; excludeId?: string }): BudgetStatus | null {
    const actor = this.d.access.actor(userId)
    if (!actor.permissions.has('expenses.edit') && !actor.permissions.has('expenses.view')) throw forbidden('expenses.view')
    const own = this.d.repo.userOffice(actor.userId)
    if (input.officeId && input.officeId !== own) this.d.access.require(actor, 'expenses.budget')
    const officeId = input.officeId ?? own
    return officeId ? this.budgetFor(officeId, input.month, input.amount, input.excludeId) : null
  }

  listBudgets(userId: string | null, input: { month: string }): BudgetRow[] {
    this.actor(userId, 'expenses.budget')
    return this.d.repo.budgets(input.month)
  }

  saveBudget(userId: string | null, input: { officeId: string; month: string; amount: number | null }): BudgetRow {
    const actor = this.actor(userId, 'expenses.budget')
    const office = this.d.repo.office(input.officeId)
    if (!office) throw notFound('office')
    const id = derivedId('expense_budget', input.officeId, input.month)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const existing = this.d.repo.budgetById(id)
      if (input.amount === null) { if (existing && !existing.deletedAt) w.softDelete(expenseBudgets, id); return }
      if (!existing) w.insert(expenseBudgets, { id, officeId: input.officeId, month: input.month, amount: input.amount })
      else {
        if (existing.deletedAt) w.restore(expenseBudgets, id)
        w.update(expenseBudgets, id, { amount: input.amount })
      }
    })
    return budgetRow(office.id, office.name, input.month, input.amount, this.d.repo.officeUse(office.id, input.month))
  }

  // ---- approval engine ----

  facts(documentId: string): ApprovalFacts | null {
    const e = this.d.repo.expense(documentId)
    if (!e) return null
    const c = this.d.repo.customer(e.customerId)
    return {
      title: `${CATEGORY_TITLE[e.category] ?? e.category} · ${c?.name ?? ''}`, amount: e.amount,
      customerLevel: c?.level ?? null, customerId: e.customerId, ownerId: c?.ownerId ?? e.ownerId,
    }
  }

  /** Idempotent: several devices may apply the same outcome. */
  onDecided(w: Writer, inst: ApprovalInstance, outcome: ApprovalOutcome): void {
    const e = this.d.repo.expense(inst.documentId)
    if (!e) return
    if (outcome === 'approved' && e.status === 'submitted') w.update(expenses, e.id, { status: 'approved', decidedAt: inst.decidedAt ?? w.now })
    else if (outcome === 'rejected' && e.status === 'submitted') w.update(expenses, e.id, { status: 'rejected', decidedAt: inst.decidedAt ?? w.now })
    else if (outcome === 'recalled' && e.status === 'submitted') w.update(expenses, e.id, { status: 'draft' })
    else if (outcome === 'pending' && (e.status === 'approved' || e.status === 'rejected')) w.update(expenses, e.id, { status: 'submitted', decidedAt: null })
  }

  // ---- views ----

  private saved(actor: Actor, id: string): ExpenseSaved {
    const e = this.d.repo.expense(id)!
    return { expense: this.detail(actor, e), budget: e.officeId ? this.budgetFor(e.officeId, e.month, e.amount, e.id) : null }
  }

  private detail(actor: Actor, e: ExpenseRecord): ExpenseDetail {
    const row = this.d.repo.row(e.id)!
    const edit = e.ownerId === actor.userId && actor.permissions.has('expenses.edit') && EDITABLE.has(e.status)
    return { ...row, receiptRef: e.receiptRef, approvalId: this.d.repo.latestApproval(e.id), can: { edit, submit: edit, remove: edit } }
  }
}
