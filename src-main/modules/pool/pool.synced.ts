import { defineSyncedTable } from '../../core/synced'
import { customerTransfers, poolClaims, poolRules } from './pool.table'

export const poolSynced = [
  defineSyncedTable({ table: poolRules, docType: 'pool_rules' }),
  defineSyncedTable({ table: poolClaims, docType: 'pool_claim' }),
  defineSyncedTable({ table: customerTransfers, docType: 'customer_transfer', ledger: true }),
]
