import { defineSyncedTable } from '../../core/synced'
import { withCustomer } from '../customers/customer-partition'
import { registerCustomerReference } from '../customers/customer-references'
import { followups, opportunities, opportunityStages } from './followups.table'

export const followupsSynced = [
  defineSyncedTable({ table: followups, docType: 'followup', merge: { content: 'ask' }, partition: withCustomer('ownerId') }),
  defineSyncedTable({ table: opportunities, docType: 'opportunity', merge: { name: 'ask', amount: 'ask', notes: 'ask' }, partition: withCustomer('ownerId') }),
  defineSyncedTable({ table: opportunityStages, docType: 'opportunity_stage', partition: 'company' }),
]

// Merging customers (查重 → 合并) moves follow-ups and opportunities onto the survivor.
registerCustomerReference(followups, followups.customerId)
registerCustomerReference(opportunities, opportunities.customerId)
