import { z } from 'zod'
import { cursor, dateStr, id, method, shortText, type Page } from './define'

/**
 * 客户费用 (SA-5) and 办事处费用预算. Money in integer fen. Scope: the `sales` data scope on the
 * expense's submitter (ownerId); expenses.view / expenses.edit for expenses, expenses.budget
 * for the budgets of every office. Statuses: draft → submitted → approved / rejected (approval
 * through the approvals engine, document type 'expense'); approved expenses never change.
 */
export const EXPENSE_CATEGORIES = ['travel', 'entertainment', 'gifts', 'samples', 'other'] as const
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number]
export const EXPENSE_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number]

/** Receipt image upload limit (bytes before base64): PNG, JPEG or WebP, checked by content. */
export const MAX_RECEIPT_BYTES = 1024 * 1024
const receiptRef = z.string().regex(/^[0-9a-f]{64}$/)
export const monthStr = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)
/** One expense: at most 10 million yuan. */
export const expenseAmount = z.number().int().min(1).max(1_000_000_000)

/**
 * The office's budget for a month as the expense would leave it. `used` = approved + submitted
 * expenses of the office in that month (without this expense); `projected` adds this expense;
 * `exceeds` is a warning, never a block. `budget` null: no budget set for the month.
 */
export interface BudgetStatus {
  officeId: string
  officeName: string
  month: string
  budget: number | null
  used: number
  approved: number
  submitted: number
  thisAmount: number
  projected: number
  remaining: number | null
  exceeds: boolean
}

export interface ExpenseRow {
  id: string
  ownerId: string
  ownerName: string
  customerId: string
  customerName: string
  orderId: string | null
  orderNumber: string | null
  officeId: string | null
  officeName: string | null
  category: ExpenseCategory
  amount: number
  expenseDate: string
  description: string | null
  hasReceipt: boolean
  status: ExpenseStatus
  submittedAt: number | null
  decidedAt: number | null
  createdAt: number
  updatedAt: number
}

export interface ExpenseDetail extends ExpenseRow {
  receiptRef: string | null
  /** The latest approval instance (approvals.get), if submitted. */
  approvalId: string | null
  can: { edit: boolean; submit: boolean; remove: boolean }
}

/** What create / update / submit answer: the expense and, when it has an office, the budget warning. */
export interface ExpenseSaved { expense: ExpenseDetail; budget: BudgetStatus | null }

export interface BudgetRow {
  officeId: string
  officeName: string
  month: string
  budget: number | null
  approved: number
  submitted: number
  used: number
  remaining: number | null
  /** used / budget in ‰ (null without a budget). */
  usedPermille: number | null
}

const expenseFields = {
  customerId: id,
  orderId: id.nullable().optional(),
  category: z.enum(EXPENSE_CATEGORIES),
  amount: expenseAmount,
  expenseDate: dateStr,
  description: shortText(500).optional(),
  receiptRef: receiptRef.nullable().optional(),
  /** Save and submit for approval in one step. */
  submit: z.boolean().default(false),
}
export const createExpenseInput = z.object(expenseFields).strict()
export const updateExpenseInput = z.object({ id, ...expenseFields }).strict()
export const expenseListFilters = z.object({
  status: z.enum(EXPENSE_STATUSES).optional(),
  category: z.enum(EXPENSE_CATEGORIES).optional(),
  customerId: id.optional(),
  ownerId: id.optional(),
  officeId: id.optional(),
  month: monthStr.optional(),
}).strict()

export const expenses = {
  /** Newest first, keyset-paged, inside the caller's `sales` scope. Needs expenses.view. */
  list: method<Page<ExpenseRow>>()(z.object({ filters: expenseListFilters.default({}), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  get: method<ExpenseDetail>()(z.object({ id }).strict()),
  /** Needs expenses.edit; the customer must be visible (customers scope), the order the customer's. */
  create: method<ExpenseSaved>()(createExpenseInput),
  /** Draft or rejected only; back to draft unless `submit`. */
  update: method<ExpenseSaved>()(updateExpenseInput),
  /** Submits for approval (document type 'expense'); may be approved at once when no flow matches. */
  submit: method<ExpenseSaved>()(z.object({ id }).strict()),
  /** Soft delete of a draft or rejected expense. */
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
  /** Stores a PNG/JPEG/WebP receipt (≤ 1 MB, checked by its bytes); returns the ref for receiptRef. */
  uploadReceipt: method<{ receiptRef: string; mime: string; size: number }>()(
    z.object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(Math.ceil(MAX_RECEIPT_BYTES / 3) * 4 + 4).regex(/^[A-Za-z0-9+/=]*$/) }).strict(),
    'user', { maxBytes: Math.ceil(MAX_RECEIPT_BYTES / 3) * 4 + 4096 }),
  /** The receipt image of an expense the caller may see; null when this device lacks the bytes. */
  receipt: method<{ mime: string; contentBase64: string } | null>()(z.object({ id }).strict()),
  /**
   * The budget meter for the caller's own office (or `officeId` with expenses.budget) in a month,
   * as `amount` more (of expense `excludeId`, being edited) would leave it. Null without an office.
   */
  budgetStatus: method<BudgetStatus | null>()(z.object({ month: monthStr, amount: z.number().int().min(0).max(1_000_000_000).default(0), officeId: id.optional(), excludeId: id.optional() }).strict()),
  /** Every office's budget and use for a month. Needs expenses.budget. */
  listBudgets: method<BudgetRow[]>()(z.object({ month: monthStr }).strict()),
  /** Sets an office's budget for a month (0 allowed); null removes it. Needs expenses.budget. */
  saveBudget: method<BudgetRow>()(z.object({ officeId: id, month: monthStr, amount: z.number().int().min(0).max(100_000_000_000).nullable() }).strict()),
}
