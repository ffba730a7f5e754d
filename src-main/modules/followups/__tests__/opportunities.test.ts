import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, setupCompany, type TestApp } from '../../../testing'
import { customers } from '../../customers/customers.table'
import { activities } from '../../timeline/timeline.table'
import { opportunityStages } from '../followups.table'
import { stageId } from '../stages'
import { weighted } from '../win-rate'
import { DAY, world, type World } from './fixture'

let w: World | undefined
const extra: TestApp[] = []
afterEach(() => { w?.t.close(); w = undefined; while (extra.length) extra.pop()!.close() })

const STAGES = [
  { key: 'initial', name: 'stage.initial', probability: 10, sort: 10, kind: 'open' as const },
  { key: 'demo', name: '产品演示', probability: 40, sort: 15, kind: 'open' as const },
  { key: 'quoted', name: '报价已发', probability: 60, sort: 30, kind: 'open' as const },
  { key: 'won', name: 'stage.won', probability: 100, sort: 90, kind: 'won' as const },
  { key: 'lost', name: 'stage.lost', probability: 0, sort: 100, kind: 'lost' as const },
]

describe('stages', () => {
  it('defaults until an administrator saves; only system.settings may save; a stage in use cannot be removed', async () => {
    w = await world()
    const { admin, zhang, zhangCustomer } = w
    expect((await zhang.client.ok('opportunities.listStages', {})).map((s) => `${s.key}:${s.probability}`)).toEqual(['initial:10', 'needs:30', 'quoted:50', 'negotiating:70', 'committed:90', 'won:100', 'lost:0'])
    expect(await zhang.client.call('opportunities.saveStages', { stages: STAGES })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'system.settings' } } })
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '在谈', stage: 'needs', amount: 1 })
    expect(await admin.call('opportunities.saveStages', { stages: STAGES })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.stageInUse', details: { stage: 'needs', count: 1 } } })
    const saved = await admin.ok('opportunities.saveStages', { stages: [...STAGES, { key: 'needs', name: '需求', probability: 35, sort: 12, kind: 'open' }] })
    expect(saved.map((s) => `${s.key}:${s.probability}`)).toEqual(['initial:10', 'needs:35', 'demo:40', 'quoted:60', 'won:100', 'lost:0'])
    expect(await zhang.client.ok('opportunities.listStages', {})).toEqual(saved)
    expect(await zhang.client.call('opportunities.save', { customerId: zhangCustomer, name: 'x', stage: 'committed', amount: 1 })).toMatchObject({ ok: false, error: { messageKey: 'errors.unknownStage' } })
    // A removed stage comes back on the same row (same id) when added again.
    await admin.ok('opportunities.saveStages', { stages: [...STAGES.filter((s) => s.key !== 'demo'), { key: 'needs', name: '需求', probability: 35, sort: 12, kind: 'open' }] })
    const restored = await admin.ok('opportunities.saveStages', { stages: [...STAGES, { key: 'needs', name: '需求', probability: 35, sort: 12, kind: 'open' }] })
    expect(restored.some((s) => s.key === 'demo')).toBe(true)
    const rows = w.t.app.database.db.select().from(opportunityStages).all()
    expect(rows.every((r) => r.id === stageId(r.key))).toBe(true)
    expect(await admin.call('opportunities.saveStages', { stages: STAGES.filter((s) => s.kind !== 'won') })).toMatchObject({ ok: false, error: { messageKey: 'errors.stagesIncomplete' } })
  })

  it('two offline devices saving stages write the same documents, so sync merges instead of duplicating', async () => {
    const a = createTestApp(); const b = createTestApp(); extra.push(a, b)
    const ids = async (t: TestApp) => {
      const admin = await setupCompany(t)
      await admin.ok('opportunities.saveStages', { stages: STAGES })
      return t.app.database.sqlite.prepare(`SELECT record_id FROM outbox WHERE table_name = 'opportunity_stages' ORDER BY record_id`).pluck().all()
    }
    const fromA = await ids(a)
    expect(fromA).toHaveLength(STAGES.length)
    expect(await ids(b)).toEqual(fromA)
  })
})

