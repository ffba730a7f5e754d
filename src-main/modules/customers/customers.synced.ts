import { defineSyncedTable } from '../../core/synced'
import { contacts, customerFields, customerLevels, customers, savedViews } from './customers.table'
import { byUser, withCustomer } from './customer-partition'
import { customerSearchIndex, reindexCustomer } from './search-index'
import { normalizeCompanyName, pinyinInitials } from './search-keys'

export const customersSynced = [
  defineSyncedTable({
    table: customers,
    docType: 'customer',
    merge: { notes: 'ask', name: 'ask', address: 'ask' },
    derive: (row) => ({ nameNorm: normalizeCompanyName(String(row.name ?? '')), pinyin: pinyinInitials(String(row.name ?? ''))[0] ?? '' }),
    afterWrite: (db, row) => reindexCustomer(db, row.id as string),
    // Writers of many rows reindex each customer once per transaction (search-index.ts).
    batchIndex: { index: customerSearchIndex, key: (row) => row.id as string },
    // In its owner's database; ownerId null = in the 公海 (lb_pool).
    partition: { ownerOf: (row) => (typeof row.ownerId === 'string' ? row.ownerId : null) },
  }),
  defineSyncedTable({
    table: contacts,
    docType: 'contact',
    afterWrite: (db, row) => reindexCustomer(db, row.customerId as string),
    batchIndex: { index: customerSearchIndex, key: (row) => row.customerId as string },
    partition: withCustomer(),
  }),
  defineSyncedTable({ table: customerLevels, docType: 'customer_level', partition: 'company' }),
  defineSyncedTable({ table: customerFields, docType: 'customer_field', partition: 'company' }),
  // A user's own saved list views travel in their database.
  defineSyncedTable({ table: savedViews, docType: 'saved_view', partition: byUser('ownerId') }),
]
