import { describe, expect, it } from 'vitest'
import { DEFAULT_STAGES, normaliseStages, stageId } from '../stages'
import { localDate, weighted, winRate, type WinRateInput } from '../win-rate'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 27, 1, 0, 0)
const base: WinRateInput = { stageProbability: 50, stageKind: 'open', lastFollowupAt: null, followupsInWindow: 0, createdAt: now - DAY, expectedCloseDate: null, now, today: '2026-11-27' }

describe('win rate rule (docs/WIN-RATE.md)', () => {
  it('is the stage probability for a new opportunity with no history', () => {
    expect(winRate(base)).toEqual({ rate: 50, factors: [] })
  })

  it('adds 5 for a follow-up in the last 14 days and 5 more for three in 30 days', () => {
    expect(winRate({ ...base, lastFollowupAt: now - 2 * DAY, followupsInWindow: 1 })).toEqual({ rate: 55, factors: [{ key: 'winRate.recentFollowup', delta: 5 }] })
    expect(winRate({ ...base, lastFollowupAt: now - 2 * DAY, followupsInWindow: 3 }).rate).toBe(60)
    // Three follow-ups in the month but none in the last 14 days: only the frequency bonus.
    expect(winRate({ ...base, lastFollowupAt: now - 20 * DAY, followupsInWindow: 3 })).toEqual({ rate: 55, factors: [{ key: 'winRate.frequentFollowups', delta: 5 }] })
  })

  it('takes 10 when nobody followed up for 30 days, but not from an opportunity younger than that', () => {
    expect(winRate({ ...base, createdAt: now - 40 * DAY, lastFollowupAt: now - 31 * DAY })).toEqual({ rate: 40, factors: [{ key: 'winRate.stale', delta: -10 }] })
    expect(winRate({ ...base, createdAt: now - 40 * DAY }).rate).toBe(40)
    expect(winRate({ ...base, createdAt: now - 29 * DAY }).rate).toBe(50)
    // The 14-day window is exclusive of its start: exactly 14 days ago is not recent.
    expect(winRate({ ...base, lastFollowupAt: now - 14 * DAY, followupsInWindow: 1 }).rate).toBe(50)
  })

  it('takes 10 when the expected close date has passed (today is not past)', () => {
    expect(winRate({ ...base, expectedCloseDate: '2026-11-26' })).toEqual({ rate: 40, factors: [{ key: 'winRate.overdueClose', delta: -10 }] })
    expect(winRate({ ...base, expectedCloseDate: '2026-11-27' }).rate).toBe(50)
  })

  it('clamps open stages to [5, 95] and says so in the factors; won is 100, lost 0', () => {
    const low = winRate({ ...base, stageProbability: 10, createdAt: now - 60 * DAY, expectedCloseDate: '2026-01-01' })
    expect(low.rate).toBe(5)
    expect(low.factors.at(-1)).toEqual({ key: 'winRate.clamp', delta: 15 })
    const high = winRate({ ...base, stageProbability: 90, lastFollowupAt: now - DAY, followupsInWindow: 5 })
    expect(high).toEqual({ rate: 95, factors: [{ key: 'winRate.recentFollowup', delta: 5 }, { key: 'winRate.frequentFollowups', delta: 5 }, { key: 'winRate.clamp', delta: -5 }] })
    expect(winRate({ ...base, stageKind: 'won', stageProbability: 100, createdAt: now - 90 * DAY })).toEqual({ rate: 100, factors: [] })
    expect(winRate({ ...base, stageKind: 'lost', stageProbability: 0, lastFollowupAt: now })).toEqual({ rate: 0, factors: [] })
  })

  it('factor deltas always sum to rate − stage probability', () => {
    for (const p of [0, 10, 50, 90, 100]) for (const last of [null, now - DAY, now - 20 * DAY]) for (const n of [0, 1, 3]) for (const ecd of [null, '2026-01-01']) {
      const r = winRate({ ...base, stageProbability: p, lastFollowupAt: last, followupsInWindow: last === null ? 0 : n, createdAt: now - 45 * DAY, expectedCloseDate: ecd })
      expect(p + r.factors.reduce((s, f) => s + f.delta, 0)).toBe(r.rate)
      expect(r.rate).toBeGreaterThanOrEqual(5)
      expect(r.rate).toBeLessThanOrEqual(95)
    }
  })

  it('weights amounts in whole fen, rounding half up', () => {
    expect(weighted(12_345, 55)).toBe(6790) // 6789.75
    expect(weighted(10, 5)).toBe(1) // 0.5 → 1
    expect(weighted(1_000_000_00, 100)).toBe(1_000_000_00)
    expect(localDate(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05')
  })
})

describe('stages', () => {
  it('derives the same UUID-shaped id for the same key on every device', () => {
    expect(stageId('initial')).toBe(stageId('initial'))
    expect(stageId('initial')).not.toBe(stageId('needs'))
    expect(stageId('won')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('defaults to 10/30/50/70/90, won 100, lost 0, with i18n names', () => {
    expect(DEFAULT_STAGES.map((s) => [s.key, s.probability, s.kind])).toEqual([
      ['initial', 10, 'open'], ['needs', 30, 'open'], ['quoted', 50, 'open'], ['negotiating', 70, 'open'], ['committed', 90, 'open'], ['won', 100, 'won'], ['lost', 0, 'lost'],
    ])
    expect(DEFAULT_STAGES.every((s) => s.name === `stage.${s.key}`)).toBe(true)
  })

  it('needs exactly one won and one lost stage and unique keys; fixes won/lost probabilities', () => {
    const open = { key: 'a', name: 'A', probability: 20, sort: 1, kind: 'open' as const }
    const won = { key: 'w', name: 'W', probability: 80, sort: 2, kind: 'won' as const }
    const lost = { key: 'l', name: 'L', probability: 30, sort: 3, kind: 'lost' as const }
    expect(normaliseStages([lost, won, open]).map((s) => [s.key, s.probability])).toEqual([['a', 20], ['w', 100], ['l', 0]])
    expect(() => normaliseStages([open, won, { ...won, key: 'w2' }, lost])).toThrow(/stagesIncomplete/)
    expect(() => normaliseStages([open, won])).toThrow(/stagesIncomplete/)
    expect(() => normaliseStages([open, { ...open }, won, lost])).toThrow(/stageDuplicateKey/)
  })
})
