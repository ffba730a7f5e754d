import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { BudgetRow, ExpenseCategory, ExpenseRow, ExpenseStatus } from '../../../src-preload/contracts/expenses'
import type { Db } from '../../core/db'
import { ownerIn, type Visible } from '../followups/scope-sql'
import { expenseBudgets, expenseReceipts, expenses } from './expenses.table'

export type ExpenseRecord = typeof expenses.$inferSelect
export interface ExpenseFilter {
  visible: Visible
  status?: ExpenseStatus; category?: ExpenseCategory; customerId?: string; ownerId?: string; officeId?: string; month?: string
}
/** Sums of an office's expenses in a month that count against its budget. */
export interface OfficeUse { approved: number; submitted: number }

const ROW_COLS = sql.raw(`e.id, e.owner_id AS ownerId, COALESCE(u.display_name, '') AS ownerName, e.customer_id AS customerId, COALESCE(c.name, '') AS customerName,
  e.order_id AS orderId, o.number AS orderNumber, e.office_id AS officeId, f.name AS officeName, e.category, e.amount, e.expense_date AS expenseDate,
  e.description, e.receipt_ref IS NOT NULL AS hasReceipt, e.status, e.submitted_at AS submittedAt, e.decided_at AS decidedAt,
  e.created_at AS createdAt, e.updated_at AS updatedAt`)
const ROW_JOINS = sql.raw(`LEFT JOIN users u ON u.id = e.owner_id LEFT JOIN customers c ON c.id = e.customer_id
  LEFT JOIN sales_orders o ON o.id = e.order_id LEFT JOIN offices f ON f.id = e.office_id`)

type RawRow = Omit<ExpenseRow, 'hasReceipt'> & { hasReceipt: number }
const toRow = (r: RawRow): ExpenseRow => ({ ...r, hasReceipt: !!r.hasReceipt })

/** All SQL of expenses, budgets and receipts (reads; synced writes go through the mutation writer). */
export class ExpensesRepository {
  constructor(private readonly db: Db) {}

  expense(id: string): ExpenseRecord | undefined {
    return this.db.select().from(expenses).where(and(eq(expenses.id, id), isNull(expenses.deletedAt))).get()
  }

  row(id: string): ExpenseRow | undefined {
    const r = this.db.get<RawRow | undefined>(sql`SELECT ${ROW_COLS} FROM expenses e ${ROW_JOINS} WHERE e.id = ${id}`)
    return r && toRow(r)
  }

  /** Newest first by (created_at, id), walking an index that leads with the filter when there is one. */
  list(f: ExpenseFilter, after: { t: number; id: string } | null, limit: number): ExpenseRow[] {
    const where: SQL[] = [sql`e.deleted_at IS NULL`]
    if (f.visible !== 'all') where.push(ownerIn('e.owner_id', f.visible))
    if (f.ownerId) where.push(sql`e.owner_id = ${f.ownerId}`)
    if (f.customerId) where.push(sql`e.customer_id = ${f.customerId}`)
    if (f.status) where.push(sql`e.status = ${f.status}`)
    if (f.category) where.push(sql`e.category = ${f.category}`)
    if (f.officeId) where.push(sql`e.office_id = ${f.officeId}`)
    if (f.month) where.push(sql`e.month = ${f.month}`)
    if (after) where.push(sql`(e.created_at < ${after.t} OR (e.created_at = ${after.t} AND e.id < ${after.id}))`)
    return this.db.all<RawRow>(sql`SELECT ${ROW_COLS} FROM expenses e ${ROW_JOINS}
      WHERE ${sql.join(where, sql` AND `)} ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}`).map(toRow)
  }

  /** Approved and submitted expenses of an office in a month, without `excludeId` (index expenses_budget). */
  officeUse(officeId: string, month: string, excludeId?: string): OfficeUse {
    const r = this.db.get<{ approved: number | null; submitted: number | null }>(sql`SELECT
        SUM(CASE WHEN status = 'approved' THEN amount END) AS approved, SUM(CASE WHEN status = 'submitted' THEN amount END) AS submitted
      FROM expenses WHERE office_id = ${officeId} AND month = ${month} AND status IN ('approved', 'submitted') AND deleted_at IS NULL
      ${excludeId ? sql`AND id <> ${excludeId}` : sql``}`)
    return { approved: r?.approved ?? 0, submitted: r?.submitted ?? 0 }
  }

