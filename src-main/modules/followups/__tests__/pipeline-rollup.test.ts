import { afterEach, describe, expect, it } from 'vitest'
import { customers } from '../../customers/customers.table'
import { syncedTableDef } from '../../../core/synced'
import { SyncStore } from '../../../sync/store'
import { followups, opportunities } from '../followups.table'
import { reassignCustomerRecords } from '../followups.module'
import { pipelineRollupSnapshot, rebuildPipelineRollup, suspendPipelineRollup } from '../pipeline-rollup'
import { localDate, weighted, winRate } from '../win-rate'
import { DAY, world, type World } from './fixture'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

/** What the triggers kept equals a rebuild from scratch (which leaves the canonical state). */
function expectRollupExact(t: World['t']): void {
  const s = t.app.database.sqlite
  const kept = pipelineRollupSnapshot(s)
  rebuildPipelineRollup(s)
  expect(kept).toEqual(pipelineRollupSnapshot(s))
}

describe('pipeline rollup (opportunity_pipeline, opportunity_stage_totals, customer_followup_stats)', () => {
  it('stays equal to a recomputation through create, stage, amount, owner, follow-ups, delete and sync', async () => {
    w = await world()
    const { t, zhang, li, zhangCustomer, liCustomer } = w
    const s = t.app.database.sqlite
    const a = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'A', stage: 'initial', amount: 100_001 })
    const b = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'B', stage: 'quoted', amount: 33_333, expectedCloseDate: '2026-12-15' })
    const c = await li.client.ok('opportunities.save', { customerId: liCustomer, name: 'C', stage: 'needs', amount: 5_000 })
    expect(s.prepare(`SELECT count(*) FROM opportunity_pipeline`).pluck().get()).toBe(3)
    expectRollupExact(t)

    // Follow-ups in and out of order, four of them (the three newest are kept), then one removed.
    const f: string[] = []
    for (const d of [5, 1, 20, 3]) f.push((await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'call', content: `电话${d}`, at: t.clock.now() - d * DAY })).id)
    expect(s.prepare(`SELECT last_at, third_at, followup_owner FROM opportunity_pipeline WHERE opportunity_id = ?`).get(a.id))
      .toEqual({ last_at: t.clock.now() - DAY, third_at: t.clock.now() - 5 * DAY, followup_owner: zhang.id })
    expectRollupExact(t)
    await zhang.client.ok('followups.remove', { id: f[1]! })
    expectRollupExact(t)

    await zhang.client.ok('opportunities.moveStage', { id: a.id, stage: 'won' })
    await zhang.client.ok('opportunities.save', { id: b.id, customerId: zhangCustomer, name: 'B', stage: 'quoted', amount: 44_444, expectedCloseDate: '2027-01-15' })
    await li.client.ok('opportunities.moveStage', { id: c.id, stage: 'lost', lossReason: '价格' })
    expectRollupExact(t)

    // Reassignment moves opportunities and follow-ups to li (owner change on both tables).
    t.app.mutation({ userId: w.manager.id }, (wr) => {
      wr.update(customers, zhangCustomer, { ownerId: li.id })
      return reassignCustomerRecords(wr, zhangCustomer, li.id)
    })
    expect(s.prepare(`SELECT DISTINCT owner_id || '/' || followup_owner FROM opportunity_pipeline WHERE customer_id = ?`).pluck().all(zhangCustomer)).toEqual([`${li.id}/${li.id}`])
    expectRollupExact(t)

    await li.client.ok('opportunities.remove', { id: b.id })
    expect(s.prepare(`SELECT count(*) FROM opportunity_pipeline WHERE opportunity_id = ?`).pluck().get(b.id)).toBe(0)
    expectRollupExact(t)

    // Sync apply (upsert without the services): a new opportunity, a change of stage and amount, a follow-up.
    await li.client.ok('followups.add', { customerId: liCustomer, type: 'call', content: '李的电话', at: t.clock.now() - 3 * DAY })
    const store = new SyncStore(t.app.database.db, s)
    const oppDef = syncedTableDef(opportunities)
    const existing = store.row(oppDef, c.id)!
    store.writeRow(oppDef, { ...existing, stage: 'committed', amount: 9_999, lossReason: null })
    store.writeRow(oppDef, { ...existing, id: '01900000-0000-7000-8000-00000000000d', name: 'D', stage: 'negotiating', amount: 1_234 })
    const fu = store.row(syncedTableDef(followups), f[0]!)!
    store.writeRow(syncedTableDef(followups), { ...fu, id: '01900000-0000-7000-8000-00000000000f', customerId: liCustomer, ownerId: zhang.id, at: t.clock.now() - 2 * DAY })
    expectRollupExact(t)
    // li's customer now has follow-ups of two owners: counted live for a scoped caller.
    expect(s.prepare(`SELECT count(*) FROM customer_followup_stats WHERE customer_id = ? AND followup_owner IS NULL`).pluck().get(liCustomer)).toBe(1)

    // Hard deletes (demo removal) of a follow-up and an opportunity.
    s.prepare(`DELETE FROM followups WHERE id = ?`).run(f[2])
    s.prepare(`DELETE FROM opportunities WHERE id = ?`).run(a.id)
    expectRollupExact(t)
  })

  it('totals from the rollup equal Σ weighted(amount, win rate) of the cards for every scope, follow-ups of several owners included', async () => {
    w = await world()
    const { t, zhang, li, manager, admin, zhangCustomer, liCustomer } = w
    await admin.ok('pool.setRules', { ...(await admin.ok('pool.getRules', {})), autoReclaim: false })
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '旧', stage: 'negotiating', amount: 77_777, expectedCloseDate: '2026-11-01' })
    await li.client.ok('opportunities.save', { customerId: liCustomer, name: '李', stage: 'quoted', amount: 10_101 })
    t.clock.advance(40 * DAY)
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '新', stage: 'initial', amount: 12_345, expectedCloseDate: '2027-02-01' })
    for (let i = 0; i < 3; i++) await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'visit', content: `拜访${i}`, at: t.clock.now() - i * DAY })
    // A follow-up of zhang's on li's customer (written as sync would deliver it): mixed owners.
    const store = new SyncStore(t.app.database.db, t.app.database.sqlite)
    const some = t.app.database.sqlite.prepare(`SELECT id FROM followups LIMIT 1`).pluck().get() as string
    store.writeRow(syncedTableDef(followups), { ...store.row(syncedTableDef(followups), some)!, id: '01900000-0000-7000-8000-0000000000f1', customerId: liCustomer, ownerId: zhang.id, at: t.clock.now() - 2 * DAY })
    // Reference: the rule of win-rate.ts over every live opportunity in scope, counting the
    // follow-ups of visible owners (docs/WIN-RATE.md), recomputed here from the source tables.
    const db = t.app.database.sqlite
    const now = t.clock.now()
    const opps = db.prepare(`SELECT * FROM opportunities WHERE deleted_at IS NULL`).all() as { customer_id: string; owner_id: string; stage: string; amount: number; created_at: number; expected_close_date: string | null }[]
    const fus = db.prepare(`SELECT customer_id, owner_id, at FROM followups WHERE deleted_at IS NULL`).all() as { customer_id: string; owner_id: string; at: number }[]
    const probs: Record<string, [number, 'open' | 'won' | 'lost']> = { initial: [10, 'open'], needs: [30, 'open'], quoted: [50, 'open'], negotiating: [70, 'open'], committed: [90, 'open'], won: [100, 'won'], lost: [0, 'lost'] }
    const expected = (visible: Set<string> | 'all') => {
      const out = new Map<string, number>()
      for (const o of opps) {
        if (visible !== 'all' && !visible.has(o.owner_id)) continue
        const mine = fus.filter((f) => f.customer_id === o.customer_id && f.at > now - 30 * DAY && (visible === 'all' || visible.has(f.owner_id)))
        const [p, kind] = probs[o.stage]!
        const rate = winRate({ stageProbability: p, stageKind: kind, lastFollowupAt: mine.length ? Math.max(...mine.map((f) => f.at)) : null, followupsInWindow: mine.length, createdAt: o.created_at, expectedCloseDate: o.expected_close_date, now, today: localDate(now) }).rate
        out.set(o.stage, (out.get(o.stage) ?? 0) + weighted(o.amount, rate))
      }
      return out
    }
    const scopes: [typeof admin, Set<string> | 'all'][] = [[admin, 'all'], [manager.client, new Set([manager.id, zhang.id, li.id])], [zhang.client, new Set([zhang.id])], [li.client, new Set([li.id])]]
    for (const [who, visible] of scopes) {
      const want = expected(visible)
      const board = await who.ok('opportunities.pipeline', {})
      for (const col of board) {
        expect(col.count).toBe(col.items.length)
        expect(col.totalAmount).toBe(col.items.reduce((n, o) => n + o.amount, 0))
        expect(col.weightedAmount).toBe(want.get(col.stage.key) ?? 0)
      }
    }
    // li's customer: zhang's follow-up 2 days ago makes it recent (+5) for the company-wide board.
    expect((await admin.ok('opportunities.pipeline', {})).find((c) => c.stage.key === 'quoted')!.weightedAmount).toBe(weighted(10_101, 55))
    // For li it is not visible: no follow-up in 30 days on a 40-day-old opportunity, stale (−10).
    expect((await li.client.ok('opportunities.pipeline', {})).find((c) => c.stage.key === 'quoted')!.weightedAmount).toBe(weighted(10_101, 40))
  })

  it('a bulk loader may set the triggers aside and rebuild after', async () => {
    w = await world()
    const { t, zhang, zhangCustomer } = w
    const s = t.app.database.sqlite
    const saved = suspendPipelineRollup(s)
    expect(saved.length).toBe(6)
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'A', stage: 'initial', amount: 1 })
    expect(s.prepare(`SELECT count(*) FROM opportunity_pipeline`).pluck().get()).toBe(0)
    rebuildPipelineRollup(s, saved)
    expect(s.prepare(`SELECT count(*) FROM opportunity_pipeline`).pluck().get()).toBe(1)
    await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'B', stage: 'initial', amount: 2 })
    expect(s.prepare(`SELECT n, amount FROM opportunity_stage_totals WHERE stage = 'initial'`).get()).toEqual({ n: 2, amount: 3 })
  })
})
