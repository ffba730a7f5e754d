import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

export const EXPENSE_CATEGORIES = ['travel', 'entertainment', 'gifts', 'samples', 'other'] as const
export const EXPENSE_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const

/**
 * 客户费用 (SA-5): a cost of selling to a customer, optionally tied to a sales order. `ownerId`
 * is the submitter (the record lives in their database); `officeId` is the submitter's 办事处
 * when the expense was recorded, so a later move does not shift old costs between budgets.
 * `month` (YYYY-MM of expenseDate) is stored for the budget sums: (office_id, month, status).
 */
export const expenses = sqliteTable('expenses', {
  ...baseColumns(),
  ownerId: text('owner_id').notNull(),
  customerId: text('customer_id').notNull(),
  orderId: text('order_id'),
  officeId: text('office_id'),
  category: text('category', { enum: EXPENSE_CATEGORIES }).notNull(),
  amount: integer('amount').notNull(),
  expenseDate: text('expense_date').notNull(),
  month: text('month').notNull(),
  description: text('description'),
  /** sha256 of the receipt image in expense_receipts (device-local bytes, as product images). */
  receiptRef: text('receipt_ref'),
  status: text('status', { enum: EXPENSE_STATUSES }).notNull().default('draft'),
  submittedAt: integer('submitted_at'),
  decidedAt: integer('decided_at'),
}, (t) => [
  index('expenses_owner').on(t.ownerId, t.deletedAt, t.createdAt, t.id),
  index('expenses_customer').on(t.customerId, t.deletedAt, t.createdAt, t.id),
  index('expenses_recent').on(t.deletedAt, t.createdAt, t.id),
  index('expenses_budget').on(t.officeId, t.month, t.status, t.amount),
])

/**
 * 办事处费用预算: one per office and month (company data). The id is derived from (office, month)
 * so two managers setting the same budget offline write one document.
 */
export const expenseBudgets = sqliteTable('expense_budgets', {
  ...baseColumns(),
  officeId: text('office_id').notNull(),
  month: text('month').notNull(),
  amount: integer('amount').notNull(),
}, (t) => [index('expense_budgets_month').on(t.month, t.officeId)])

/** Receipt images, content-addressed, ≤ 1 MB, on this device only (like product_images). */
export const expenseReceipts = sqliteTable('expense_receipts', {
  ref: text('ref').primaryKey(),
  mime: text('mime').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  size: integer('size').notNull(),
  createdAt: integer('created_at').notNull(),
})
