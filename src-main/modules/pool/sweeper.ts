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

/**
 * The pool's daily sweep: customers whose clock ran out return to the pool, owners are warned
 * `warnDaysBefore` days ahead. With auto reclaim on, it runs once a day on every device (at
 * start when the last sweep is more than a day old); on demand (pool.sweep) always. Devices
 * sweeping the same customer write the same ids and values (releasedAt = the deadline), so
 * their results merge instead of doubling.
 */
export class PoolSweeper {
  private timer: { cancel(): void } | null = null
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
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  /** With auto reclaim on, a timer for one day after the last sweep (at once if overdue). */
  private rearm(): void {
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
      this.safely(() => this.sweep())
      this.rearm()
    }, delay)
  }

  private reclaim(due: SweepCandidate[]): void {
    const names = this.d.repo.userNames([...new Set(due.map((c) => c.ownerId))])
    this.d.mutation({ userId: null }, (w) => {
      for (const cand of due) {
        const customer = this.d.repo.customer(cand.id)
        if (!customer?.ownerId) continue
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
