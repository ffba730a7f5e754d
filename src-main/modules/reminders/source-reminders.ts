import type { Writer } from '../../core/mutation'
import { RemindersRepository } from './reminders.repository'
import { reminders } from './reminders.table'
import './reminders.synced'

/**
 * How other modules keep "their" reminder in step with a record (a follow-up's next step, later
 * a collection plan's due date), inside their own mutation. One reminder per source record.
 */
export interface SourceReminder {
  sourceType: string
  sourceId: string
  ownerId: string
  title: string
  body: string | null
  /** Null removes the reminder. */
  dueAt: number | null
  customerId: string | null
}

export function syncSourceReminder(w: Writer, s: SourceReminder): void {
  const existing = new RemindersRepository(w.db).bySource(s.sourceType, s.sourceId)
  if (s.dueAt === null) {
    if (existing) w.softDelete(reminders, existing.id)
    return
  }
  const fields = { ownerId: s.ownerId, title: s.title.slice(0, 100), body: s.body?.slice(0, 500) ?? null, customerId: s.customerId }
  if (!existing) {
    w.insert(reminders, { ...fields, dueAt: s.dueAt, status: 'pending', sourceType: s.sourceType, sourceId: s.sourceId })
    return
  }
  // A new due time is a new appointment: it rings again even if the old one was done or snoozed.
  const rescheduled = existing.dueAt !== s.dueAt ? { dueAt: s.dueAt, snoozedUntil: null, status: 'pending' as const, doneAt: null } : {}
  w.update(reminders, existing.id, { ...fields, ...rescheduled })
}

export function removeSourceReminder(w: Writer, sourceType: string, sourceId: string): void {
  const existing = new RemindersRepository(w.db).bySource(sourceType, sourceId)
  if (existing) w.softDelete(reminders, existing.id)
}

/**
 * On reassignment the new owner takes over the reminders that come from the customer's records
 * (next steps); reminders users wrote for themselves stay with them.
 */
export function reassignCustomerReminders(w: Writer, customerId: string, toOwnerId: string): number {
  let moved = 0
  for (const r of new RemindersRepository(w.db).pendingSourcedForCustomer(customerId)) {
    if (r.ownerId === toOwnerId) continue
    w.update(reminders, r.id, { ownerId: toOwnerId })
    moved++
  }
  return moved
}
