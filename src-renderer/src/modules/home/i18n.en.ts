import type { Messages } from '../../app/i18n/types'
import type { demoErrorsZhCN } from './i18n.zh-CN'

/** English for i18n.zh-CN.ts (same keys). */
export const demoEn: Messages['dashboard']['demo'] = {
  badge: 'Demo data',
  offerTitle: 'See a company in full swing first?',
  offerText: 'Load demo data: 300 customers of a fictitious company with contacts, three years of follow-ups, opportunities, a product catalogue and a sales team. Demo data stays on this device, never syncs, and can be removed with one click.',
  load: 'Load demo data',
  loading: 'Generating demo data…',
  confirmLoadTitle: 'Load demo data?',
  confirmLoadText: 'Customers, follow-ups, opportunities, products and salespeople of a fictitious company will be generated on this device, all marked as demo data and never synced to the server.',
  loaded: 'Demo data loaded: {customers} customers, {followups} follow-ups.',
  presentTitle: 'You are looking at demo data',
  presentText: 'The customers, follow-ups and products here are fictitious demo data, on this device only. Remove them before real use; records you entered yourself are kept.',
  remove: 'Remove demo data',
  confirmRemoveTitle: 'Remove demo data?',
  confirmRemoveText: 'All demo records will be deleted. Records you entered are not affected; demo customers your records refer to are kept as ordinary records.',
  removed: 'Removed {removed} demo records; kept {kept} that your records refer to.',
}

export const demoErrorsEn: Record<keyof typeof demoErrorsZhCN, string> = {
  demoDataPresent: 'Demo data has already been loaded.',
  demoDataNotEmpty: 'This device already holds customers: demo data can no longer be loaded.',
}
