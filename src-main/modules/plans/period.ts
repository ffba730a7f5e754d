import { AppError } from '../../core/errors'

export interface PeriodRange { months: string[]; from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** '2026-11' → that month; '2026-Q4' → October to December. Dates are calendar dates (YYYY-MM-DD). */
export function periodRange(period: string): PeriodRange {
  const m = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/.exec(period)
  if (!m) throw new AppError('VALIDATION', 'errors.planPeriod', { period })
  const year = Number(m[1])
  const first = m[2] ? Number(m[2]) : (Number(m[3]) - 1) * 3 + 1
  const last = m[2] ? first : first + 2
  const months = Array.from({ length: last - first + 1 }, (_, i) => `${year}-${pad(first + i)}`)
  return { months, from: `${months[0]}-01`, to: `${months.at(-1)}-${pad(lastDay(year, last))}` }
}