describe('pipeline and moveStage', () => {
  it('shows columns per stage with counts, totals and weighted totals; dragging to lost needs a reason', async () => {
    w = await world()
    const { t, zhang, zhangCustomer } = w
    const a = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'A', stage: 'initial', amount: 100_000 })
    const b = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'B', stage: 'initial', amount: 33_333 })
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'C', stage: 'quoted', amount: 250_000, expectedCloseDate: '2026-12-15' })

    expect(await zhang.client.call('opportunities.moveStage', { id: b.id, stage: 'lost' })).toMatchObject({ ok: false, error: { messageKey: 'errors.lossReasonRequired' } })
    expect(await zhang.client.call('opportunities.moveStage', { id: b.id, stage: 'nowhere' })).toMatchObject({ ok: false, error: { messageKey: 'errors.unknownStage' } })
    const moved = await zhang.client.ok('opportunities.moveStage', { id: b.id, stage: 'lost', lossReason: '选择了竞争对手' })
    expect(moved).toMatchObject({ stage: 'lost', stageKind: 'lost', lossReason: '选择了竞争对手', winRate: 0, closedAt: t.clock.now() })
    const won = await zhang.client.ok('opportunities.moveStage', { id: a.id, stage: 'won' })
    expect(won).toMatchObject({ winRate: 100, stageProbability: 100, closedAt: t.clock.now() })
    expect(t.app.database.db.select().from(customers).where(eq(customers.id, zhangCustomer)).get()!.won).toBe(true)
    // Reopening clears the close and the loss reason.
    expect(await zhang.client.ok('opportunities.moveStage', { id: b.id, stage: 'needs' })).toMatchObject({ lossReason: null, closedAt: null, winRate: 30 })
    await zhang.client.ok('opportunities.moveStage', { id: b.id, stage: 'lost', lossReason: '预算取消' })
    const stageActs = t.app.database.db.select().from(activities).all().filter((x) => x.summaryKey === 'timeline.opportunity.stage' && x.recordId === b.id)
    expect(stageActs.map((x) => `${x.params.from}>${x.params.to}`)).toEqual(['initial>lost', 'lost>needs', 'needs>lost'])
    expect(stageActs[0]!.params.lossReason).toBe('选择了竞争对手')

    const board = await zhang.client.ok('opportunities.pipeline', {})
    expect(board.map((c) => c.stage.key)).toEqual(['initial', 'needs', 'quoted', 'negotiating', 'committed', 'won', 'lost'])
    const col = (k: string) => board.find((c) => c.stage.key === k)!
    expect(col('quoted')).toMatchObject({ count: 1, totalAmount: 250_000, weightedAmount: 125_000 })
    expect(col('won')).toMatchObject({ count: 1, totalAmount: 100_000, weightedAmount: 100_000 })
    expect(col('lost')).toMatchObject({ count: 1, totalAmount: 33_333, weightedAmount: 0 })
    expect(col('initial')).toMatchObject({ count: 0, items: [] })
    expect(col('quoted').items.map((i) => i.name)).toEqual(['C'])
  })

  it('the SQL totals apply the same win-rate rule as the cards, history included', async () => {
    w = await world()
    const { t, zhang, zhangCustomer, manager } = w
    // 40 quiet days would send the customer to the pool (公海) by default; this test is about win rates.
    await w.admin.ok('pool.setRules', { ...(await w.admin.ok('pool.getRules', {})), autoReclaim: false })
    const old = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '老商机', stage: 'negotiating', amount: 77_777, expectedCloseDate: '2026-11-01' })
    t.clock.advance(40 * DAY) // stale and overdue: 70 − 10 − 10 = 50
    const fresh = await zhang.client.ok('opportunities.save', { customerId: w.zhangCustomer, name: '新商机', stage: 'initial', amount: 12_345, expectedCloseDate: '2027-02-01' })
    expect((await zhang.client.ok('opportunities.get', { id: old.id })).winRate).toBe(50)
    for (let i = 0; i < 3; i++) await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'visit', content: `拜访${i}`, at: t.clock.now() - i * DAY })
    const both = await manager.client.ok('opportunities.list', { ownerId: zhang.id })
    const byName = new Map(both.items.map((o) => [o.name, o]))
    expect(byName.get('老商机')).toMatchObject({ winRate: 70 + 5 + 5 - 10, winRateFactors: [{ key: 'winRate.recentFollowup', delta: 5 }, { key: 'winRate.frequentFollowups', delta: 5 }, { key: 'winRate.overdueClose', delta: -10 }] })
    expect(byName.get('新商机')).toMatchObject({ winRate: 20, stageProbability: 10 })
    const board = await manager.client.ok('opportunities.pipeline', { ownerId: zhang.id })
    for (const c of board) expect(c.weightedAmount).toBe(c.items.reduce((s, o) => s + weighted(o.amount, o.winRate), 0))
    expect(board.find((c) => c.stage.key === 'initial')!.weightedAmount).toBe(weighted(fresh.amount, 20))
  })
})

