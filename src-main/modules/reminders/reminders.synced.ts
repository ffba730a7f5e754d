import { defineSyncedTable } from '../../core/synced'
import { withCustomer } from '../customers/customer-partition'
import { registerCustomerReference } from '../customers/customer-references'
import { reminders } from './reminders.table'

export const remindersSynced = defineSyncedTable({
  table: reminders,
  docType: 'reminder',
  // One column for "when does it ring": lists and the scheduler order by it.
  derive: (row) => ({ fireAt: (row.snoozedUntil as number | null | undefined) ?? (row.dueAt as number) }),
  // About a customer: with the customer; otherwise in its user's database.
  partition: withCustomer('ownerId'),
})

// Merging customers moves reminders about the merged customer onto the survivor.
registerCustomerReference(reminders, reminders.customerId)
