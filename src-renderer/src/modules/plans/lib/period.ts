/** Periods of plans: a month '2026-11' or a quarter '2026-Q4' (contracts/plans.ts). */
export type PeriodKind = 'month' | 'quarter'

export function currentPeriod(kind: PeriodKind, d = new Date()): string {
  const y = d.getFullYear()
  return kind === 'month' ? `${y}-${String(d.getMonth() + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(d.getMonth() / 3) + 1}`
}

export function periodKind(period: string): PeriodKind { return period.includes('Q') ? 'quarter' : 'month' }

/** The period `step` months / quarters away. */
export function shiftPeriod(period: string, step: number): string {
  const [ys, rest] = period.split('-') as [string, string]
  const y = Number(ys)
  if (rest.startsWith('Q')) {
    const q = y * 4 + Number(rest.slice(1)) - 1 + step
    return `${Math.floor(q / 4)}-Q${(q % 4) + 1}`
  }
  const m = y * 12 + Number(rest) - 1 + step
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
}
