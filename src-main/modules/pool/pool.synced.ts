import { defineSyncedTable } from '../../core/synced'
import { withCustomer } from '../customers/customer-partition'
import { customerTransfers, poolClaims, poolRules } from './pool.table'

export const poolSynced = [
  defineSyncedTable({ table: poolRules, docType: 'pool_rules', partition: 'company' }),
  // Claims are decided where every salesperson sees them: lb_pool (owner null).
  defineSyncedTable({ table: poolClaims, docType: 'pool_claim', partition: { ownerOf: () => null } }),
  defineSyncedTable({ table: customerTransfers, docType: 'customer_transfer', ledger: true, partition: withCustomer('toOwnerId') }),
]
