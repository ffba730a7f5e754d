import { defineSyncedTable } from '../../core/synced'
import { contacts, customerFields, customerLevels, customers, savedViews } from './customers.table'
import { reindexCustomer } from './search-index'
import { normalizeCompanyName, pinyinInitials } from './search-keys'

export const customersSynced = [
  defineSyncedTable({
    table: customers,
    docType: 'customer',
    merge: { notes: 'ask', name: 'ask', address: 'ask' },
    derive: (row) => ({ nameNorm: normalizeCompanyName(String(row.name ?? '')), pinyin: pinyinInitials(String(row.name ?? ''))[0] ?? '' }),
    afterWrite: (db, row) => reindexCustomer(db, row.id as string),
  }),
  defineSyncedTable({
    table: contacts,
    docType: 'contact',
    afterWrite: (db, row) => reindexCustomer(db, row.customerId as string),
  }),
  defineSyncedTable({ table: customerLevels, docType: 'customer_level' }),
  defineSyncedTable({ table: customerFields, docType: 'customer_field' }),
  defineSyncedTable({ table: savedViews, docType: 'saved_view' }),
]
