import type { Messages } from '../../app/i18n/types'
import type { plansErrorsZhCN } from './i18n.zh-CN'

/** English for i18n.zh-CN.ts (same keys). */
export const plansEn: Messages['plans'] = {
  nav: { plans: 'Plan completion' },
  scope: { user: 'Salesperson', office: 'Office', department: 'Department' },
  title: 'Plan completion', subtitle: 'Sales targets and completion, from approved, unreversed sales orders (amounts before tax)',
  period: 'Period', month: 'Month', quarter: 'Quarter', quarterN: 'Q{n}', range: '{from} to {to}',
  target: 'Target of', category: 'Product category', allProducts: 'All products', amount: 'Target (CNY)', completed: 'Completed', ratio: 'Completion', rank: 'Rank', note: 'Note',
  set: 'Set target', edit: 'Edit', remove: 'Delete', removeConfirm: 'Delete this target of “{name}”?', saved: 'Target saved', removed: 'Target deleted',
  empty: 'No targets for this period', emptyHint: 'Managers can set monthly or quarterly targets for salespeople, offices or departments.', invalidAmount: 'Enter a valid amount',
  ranking: 'Ranking', progress: 'Progress', chart: 'Target and completion', noTarget: 'Target 0', all: 'All',
}

export const plansErrorsEn: Record<keyof typeof plansErrorsZhCN, string> = {
  planPeriod: 'The period must look like 2026-11 or 2026-Q4.',
}