describe('forecast', () => {
  it('sums amount × win rate per salesperson and expected-close month, within scope', async () => {
    w = await world()
    const { zhang, li, manager, zhangCustomer, liCustomer } = w
    const save = (c: typeof zhang, customerId: string, name: string, stage: string, amount: number, expectedCloseDate: string | null, lossReason?: string) =>
      c.client.ok('opportunities.save', { customerId, name, stage, amount, expectedCloseDate, lossReason })
    await save(zhang, zhangCustomer, 'z1', 'quoted', 1_000_000, '2026-12-05') // 50 %
    await save(zhang, zhangCustomer, 'z2', 'committed', 333_333, '2026-12-31') // 90 %
    await save(zhang, zhangCustomer, 'z3', 'won', 200_000, '2027-01-10') // 100 %
    await save(zhang, zhangCustomer, 'z4', 'lost', 999_999, '2026-12-10', '价格') // left out
    await save(zhang, zhangCustomer, 'z5', 'initial', 50_000, null) // no month: left out
    await save(zhang, zhangCustomer, 'z6', 'initial', 70_000, '2027-03-01') // outside the range
    await save(li, liCustomer, 'l1', 'needs', 400_000, '2026-12-20') // 30 %
    // Created straight at the won stage: the customer counts as won (pool exemption), li's does not.
    const won = (id: string) => w!.t.app.database.db.select().from(customers).where(eq(customers.id, id)).get()!.won
    expect([won(zhangCustomer), won(liCustomer)]).toEqual([true, false])

    const all = await manager.client.ok('opportunities.forecast', { fromMonth: '2026-12', toMonth: '2027-02' })
    expect(all.map((r) => ({ owner: r.ownerName, month: r.month, amount: r.amount, weighted: r.weighted, count: r.count }))).toEqual([
      { owner: 'li', month: '2026-12', amount: 400_000, weighted: 120_000, count: 1 },
      { owner: 'zhang', month: '2026-12', amount: 1_333_333, weighted: 500_000 + 300_000, count: 2 },
      { owner: 'zhang', month: '2027-01', amount: 200_000, weighted: 200_000, count: 1 },
    ])
    // Same figures as Σ weighted(amount, winRate) over the cards.
    const cards = (await manager.client.ok('opportunities.list', { limit: 200 })).items.filter((o) => o.expectedCloseDate && o.expectedCloseDate >= '2026-12-01' && o.expectedCloseDate < '2027-03-01' && o.stageKind !== 'lost')
    expect(all.reduce((s, r) => s + r.weighted, 0)).toBe(cards.reduce((s, o) => s + weighted(o.amount, o.winRate), 0))

    const mine = await zhang.client.ok('opportunities.forecast', { fromMonth: '2026-12', toMonth: '2027-02' })
    expect(mine.every((r) => r.ownerId === zhang.id)).toBe(true)
    expect(await zhang.client.call('opportunities.forecast', { fromMonth: '2026-12', toMonth: '2027-02', ownerId: li.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await manager.client.call('opportunities.forecast', { fromMonth: '2027-02', toMonth: '2026-12' })).toMatchObject({ ok: false, error: { messageKey: 'errors.invalidMonthRange' } })
    expect(await manager.client.call('opportunities.forecast', { fromMonth: '2026-13', toMonth: '2026-13' })).toMatchObject({ ok: false, error: { messageKey: 'errors.invalidMonthRange' } })
  })
})
