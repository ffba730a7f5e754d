import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

/**
 * Reminders: a user's own items with a due time. Follow-up next steps create them
 * (sourceType 'followup'); users add their own. `fireAt` = snoozedUntil ?? dueAt, derived on
 * every write so the scheduler and the lists use one index.
 */
export const reminders = sqliteTable('reminders', {
  ...baseColumns(),
  ownerId: text('owner_id').notNull(),
  title: text('title').notNull(),
  body: text('body'),
  dueAt: integer('due_at').notNull(),
  status: text('status', { enum: ['pending', 'done'] }).notNull().default('pending'),
  snoozedUntil: integer('snoozed_until'),
  fireAt: integer('fire_at').notNull().default(0),
  doneAt: integer('done_at'),
  sourceType: text('source_type'),
  sourceId: text('source_id'),
  customerId: text('customer_id'),
}, (t) => [
  index('reminders_owner_status_fire').on(t.ownerId, t.status, t.fireAt),
  index('reminders_status_fire').on(t.status, t.fireAt),
  index('reminders_source').on(t.sourceType, t.sourceId),
  index('reminders_customer').on(t.customerId, t.status),
])

/**
 * Device-local record of which due time of a reminder this device has already announced.
 * Never synced: every device that has the reminder's owner logged in announces it once.
 */
export const reminderNotifications = sqliteTable('reminder_notifications', {
  reminderId: text('reminder_id').primaryKey(),
  /** The fireAt that was announced; a snooze or a new due time makes it due again. */
  fireAt: integer('fire_at').notNull(),
  notifiedAt: integer('notified_at').notNull(),
  late: integer('late', { mode: 'boolean' }).notNull().default(false),
})
