import type { EventBus } from '../../core/events'
import type { ClockPort, LogPort, NotificationsPort } from '../../platform/ports'
import type { RemindersRepository } from './reminders.repository'

/** A reminder announced this long after its time counts as late (machine asleep, busy). */
export const LATE_AFTER_MS = 60_000
/** Desktop notifications per pass; the rest still go to the renderer as events and the list. */
export const MAX_DESKTOP_PER_PASS = 5
const BATCH = 200

export interface SchedulerDeps {
  repo: RemindersRepository
  clock: ClockPort
  notifications: NotificationsPort
  bus: EventBus
  log: LogPort
}

/**
 * Rings reminders at their time with ONE timer, set for the earliest reminder not yet
 * announced on this device and re-armed after each ring and after every change to the
 * reminders table (own writes and sync alike arrive as 'data.changed'). At start, reminders
 * that came due while the app was closed ring at once, marked late.
 */
export class ReminderScheduler {
  private timer: { cancel(): void } | null = null
  private busy = false
  private again = false
  private readonly unsubscribe: () => void

  constructor(private readonly d: SchedulerDeps) {
    this.unsubscribe = d.bus.subscribe((name, payload) => {
      if (name === 'data.changed' && (payload as { tables: string[] }).tables.includes('reminders')) this.arm()
      // A first login on this device makes that user's reminders ring here.
      else if (name === 'session.changed') this.arm()
    })
  }

  /** App start: announce what was missed while closed, then wait for the next one. */
  start(): void {
    this.announceDue(true)
    this.arm()
  }

  stop(): void {
    this.timer?.cancel()
    this.timer = null
    this.unsubscribe()
  }

  /** Cancels the timer and sets it again for the earliest unannounced reminder. */
  arm(): void {
    // Announcing emits events; a listener that writes reminders would re-enter here.
    if (this.busy) { this.again = true; return }
    this.busy = true
    try {
      do {
        this.again = false
        this.timer?.cancel()
        this.timer = null
        const next = this.d.repo.nextFireAt()
        if (next === null) continue
        const delay = next - this.d.clock.now()
        if (delay <= 0) { this.announceDue(false); this.again = true; continue }
        this.timer = this.d.clock.setTimeout(() => this.ring(), delay)
      } while (this.again)
    } finally {
      this.busy = false
    }
  }

  private ring(): void {
    this.timer = null
    try {
      this.announceDue(false)
    } catch (err) {
      this.d.log.error('reminder announcement failed', err)
    }
    this.arm()
  }

  private announceDue(atStart: boolean): void {
    let shown = 0
    for (;;) {
      const now = this.d.clock.now()
      const due = this.d.repo.dueUnannounced(now, BATCH)
      if (due.length === 0) return
      for (const r of due) {
        const late = atStart || now - r.fireAt > LATE_AFTER_MS
        this.d.repo.markAnnounced(r.id, r.fireAt, now, late)
        if (shown++ < MAX_DESKTOP_PER_PASS) this.d.notifications.show({ title: r.title, ...(r.body ? { body: r.body } : {}), tag: `reminder:${r.id}`, userId: r.ownerId })
        this.d.bus.emit('reminder.due', { id: r.id, title: r.title, ...(r.body ? { body: r.body } : {}), dueAt: r.fireAt, late }, { kind: 'user', userId: r.ownerId })
      }
    }
  }
}
