/** Timing helpers shared by the benchmark suites (bench/run.ts). */

export interface Timing {
  /** Median wall time (ms) of the best round. */
  ms: number
  /** Median CPU time (ms, this process) of that round. */
  cpu: number
  /** Median of each round, to show how much the shared machine disturbed the runs. */
  rounds: number[]
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN
}

/**
 * Median of `runs` calls after a warm-up, in `rounds` rounds; the round with the lowest median
 * is reported (other processes on a shared 2-core machine stretch some rounds; the best round
 * is closest to the call's own cost), all round medians are kept.
 */
export async function time(fn: () => unknown, runs = 30, rounds = 3): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn()
  let best: Timing | null = null
  const medians: number[] = []
  for (let r = 0; r < rounds; r++) {
    const wall: number[] = []
    const cpu: number[] = []
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage()
      const s = performance.now()
      await fn()
      wall.push(performance.now() - s)
      const d = process.cpuUsage(c)
      cpu.push((d.user + d.system) / 1000)
    }
    const t = { ms: median(wall), cpu: median(cpu), rounds: medians }
    medians.push(t.ms)
    if (!best || t.ms < best.ms) best = t
  }
  return best!
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits))
