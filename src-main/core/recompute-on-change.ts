import type { EventBus } from './events'
import type { LogPort } from '../platform/ports'

const MAX_PASSES = 10

/**
 * Derived state that every device recomputes from synced facts (the pool's claim decisions,
 * approval instances folded from their decisions): `resolve()` runs at start and whenever one
 * of `tables` changes (own writes, or rows sync brings from other devices), then `notify()`
 * tells the users logged in here; `notify()` also runs when a session starts. Writing the
 * derived rows emits data.changed again, which would re-enter: a run in progress only asks for
 * another pass (at most MAX_PASSES, so two devices' derived writes cannot loop forever here).
 */
export abstract class RecomputeOnChange {
  private busy = false
  private again = false
  private unsubscribe: (() => void) | null = null

  protected constructor(
    private readonly base: { bus: EventBus; log: LogPort },
    private readonly tables: readonly string[],
    private readonly what: string,
  ) {}

  protected abstract resolve(): void
  abstract notify(): void

  start(): void {
    this.unsubscribe = this.base.bus.subscribe((name, payload) => {
      if (name === 'data.changed' && (payload as { tables: string[] }).tables.some((t) => this.tables.includes(t))) this.run()
      else if (name === 'session.changed') this.notify()
    })
    this.run()
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  run(): void {
    if (this.busy) { this.again = true; return }
    this.busy = true
    try {
      let passes = 0
      do {
        this.again = false
        this.resolve()
      } while (this.again && ++passes < MAX_PASSES)
      this.notify()
    } catch (err) {
      this.base.log.error(`${this.what} failed`, err)
    } finally {
      this.busy = false
    }
  }
}