  budget(officeId: string, month: string): { id: string; amount: number } | undefined {
    return this.db.get(sql`SELECT id, amount FROM expense_budgets WHERE office_id = ${officeId} AND month = ${month} AND deleted_at IS NULL`)
  }

  budgetById(id: string): typeof expenseBudgets.$inferSelect | undefined {
    return this.db.select().from(expenseBudgets).where(eq(expenseBudgets.id, id)).get()
  }

  /** Every live office with its budget and use in a month: one grouped query over the month's expenses. */
  budgets(month: string): BudgetRow[] {
    const rows = this.db.all<{ officeId: string; officeName: string; budget: number | null; approved: number; submitted: number }>(sql`
      SELECT f.id AS officeId, f.name AS officeName, b.amount AS budget, COALESCE(s.approved, 0) AS approved, COALESCE(s.submitted, 0) AS submitted
      FROM offices f
      LEFT JOIN expense_budgets b ON b.office_id = f.id AND b.month = ${month} AND b.deleted_at IS NULL
      LEFT JOIN (SELECT office_id, SUM(CASE WHEN status = 'approved' THEN amount ELSE 0 END) AS approved, SUM(CASE WHEN status = 'submitted' THEN amount ELSE 0 END) AS submitted
        FROM expenses WHERE month = ${month} AND status IN ('approved', 'submitted') AND deleted_at IS NULL GROUP BY office_id) s ON s.office_id = f.id
      WHERE f.deleted_at IS NULL ORDER BY f.name, f.id`)
    return rows.map((r) => budgetRow(r.officeId, r.officeName, month, r.budget, r))
  }

  office(id: string): { id: string; name: string } | undefined {
    return this.db.get(sql`SELECT id, name FROM offices WHERE id = ${id} AND deleted_at IS NULL`)
  }

  userOffice(userId: string): string | null {
    return this.db.get<{ o: string | null } | undefined>(sql`SELECT office_id AS o FROM users WHERE id = ${userId}`)?.o ?? null
  }

  customer(id: string): { id: string; name: string; level: string | null; ownerId: string | null } | undefined {
    return this.db.get(sql`SELECT id, name, level, owner_id AS ownerId FROM customers WHERE id = ${id}`)
  }

  order(id: string): { id: string; customerId: string; ownerId: string; number: string } | undefined {
    return this.db.get(sql`SELECT id, customer_id AS customerId, owner_id AS ownerId, number FROM sales_orders WHERE id = ${id} AND deleted_at IS NULL`)
  }

  latestApproval(documentId: string): string | null {
    return this.db.get<{ id: string } | undefined>(sql`SELECT id FROM approval_instances WHERE document_type = 'expense' AND document_id = ${documentId}
      AND deleted_at IS NULL ORDER BY submitted_at DESC, id DESC LIMIT 1`)?.id ?? null
  }

  saveReceipt(ref: string, mime: string, bytes: Buffer, now: number): void {
    this.db.insert(expenseReceipts).values({ ref, mime, bytes, size: bytes.length, createdAt: now }).onConflictDoNothing().run()
  }

  receipt(ref: string): { mime: string; bytes: Buffer } | undefined {
    return this.db.select({ mime: expenseReceipts.mime, bytes: expenseReceipts.bytes }).from(expenseReceipts).where(eq(expenseReceipts.ref, ref)).get()
  }
}

export function budgetRow(officeId: string, officeName: string, month: string, budget: number | null, use: OfficeUse): BudgetRow {
  const used = use.approved + use.submitted
  return {
    officeId, officeName, month, budget, approved: use.approved, submitted: use.submitted, used,
    remaining: budget === null ? null : budget - used,
    usedPermille: budget === null ? null : budget === 0 ? (used > 0 ? 1000 : 0) : Math.round((used * 1000) / budget),
  }
}
