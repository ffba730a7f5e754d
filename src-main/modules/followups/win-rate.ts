/**
 * 赢单率 (win rate): the stage's probability adjusted by the follow-up history with the
 * customer. The rule is documented in docs/WIN-RATE.md; the same rule is written in SQL in
 * opportunities.repository.ts (winRateSql) for pipeline totals and the forecast, and a test
 * checks both agree.
 */
export const DAY_MS = 86_400_000
export const RECENT_DAYS = 14
export const WINDOW_DAYS = 30
export const FREQUENT_COUNT = 3
export const OPEN_MIN = 5
export const OPEN_MAX = 95

export const WIN_RATE_DELTAS = { recentFollowup: 5, frequentFollowups: 5, stale: -10, overdueClose: -10 } as const

export interface WinRateInput {
  stageProbability: number
  stageKind: 'open' | 'won' | 'lost'
  /** Latest follow-up with the opportunity's customer, or null. */
  lastFollowupAt: number | null
  /** Follow-ups with the customer in the last WINDOW_DAYS (at > now − 30 days). */
  followupsInWindow: number
  /** When the opportunity was created: a new one is not stale for want of follow-ups. */
  createdAt: number
  expectedCloseDate: string | null
  now: number
  /** Local calendar date of `now`, YYYY-MM-DD. */
  today: string
}

export interface WinRate { rate: number; factors: { key: string; delta: number }[] }

export function winRate(i: WinRateInput): WinRate {
  if (i.stageKind === 'won') return { rate: 100, factors: [] }
  if (i.stageKind === 'lost') return { rate: 0, factors: [] }
  const factors: { key: string; delta: number }[] = []
  if (i.lastFollowupAt !== null && i.lastFollowupAt > i.now - RECENT_DAYS * DAY_MS) factors.push({ key: 'winRate.recentFollowup', delta: WIN_RATE_DELTAS.recentFollowup })
  if (i.followupsInWindow >= FREQUENT_COUNT) factors.push({ key: 'winRate.frequentFollowups', delta: WIN_RATE_DELTAS.frequentFollowups })
  if (i.followupsInWindow === 0 && i.createdAt <= i.now - WINDOW_DAYS * DAY_MS) factors.push({ key: 'winRate.stale', delta: WIN_RATE_DELTAS.stale })
  if (i.expectedCloseDate !== null && i.expectedCloseDate < i.today) factors.push({ key: 'winRate.overdueClose', delta: WIN_RATE_DELTAS.overdueClose })
  const raw = i.stageProbability + factors.reduce((s, f) => s + f.delta, 0)
  const rate = Math.min(OPEN_MAX, Math.max(OPEN_MIN, raw))
  if (rate !== raw) factors.push({ key: 'winRate.clamp', delta: rate - raw })
  return { rate, factors }
}

/** Amount × rate in fen, rounded half up (amounts are never negative); SQL uses the same. */
export function weighted(amount: number, rate: number): number {
  return Math.floor((amount * rate + 50) / 100)
}

/** Local calendar date (YYYY-MM-DD) of a timestamp. */
export function localDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
