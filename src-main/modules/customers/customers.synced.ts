import { defineSyncedTable } from '../../core/synced'
import { contacts, customerFields, customerLevels, customers, savedViews } from './customers.table'
import { byUser, withCustomer } from './customer-partition'
import { customerSearchIndex, reindexCustomer } from './search-index'
import { initialsKey, normalizeCompanyName, pinyinInitials } from './search-keys'

export const customersSynced = [
  defineSyncedTable({
    table: customers,
    docType: 'customer',
    merge: { notes: 'ask', name: 'ask', address: 'ask' },
    // The pinyin a received document carries is reused when computed from the same name (the
    // segmentation is most of the projection's per-customer cost in an initial sync).
    derive: (row, carried) => {
      const name = String(row.name ?? '')
      return { nameNorm: normalizeCompanyName(name), pinyin: plausibleInitials(carried?.pinyin, name) ?? pinyinInitials(name)[0] ?? '' }
    },
    carry: { columns: ['pinyin'], key: (row) => initialsKey(String(row.name ?? '')) },
    afterWrite: (db, row) => reindexCustomer(db, row.id as string),
    // Writers of many rows reindex each customer once per transaction (search-index.ts).
    batchIndex: { index: customerSearchIndex, key: (row) => row.id as string, ownEntry: true },
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

/** A carried value that can be initials of `name` (letters and digits, not longer than it allows), else null. */
function plausibleInitials(v: unknown, name: string): string | null {
  return typeof v === 'string' && v.length <= 2 * name.length && /^[a-z0-9]*$/.test(v) ? v : null
}
