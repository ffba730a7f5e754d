import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../core/db'
import type { ReminderRow } from '../../../src-preload/contracts/reminders'
import { reminderNotifications, reminders } from './reminders.table'

export type ReminderRecord = typeof reminders.$inferSelect

const ROW_COLUMNS = sql.raw(`r.id, r.title, r.body, r.due_at AS dueAt, r.status, r.snoozed_until AS snoozedUntil,
  coalesce(n.late, 0) AS late, r.source_type AS sourceType, r.source_id AS sourceId, r.customer_id AS customerId, c.name AS customerName`)
const ROW_JOINS = sql.raw(`LEFT JOIN reminder_notifications n ON n.reminder_id = r.id AND n.fire_at = r.fire_at
  LEFT JOIN customers c ON c.id = r.customer_id`)

type RawRow = Omit<ReminderRow, 'late'> & { late: number }
const toRow = (r: RawRow): ReminderRow => ({ ...r, late: r.late === 1 })

/**
 * Reminders a device announces: pending, live, owned by a user who has logged in on this
 * device (login_state is device-local), so a manager's laptop does not ring for reminders of
 * the team that sync brought along, and reminders ring at start before anyone logs in.
 */
const ANNOUNCEABLE = sql.raw(`r.status = 'pending' AND r.deleted_at IS NULL
  AND r.owner_id IN (SELECT user_id FROM login_state WHERE last_login_at IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM reminder_notifications n WHERE n.reminder_id = r.id AND n.fire_at = r.fire_at)`)

export interface DueReminder { id: string; title: string; body: string | null; fireAt: number; ownerId: string }

export class RemindersRepository {
  constructor(private readonly db: Db) {}

  byId(id: string): ReminderRecord | undefined {
    return this.db.select().from(reminders).where(and(eq(reminders.id, id), isNull(reminders.deletedAt))).get()
  }

  row(id: string): ReminderRow | undefined {
    const r = this.db.get<RawRow | undefined>(sql`SELECT ${ROW_COLUMNS} FROM reminders r ${ROW_JOINS} WHERE r.id = ${id}`)
    return r ? toRow(r) : undefined
  }

  /** A user's reminders: pending by ring time (soonest first), done by completion (latest first). */
  listForOwner(ownerId: string, status: 'pending' | 'done' | 'all', limit: number): ReminderRow[] {
    const where = status === 'all' ? sql`` : sql`AND r.status = ${status}`
    const order = status === 'pending' ? sql.raw('r.fire_at ASC, r.id ASC') : status === 'done' ? sql.raw('r.done_at DESC, r.id DESC') : sql.raw('r.fire_at DESC, r.id DESC')
    return this.db.all<RawRow>(sql`SELECT ${ROW_COLUMNS} FROM reminders r ${ROW_JOINS}
      WHERE r.owner_id = ${ownerId} AND r.deleted_at IS NULL ${where} ORDER BY ${order} LIMIT ${limit}`).map(toRow)
  }

  dueCount(ownerId: string, now: number): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM reminders
      WHERE owner_id = ${ownerId} AND status = 'pending' AND fire_at <= ${now} AND deleted_at IS NULL`)?.n ?? 0
  }

  /** The earliest ring time not yet announced on this device, or null. */
  nextFireAt(): number | null {
    // ORDER BY + LIMIT walks reminders_status_fire in time order and stops at the first match.
    return this.db.get<{ t: number } | undefined>(sql`SELECT r.fire_at AS t FROM reminders r WHERE ${ANNOUNCEABLE} ORDER BY r.fire_at LIMIT 1`)?.t ?? null
  }

  dueUnannounced(now: number, limit: number): DueReminder[] {
    return this.db.all<DueReminder>(sql`SELECT r.id, r.title, r.body, r.fire_at AS fireAt, r.owner_id AS ownerId FROM reminders r
      WHERE r.fire_at <= ${now} AND ${ANNOUNCEABLE} ORDER BY r.fire_at, r.id LIMIT ${limit}`)
  }

  /** Device-local, outside the mutation writer on purpose: announcing is not a synced change. */
  markAnnounced(reminderId: string, fireAt: number, at: number, late: boolean): void {
    this.db.insert(reminderNotifications).values({ reminderId, fireAt, notifiedAt: at, late })
      .onConflictDoUpdate({ target: reminderNotifications.reminderId, set: { fireAt, notifiedAt: at, late } }).run()
  }

  bySource(sourceType: string, sourceId: string): ReminderRecord | undefined {
    return this.db.select().from(reminders)
      .where(and(eq(reminders.sourceType, sourceType), eq(reminders.sourceId, sourceId), isNull(reminders.deletedAt))).get()
  }

  /** Pending reminders that belong to a customer's records (not users' own notes). */
  pendingSourcedForCustomer(customerId: string): ReminderRecord[] {
    return this.db.select().from(reminders).where(and(eq(reminders.customerId, customerId), eq(reminders.status, 'pending'),
      isNull(reminders.deletedAt), sql`${reminders.sourceType} IS NOT NULL`)).all()
  }
}
