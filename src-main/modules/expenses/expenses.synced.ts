import { defineSyncedTable } from '../../core/synced'
import { byUser } from '../customers/customer-partition'
import { registerCustomerReference } from '../customers/customer-references'
import { expenseBudgets, expenses } from './expenses.table'

/**
 * An expense lives in its submitter's database (their own costs, whoever owns the customer
 * later); budgets are company data. Receipt bytes are device-local (expense_receipts).
 */
export const expensesSynced = [
  defineSyncedTable({ table: expenses, docType: 'expense', merge: { description: 'ask', amount: 'ask' }, partition: byUser('ownerId') }),
  defineSyncedTable({ table: expenseBudgets, docType: 'expense_budget', partition: 'company' }),
]

// Merging customers (查重 → 合并) moves expenses onto the survivor.
registerCustomerReference(expenses, expenses.customerId)
