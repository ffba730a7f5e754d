/**
 * Hybrid logical clock (Kulkarni et al.): stamps that order events across devices even when
 * wall clocks disagree. A stamp is `<ms:13 digits>-<counter:4 hex>-<node>` so that plain string
 * comparison is causal order with the node id as a deterministic tie-breaker.
 */
export interface Hlc { ms: number; counter: number; node: string }

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(13, '0')}-${h.counter.toString(16).padStart(4, '0')}-${h.node}`
}

export function parseHlc(s: string): Hlc {
  const [ms, counter, ...node] = s.split('-')
  return { ms: Number(ms), counter: parseInt(counter ?? '0', 16), node: node.join('-') }
}

export class HybridClock {
  private last: Hlc
  constructor(private readonly node: string, private readonly wallClock: () => number, initial?: string | null) {
    this.last = initial ? parseHlc(initial) : { ms: 0, counter: 0, node }
  }

  /** A new stamp for a local event. */
  now(): string {
    const wall = this.wallClock()
    if (wall > this.last.ms) this.last = { ms: wall, counter: 0, node: this.node }
    else this.last = { ms: this.last.ms, counter: this.last.counter + 1, node: this.node }
    return formatHlc(this.last)
  }

  /** Advance past a stamp received from another device, so later local stamps sort after it. */
  receive(remote: string): void {
    const r = parseHlc(remote)
    const wall = this.wallClock()
    const ms = Math.max(wall, this.last.ms, r.ms)
    let counter = 0
    if (ms === this.last.ms && ms === r.ms) counter = Math.max(this.last.counter, r.counter) + 1
    else if (ms === this.last.ms) counter = this.last.counter + 1
    else if (ms === r.ms) counter = r.counter + 1
    this.last = { ms, counter, node: this.node }
  }

  current(): string { return formatHlc(this.last) }
}
