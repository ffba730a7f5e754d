/**
 * Seeded randomness for the data generator: the same seed gives the same sequence on every
 * machine (mulberry32: 32-bit state, fast, good enough for test data; not for secrets).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(xs: readonly T[]): T
  /** One character of a string. */
  char(s: string): string
  chance(p: number): boolean
  /** Index chosen by weights (need not sum to 1). */
  weighted(weights: readonly number[]): number
  digits(n: number): string
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    char: (s: string) => s[Math.floor(next() * s.length)]!,
    chance: (p: number) => next() < p,
    weighted(weights) {
      const total = weights.reduce((s, w) => s + w, 0)
      let x = next() * total
      for (let i = 0; i < weights.length; i++) { x -= weights[i]!; if (x < 0) return i }
      return weights.length - 1
    },
    digits: (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += Math.floor(next() * 10); return s },
  }
}

/** A child stream per table, so adding rows to one table does not shift every other table. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0
  return h
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

/**
 * RFC 9562 UUIDv7 with the random bits from the seeded stream: 48-bit ms timestamp first, so
 * ids sort by creation time as the app's own uuidv7 does (rows inserted in id order).
 */
export function seededUuidv7(ms: number, r: Rng): string {
  const t = hex(Math.floor(ms), 12)
  const a = Math.floor(r.next() * 0x1000)
  const b = 0x8000 | Math.floor(r.next() * 0x4000)
  const c = Math.floor(r.next() * 0x1000000)
  const d = Math.floor(r.next() * 0x1000000)
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(a, 3)}-${hex(b, 4)}-${hex(c, 6)}${hex(d, 6)}`
}

/** HLC stamp in the app's format (`<ms:13>-<counter:4 hex>-<node>`, see core/hlc.ts). */
export function seedHlc(ms: number, node: string): string {
  return `${String(Math.floor(ms)).padStart(13, '0')}-0000-${node}`
}
