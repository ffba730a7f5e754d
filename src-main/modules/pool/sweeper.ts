import type { PoolRules, SweepResult } from '../../../src-preload/contracts/pool'
import type { EventBus } from '../../core/events'
import type { Mutation } from '../../core/mutation'
import type { ClockPort, LogPort, NotificationsPort, SettingsPort } from '../../platform/ports'
import type { SessionStore } from '../auth/sessions'
import { DAY_MS, derivedId } from './derived-id'
import { nameList, poolText } from './notices'
import { changeOwner } from './ownership'
import type { PoolRepository, SweepCandidate } from './pool.repository'

export interface SweeperDeps {
  repo: PoolRepository
  rules: () => PoolRules
  mutation: Mutation
  clock: ClockPort
  bus: EventBus
  sessions: SessionStore
  notifications: NotificationsPort
  settings: SettingsPort
  log: LogPort
}

export const LAST_SWEEP_KEY = 'pool.lastSweepAt'
// Each batch re-reads the candidates (~0.2 s at 100,000 owned customers), so batches are large.
const RECLAIM_BATCH = 2_000
const MAX_WARNINGS = 20_000
// The timed sweep gives the event loop back after this much work: a first sweep over a large
// imported or long-unsynced database can reclaim tens of thousands of customers, and the app
// (and every call waiting behind it on the host) must stay responsive meanwhile.
// Exported so a test can force one chunk per slice.
export const SWEEP_SLICE = { ms: 50, chunk: 100 }

/**
 * The pool's daily sweep: customers whose clock ran out return to the pool, owners are warned
 * `warnDaysBefore` days ahead. With auto reclaim on, it runs once a day on every device (at
 * start when the last sweep is more than a day old); on demand (pool.sweep) always. Devices
 * sweeping the same customer write the same ids and values (releasedAt = the deadline), so
 * their results merge instead of doubling.
 */
export class PoolSweeper {
  private timer: { cancel(): void } | null = null
  private slice: NodeJS.Immediate | null = null
  private unsubscribe: (() => void) | null = null

  constructor(private readonly d: SweeperDeps) {}

  start(): void {
    this.unsubscribe = this.d.bus.subscribe((name, payload, target) => {
      // Rules may change here or arrive by sync: turning auto reclaim on or off (re)arms the timer.
      if (name === 'data.changed' && (payload as { tables: string[] }).tables.includes('pool_rules')) this.rearm()
      // A warning is delivered when its owner is logged in here; a login delivers pending ones.
      else if (name === 'session.changed' && target.kind === 'connection') {
        const userId = this.d.sessions.userFor(target.connectionId)
        if (userId) this.safely(() => this.warn(this.d.rules(), this.d.clock.now(), userId))
      }
    })
    this.rearm()
  }

