import { defineSyncedTable } from '../../core/synced'
import { registerCustomerReference } from '../customers/customer-references'
import { followups, opportunities, opportunityStages } from './followups.table'

export const followupsSynced = [
  defineSyncedTable({ table: followups, docType: 'followup', merge: { content: 'ask' } }),
  defineSyncedTable({ table: opportunities, docType: 'opportunity', merge: { name: 'ask', amount: 'ask', notes: 'ask' } }),
  defineSyncedTable({ table: opportunityStages, docType: 'opportunity_stage' }),
]

// Merging customers (查重 → 合并) moves follow-ups and opportunities onto the survivor.
registerCustomerReference(followups, followups.customerId)
registerCustomerReference(opportunities, opportunities.customerId)
