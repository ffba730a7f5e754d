import { z } from 'zod'
import { id, method, requiredText, shortText, timestamp } from './define'

export interface ReminderRow {
  id: string; title: string; body: string | null; dueAt: number
  status: 'pending' | 'done'
  snoozedUntil: number | null
  /** Came due while the app was closed (or before it was shown). */
  late: boolean
  sourceType: string | null; sourceId: string | null; customerId: string | null; customerName: string | null
}

export const reminders = {
  list: method<ReminderRow[]>()(z.object({ status: z.enum(['pending', 'done', 'all']).default('pending'), limit: z.number().int().min(1).max(500).default(100) }).strict()),
  create: method<ReminderRow>()(z.object({ title: requiredText(100), body: shortText(500).optional(), dueAt: timestamp, customerId: id.optional() }).strict()),
  snooze: method<ReminderRow>()(z.object({ id, until: timestamp }).strict()),
  done: method<ReminderRow>()(z.object({ id }).strict()),
  /** Count for the header badge. */
  dueCount: method<{ due: number }>()(z.object({}).strict()),
}