  stop(): void {
    this.timer?.cancel()
    this.timer = null
    if (this.slice) clearImmediate(this.slice)
    this.slice = null
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  /** With auto reclaim on, a timer for one day after the last sweep (at once if overdue). */
  private rearm(): void {
    if (this.slice) return // a sliced sweep is running; it arms the next one when it ends
    if (!this.d.rules().autoReclaim) {
      this.timer?.cancel()
      this.timer = null
      return
    }
    if (this.timer) return
    const last = Number(this.d.repo.meta(LAST_SWEEP_KEY) ?? 0)
    this.arm(Math.max(0, last + DAY_MS - this.d.clock.now()))
  }

  sweep(): SweepResult {
    const rules = this.d.rules()
    const now = this.d.clock.now()
    let reclaimed = 0
    for (;;) {
      const due = this.d.repo.sweepCandidates(rules, now, RECLAIM_BATCH)
      if (due.length === 0) break
      this.reclaim(due)
      reclaimed += due.length
    }
    const warned = this.warn(rules, now)
    this.d.repo.setMeta(LAST_SWEEP_KEY, String(now), now)
    return { reclaimed, warned }
  }

  private arm(delay: number): void {
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = null
      this.runSlice(this.d.rules(), this.d.clock.now(), [])
    }, delay)
  }

  /**
   * The timed sweep: the same work as sweep(), in small transactions of at most ~SWEEP_SLICE.ms with
   * the event loop free between them. A small sweep finishes in the first slice (synchronously).
   * Candidates read once are re-checked per customer before reclaiming (reclaim()).
   */
  private sweepInSlices(rules: PoolRules, now: number, pending: SweepCandidate[]): void {
    this.slice = null
    const until = performance.now() + SWEEP_SLICE.ms
    let queue = pending
    for (;;) {
      if (queue.length === 0) queue = this.d.repo.sweepCandidates(rules, now, RECLAIM_BATCH)
      if (queue.length === 0) break
      this.reclaim(queue.slice(0, SWEEP_SLICE.chunk))
      queue = queue.slice(SWEEP_SLICE.chunk)
      if (performance.now() > until) {
        const rest = queue
        this.slice = setImmediate(() => this.runSlice(rules, now, rest))
        return
      }
    }
    this.warn(rules, now)
    this.d.repo.setMeta(LAST_SWEEP_KEY, String(now), now)
    this.rearm()
  }

  /** One slice; after a failure the daily timer is armed again instead of stopping for good. */
  private runSlice(rules: PoolRules, now: number, pending: SweepCandidate[]): void {
    this.safely(() => this.sweepInSlices(rules, now, pending))
    if (!this.slice && !this.timer) this.rearm()
  }

  private reclaim(due: SweepCandidate[]): void {
    const names = this.d.repo.userNames([...new Set(due.map((c) => c.ownerId))])
    this.d.mutation({ userId: null }, (w) => {
      for (const cand of due) {
        const customer = this.d.repo.customer(cand.id)
        if (!customer?.ownerId) continue
        // Read earlier in a sliced sweep: a transfer, claim or follow-up since then restarted the clock.
        if (customer.ownerId !== cand.ownerId || (customer.lastFollowupAt ?? 0) > cand.deadline - cand.days * DAY_MS) continue
        changeOwner(w, {
          customer, kind: 'reclaim', toOwnerId: null, reason: '', byId: null, names, releasedAt: cand.deadline,
          ids: { transfer: derivedId('reclaim', cand.id, cand.deadline), activity: derivedId('reclaim-activity', cand.id, cand.deadline) },
          params: { days: cand.days },
        })
      }
    })
  }

  /**
   * Warns owners (logged in on this device) of customers returning to the pool within
   * warnDaysBefore days: one desktop notification per owner, once per customer and deadline.
   */
  private warn(rules: PoolRules, now: number, onlyOwner?: string): number {
    // Warnings announce what the automatic sweep will do; without it they would be false.
    if (!rules.autoReclaim || rules.warnDaysBefore <= 0) return 0
    const soon = this.d.repo.sweepCandidates(rules, now + rules.warnDaysBefore * DAY_MS, MAX_WARNINGS, onlyOwner)
      .filter((c) => c.deadline > now && !this.d.repo.wasWarned(c.id, c.deadline))
    const byOwner = new Map<string, SweepCandidate[]>()
    for (const c of soon) byOwner.set(c.ownerId, [...(byOwner.get(c.ownerId) ?? []), c])
    const text = poolText(this.d.settings)
    let warned = 0
    for (const [ownerId, list] of byOwner) {
      if (this.d.sessions.connectionsOf(ownerId).length === 0) continue
      this.d.notifications.show({ title: text.warnTitle(list.length, rules.warnDaysBefore), body: nameList(list.map((c) => c.name)), tag: 'pool-warning', userId: ownerId })
      for (const c of list) this.d.repo.markWarned(c.id, c.deadline, now)
      warned += list.length
    }
    return warned
  }

  private safely(fn: () => unknown): void {
    try {
      fn()
    } catch (err) {
      this.d.log.error('pool sweep failed', err)
    }
  }
}
