import type { Messages } from '../../app/i18n/types'
import type { expensesErrorsZhCN } from './i18n.zh-CN'

/** English for i18n.zh-CN.ts (same keys). */
export const expensesEn: Messages['expenses'] = {
  nav: { expenses: 'Customer expenses', budgets: 'Expense budgets' },
  category: { travel: 'Travel', entertainment: 'Entertainment', gifts: 'Gifts', samples: 'Samples', other: 'Other' },
  status: { draft: 'Draft', submitted: 'In approval', approved: 'Approved', rejected: 'Rejected' },
  fields: {
    customer: 'Customer', order: 'Sales order', category: 'Type', amount: 'Amount (CNY)', date: 'Date', description: 'Description', receipt: 'Receipt',
    submitter: 'Submitted by', office: 'Office', status: 'Status', month: 'Month',
  },
  list: {
    title: 'Customer expenses', subtitle: 'Travel, entertainment, gifts and samples spent on customers, approved and counted against office budgets',
    add: 'Record expense', anyStatus: 'Any status', anyCategory: 'Any type', empty: 'No expenses yet', emptyHint: 'After a visit, a dinner or a sample, record the cost here with its receipt.', loadMore: 'Load more',
    receipt: 'Receipt',
  },
  form: {
    titleNew: 'Record a customer expense', titleEdit: 'Edit customer expense', upload: 'Upload receipt (PNG/JPEG/WebP, ≤ 1 MB)', replace: 'Replace receipt', removeReceipt: 'Remove receipt',
    saveDraft: 'Save draft', saveSubmit: 'Save and submit', invalidAmount: 'Enter an amount above 0 with at most two decimals', noOrder: 'None', saved: 'Saved', submitted: 'Submitted for approval',
    approvedAtOnce: 'Submitted: no approval needed, approved at once',
  },
  detail: { title: 'Expense', submit: 'Submit', edit: 'Edit', remove: 'Delete', removeConfirm: 'Delete this expense?', removed: 'Deleted', approval: 'Approval', noReceipt: 'The receipt image is not on this device' },
  meter: {
    title: '{office} budget, {month}', noOffice: 'You belong to no office; the expense counts against no budget.', noBudget: 'No budget set for this month; used {used}',
    line: 'Used {used} of {budget}', thisOne: 'This expense {amount}', remaining: '{remaining} left', over: 'Over budget by {over}',
    warning: 'This expense takes {office} over its budget for the month by {over}. You can still submit; the approver will see it.',
  },
  budgets: {
    title: 'Expense budgets', subtitle: 'Monthly expense budgets per office; used = approved + in-approval expenses', month: 'Month', office: 'Office', budget: 'Budget (CNY)',
    approved: 'Approved', submitted: 'In approval', used: 'Used', remaining: 'Remaining', usage: 'Usage', notSet: 'Not set', save: 'Save', clear: 'Clear',
    saved: 'Budget saved', empty: 'No offices yet', emptyHint: 'Create offices under Organisation first.', invalid: 'Enter a valid amount',
  },
}

export const expensesErrorsEn: Record<keyof typeof expensesErrorsZhCN, string> = {
  expenseLocked: 'The expense is submitted or approved and cannot be changed or deleted.',
}
