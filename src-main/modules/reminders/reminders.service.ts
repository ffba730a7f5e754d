import type { ReminderRow } from '../../../src-preload/contracts/reminders'
import type { Db } from '../../core/db'
import { AppError, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Access } from '../auth/access'
import { loadVisibleCustomer } from '../customers/customer-access'
import type { RemindersRepository } from './reminders.repository'
import { reminders } from './reminders.table'
import './reminders.synced'

export interface RemindersDeps { db: Db; repo: RemindersRepository; access: Access; mutation: Mutation; now: () => number }

/**
 * A user's own reminders. Reminders are personal: every method works on the caller's reminders
 * only, and someone else's reminder answers NOT_FOUND (its existence is not revealed).
 */
export class RemindersService {
  constructor(private readonly d: RemindersDeps) {}

  list(userId: string | null, input: { status: 'pending' | 'done' | 'all'; limit: number }): ReminderRow[] {
    const actor = this.d.access.actor(userId)
    return this.d.repo.listForOwner(actor.userId, input.status, input.limit)
  }

  dueCount(userId: string | null): { due: number } {
    const actor = this.d.access.actor(userId)
    return { due: this.d.repo.dueCount(actor.userId, this.d.now()) }
  }

  create(userId: string | null, input: { title: string; body?: string; dueAt: number; customerId?: string }): ReminderRow {
    const actor = this.d.access.actor(userId)
    if (input.customerId) {
      this.d.access.require(actor, 'customers.view')
      loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId)
    }
    const r = this.d.mutation({ userId: actor.userId }, (w) => w.insert(reminders, {
      ownerId: actor.userId, title: input.title, body: input.body || null, dueAt: input.dueAt, status: 'pending', customerId: input.customerId ?? null,
    }))
    return this.row(r.id)
  }

  /** Rings again at `until` (also reopens a done reminder). */
  snooze(userId: string | null, input: { id: string; until: number }): ReminderRow {
    const actor = this.d.access.actor(userId)
    this.own(actor.userId, input.id)
    if (input.until <= this.d.now()) throw new AppError('VALIDATION', 'errors.snoozeInPast', { until: input.until })
    this.d.mutation({ userId: actor.userId }, (w) => w.update(reminders, input.id, { snoozedUntil: input.until, status: 'pending', doneAt: null }))
    return this.row(input.id)
  }

  done(userId: string | null, input: { id: string }): ReminderRow {
    const actor = this.d.access.actor(userId)
    const r = this.own(actor.userId, input.id)
    if (r.status !== 'done') this.d.mutation({ userId: actor.userId }, (w) => w.update(reminders, input.id, { status: 'done', doneAt: w.now }))
    return this.row(input.id)
  }

  private own(userId: string, id: string) {
    const r = this.d.repo.byId(id)
    if (!r || r.ownerId !== userId) throw notFound('reminder')
    return r
  }

  private row(id: string): ReminderRow {
    const r = this.d.repo.row(id)
    if (!r) throw notFound('reminder')
    return r
  }
}
