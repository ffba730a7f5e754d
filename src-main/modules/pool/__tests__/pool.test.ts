import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../platform/node'
import { createTestApp, tempDir, type TestApp } from '../../../testing'
import { activities } from '../../timeline/timeline.table'
import { POOL_RULES_ID } from '../derived-id'
import { customerTransfers, poolRules } from '../pool.table'
import { LAST_SWEEP_KEY, SWEEP_SLICE } from '../sweeper'
import { contact, customer, DAY, editCustomer, HOUR, level, ownerOf, RULES, world, type World } from './fixture'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

const row = (x: World, id: string) => x.t.app.database.sqlite.prepare('SELECT owner_id AS ownerId, released_at AS releasedAt, previous_owner_id AS previousOwnerId FROM customers WHERE id = ?').get(id) as { ownerId: string | null; releasedAt: number | null; previousOwnerId: string | null }
const timers = (x: World) => (x.t.clock as unknown as { timers: { cancelled: boolean }[] }).timers.filter((tm) => !tm.cancelled).length

describe('pool rules', () => {
  it('start from the conventions, auto reclaim on; only system.settings changes them, in one synced row', async () => {
    w = await world()
    const { t, admin, zhang } = w
    expect(await zhang.client.ok('pool.getRules', {})).toEqual({ ...RULES, autoReclaim: true })
    expect(timers(w)).toBe(1) // the daily sweep is armed by default
    expect(await zhang.client.call('pool.setRules', RULES)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await admin.ok('pool.setRules', RULES)).toEqual(RULES)
    expect(await admin.ok('pool.setRules', { ...RULES, holdCap: 200 })).toMatchObject({ holdCap: 200 })
    const rows = t.app.database.db.select().from(poolRules).all()
    expect(rows.map((r) => r.id)).toEqual([POOL_RULES_ID])
    // Turning auto reclaim on arms the daily sweep; off disarms it.
    expect(timers(w)).toBe(1)
    await admin.ok('pool.setRules', { ...RULES, autoReclaim: false })
    expect(timers(w)).toBe(0)
  })
})

describe('daily sweep (公海回收)', () => {
  it('reclaims after N days without follow-up (per level), exempts won and locked, warns N days before', async () => {
    w = await world()
    const { t, admin, manager, zhang, li } = w
    const t0 = t.clock.now()
    level(t, 'VIP', 10)
    level(t, 'NOD', null) // no days of its own: the default applies
    const a = customer(t, 'A级客户有限公司', zhang.id, { level: 'VIP' })
    const b = customer(t, 'B级客户有限公司', zhang.id, { level: 'NOD' })
    const plain = customer(t, '普通客户有限公司', zhang.id)
    const won = customer(t, '成交客户有限公司', zhang.id, { won: true })
    const locked = customer(t, '锁定客户有限公司', zhang.id, { locked: true })
    const followed = customer(t, '跟进客户有限公司', zhang.id)
    const handedOver = customer(t, '交接客户有限公司', zhang.id)
    await admin.ok('pool.setRules', RULES)
    const shown = () => t.platform.notifications.shown

    t.clock.advance(8 * DAY + HOUR) // the overdue first sweep runs; A's deadline (day 10) is 2 days off
    expect(sweptAt(t)).toBe(t.clock.now())
    expect(ownerOf(t, a)).toBe(zhang.id)
    expect(shown()).toEqual([expect.objectContaining({ title: '1 个客户将在 2 天内收回公海', body: 'A级客户有限公司', tag: 'pool-warning' })])

    t.clock.advance(DAY) // day 9: still warned only once
    expect(shown()).toHaveLength(1)
    t.clock.advance(DAY) // day 10 + 1h: A returns to the pool
    expect(row(w, a)).toEqual({ ownerId: null, releasedAt: t0 + 10 * DAY, previousOwnerId: zhang.id })
    const reclaimAct = t.app.database.db.select().from(activities).all().find((x) => x.customerId === a && x.kind === 'reclaim')
    expect(reclaimAct).toMatchObject({ summaryKey: 'timeline.pool.reclaim', actorId: null, params: { from: 'zhang', days: 10 } })

    t.clock.advance(10 * DAY) // day 20: a follow-up restarts one clock, a transfer another
    await zhang.client.ok('followups.add', { customerId: followed, type: 'call', content: '电话回访' })
    t.clock.advance(5 * DAY)
    await manager.client.ok('pool.transfer', { toOwnerId: li.id, customerIds: [handedOver], reason: '分给李' })

    t.clock.advance(3 * DAY) // day 28: B (no poolDays → default 30) and the plain one are warned
    expect(shown().at(-1)).toMatchObject({ title: '2 个客户将在 2 天内收回公海' })
    expect(shown().at(-1)!.body!.split('、').sort()).toEqual(['B级客户有限公司', '普通客户有限公司'].sort())
    t.clock.advance(2 * DAY) // day 30
    expect([a, b, plain].map((id) => ownerOf(t, id))).toEqual([null, null, null])
    expect([won, locked, followed].map((id) => ownerOf(t, id))).toEqual([zhang.id, zhang.id, zhang.id])
    expect(ownerOf(t, handedOver)).toBe(li.id)
    const kinds = t.app.database.db.select().from(customerTransfers).all().map((r) => r.kind).sort()
    expect(kinds).toEqual(['reclaim', 'reclaim', 'reclaim', 'transfer'])

    // On demand: nothing left to do; salespeople may not run it.
    expect(await manager.client.ok('pool.sweep', {})).toEqual({ reclaimed: 0, warned: 0 })
    expect(await zhang.client.call('pool.sweep', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Exemptions are rules: switched off, the next sweep takes the won customer too.
    await admin.ok('pool.setRules', { ...RULES, exemptWon: false })
    expect(await admin.ok('pool.sweep', {})).toEqual({ reclaimed: 1, warned: 0 })
    expect(ownerOf(t, won)).toBeNull()
  })

  it('a login delivers a warning that found its owner away', async () => {
    w = await world()
    const { t, admin, zhao } = w
    const c = customer(t, '待提醒客户有限公司', zhao.id)
    await admin.ok('pool.setRules', { ...RULES, defaultDays: 3 })
    await zhao.client.ok('auth.logout', {})
    t.clock.advance(DAY + HOUR) // the sweep finds the customer within 2 days of its deadline, zhao is not here
    expect(t.platform.notifications.shown).toEqual([])
    await zhao.client.ok('auth.login', { username: 'zhao', password: 'user-pass-1' })
    expect(t.platform.notifications.shown).toEqual([expect.objectContaining({ body: '待提醒客户有限公司' })])
    t.clock.advance(2 * DAY)
    expect(ownerOf(t, c)).toBeNull()
  })

  it('runs at start when the last sweep is more than a day old, not before', async () => {
    const data = tempDir()
    const clock = new ManualClock()
    let second: TestApp | undefined
    try {
      w = await world({ t: createTestApp({ dir: data.dir, clock }) })
      const c = customer(w.t, '久未跟进客户有限公司', w.zhang.id)
      await w.admin.ok('pool.setRules', RULES)
      clock.advance(HOUR) // first sweep: nothing due
      const lastSweep = clock.now()
      w.t.close()
      w = undefined
      clock.advance(12 * HOUR) // closed; restarted within a day of the last sweep
      second = createTestApp({ dir: data.dir, clock })
      clock.advance(0)
      expect(sweptAt(second)).toBe(lastSweep)
      second.close()
      clock.advance(40 * DAY) // closed for weeks
      second = createTestApp({ dir: data.dir, clock })
      expect(ownerOf(second, c)).not.toBeNull() // not on the start path itself…
      clock.advance(0) // …but at once after it
      expect(ownerOf(second, c)).toBeNull()
      expect(sweptAt(second)).toBe(clock.now())
    } finally {
      second?.close()
      data.cleanup()
    }
  })
})

const sweptAt = (t: TestApp) => { const v = t.app.database.sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').pluck().get(LAST_SWEEP_KEY); return v == null ? null : Number(v) }

describe('release and claim (放入公海 / 领取)', () => {
  it('the owner releases with a reason; others need customers.assign and scope; the pool hides contact details', async () => {
    w = await world()
    const { t, manager, zhang, li, zhao } = w
    const mine = customer(t, '北京莱邦科技有限公司', zhang.id, { phone: '010-88886666' })
    contact(t, mine, '王经理', zhang.id, '13800138000')
    const lis = customer(t, '上海东方贸易有限公司', li.id)
    const zhaos = customer(t, '广州南方电子有限公司', zhao.id)

    expect(await zhang.client.ok('pool.release', { customerIds: [mine], reason: '长期无需求' })).toEqual({ released: 1 })
    expect(row(w, mine)).toEqual({ ownerId: null, releasedAt: t.clock.now(), previousOwnerId: zhang.id })
    expect(await zhang.client.call('pool.release', { customerIds: [mine], reason: '再放' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.alreadyInPool' } })
    expect(await zhang.client.call('pool.release', { customerIds: [lis], reason: '放别人的' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await manager.client.call('pool.release', { customerIds: [zhaos], reason: '越权' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await manager.client.ok('pool.release', { customerIds: [lis], reason: '团队调整' })).toEqual({ released: 1 })

    const page = await zhao.client.ok('pool.list', {})
    expect(page.items.map((i) => i.id).sort()).toEqual([mine, lis].sort())
    const item = page.items.find((i) => i.id === mine)!
    expect(item).toEqual({ id: mine, name: '北京莱邦科技有限公司', level: null, category: null, province: null, city: null, releasedAt: t.clock.now(), previousOwnerName: 'zhang', claimStatus: null })
    expect(JSON.stringify(page)).not.toMatch(/13800138000|88886666|王经理/)
    expect((await zhao.client.ok('pool.list', { search: '莱邦' })).items.map((i) => i.id)).toEqual([mine])
    // A salesperson cannot open a pool customer's record elsewhere (its timeline carries contact edits);
    // those who may (scope all) get it without contact details until it is claimed.
    expect(await zhao.client.call('timeline.customer', { customerId: mine })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.admin.ok('customers.get', { id: mine })).toMatchObject({ contactsVisible: false, contacts: [], phone: null, primaryContact: null })
    await zhao.client.ok('pool.claim', { customerId: mine })
    expect(await zhao.client.ok('customers.get', { id: mine })).toMatchObject({ contactsVisible: true, phone: '010-88886666', contacts: [expect.objectContaining({ name: '王经理', mobile: '13800138000' })] })

    const history = await manager.client.ok('pool.transfers', {})
    expect(history.items.map((r) => [r.kind, r.fromOwnerName, r.toOwnerName, r.reason])).toEqual(expect.arrayContaining([['release', 'zhang', null, '长期无需求'], ['release', 'li', null, '团队调整']]))
  })

  it('claims within the daily cap and the hold cap; the previous owner waits; errors say why', async () => {
    w = await world()
    const { t, admin, zhang, li, kuai } = w
    await admin.ok('pool.setRules', { ...RULES, autoReclaim: false, dailyClaimCap: 2, holdCap: 3, reclaimBlockDays: 7 })
    const pool = Array.from({ length: 6 }, (_, i) => customer(t, `公海客户${i}有限公司`, null))
    const owned = customer(t, '李的成交客户有限公司', li.id, { won: true })
    const zhangs = customer(t, '张的客户有限公司', zhang.id)

    const first = await li.client.ok('pool.claim', { customerId: pool[0]! })
    expect(first).toMatchObject({ customerId: pool[0], customerName: '公海客户0有限公司', status: 'pending', reasonKey: null, claimedAt: t.clock.now() })
    expect(ownerOf(t, pool[0]!)).toBe(li.id)
    expect(await li.client.call('pool.claim', { customerId: pool[0]! })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.notInPool' } })
    await li.client.ok('pool.claim', { customerId: pool[1]! })
    expect(await li.client.call('pool.claim', { customerId: pool[2]! })).toMatchObject({ ok: false, error: { messageKey: 'errors.claimCapReached', details: { cap: 2 } } })
    t.clock.advance(DAY)
    // Holds 2 claimed + 1 won (won ones do not count): a third claim fits, a fourth does not.
    await li.client.ok('pool.claim', { customerId: pool[2]! })
    expect(await li.client.call('pool.claim', { customerId: pool[3]! })).toMatchObject({ ok: false, error: { messageKey: 'errors.holdCapReached', details: { cap: 3 } } })
    await admin.ok('pool.setRules', { ...RULES, autoReclaim: false, dailyClaimCap: 2, holdCap: 3, holdCapCountsWon: true })
    expect(await li.client.call('pool.claim', { customerId: pool[3]! })).toMatchObject({ ok: false, error: { messageKey: 'errors.holdCapReached' } })
    expect(ownerOf(t, owned)).toBe(li.id)

    // The previous owner is blocked for reclaimBlockDays after releasing.
    await zhang.client.ok('pool.release', { customerIds: [zhangs], reason: '暂不跟进' })
    const released = t.clock.now()
    expect(await zhang.client.call('pool.claim', { customerId: zhangs })).toMatchObject({ ok: false, error: { messageKey: 'errors.reclaimBlocked', details: { until: released + 7 * DAY, days: 7 } } })
    t.clock.advance(7 * DAY)
    expect(await zhang.client.ok('pool.claim', { customerId: zhangs })).toMatchObject({ status: 'pending' })
    expect(ownerOf(t, zhangs)).toBe(zhang.id)
    expect(await kuai.client.call('pool.claim', { customerId: pool[4]! })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const mine = await li.client.ok('pool.myClaims', { limit: 2 })
    expect(mine.items.map((c) => c.customerId)).toEqual([pool[2], pool[1]])
    expect((await li.client.ok('pool.myClaims', { cursor: mine.nextCursor, limit: 2 })).items.map((c) => c.customerId)).toEqual([pool[0]])
    const act = t.app.database.db.select().from(activities).all().find((x) => x.customerId === pool[0] && x.kind === 'claim')
    expect(act).toMatchObject({ summaryKey: 'timeline.pool.claim', actorId: li.id, params: { to: 'li', from: null } })
    editCustomer(t, pool[0]!, li.id, { notes: '已领取' })
    expect((await li.client.ok('timeline.customer', { customerId: pool[0]! })).items.map((e) => e.summaryKey)).toContain('timeline.pool.claim')
  })
})

describe('a large sweep', () => {
  it('runs in slices with the event loop free between them, and reclaims everything in the end', async () => {
    w = await world()
    const { t, admin, zhang } = w
    const ids = Array.from({ length: 7 }, (_, i) => customer(t, `批量客户${i}有限公司`, zhang.id))
    await admin.ok('pool.setRules', RULES)
    const saved = { ...SWEEP_SLICE }
    Object.assign(SWEEP_SLICE, { ms: 0, chunk: 3 }) // one chunk of 3 per slice
    try {
      t.clock.advance(31 * DAY)
      // The timer's first slice ran synchronously: 3 of 7; the rest waits for the event loop.
      expect(ids.filter((id) => ownerOf(t, id) === null)).toHaveLength(3)
      expect(sweptAt(t)).toBeNull()
      // A follow-up logged between slices restarts that customer's clock: it is not reclaimed.
      const kept = ids.find((id) => ownerOf(t, id) !== null)!
      editCustomer(t, kept, zhang.id, { lastFollowupAt: t.clock.now() })
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
      expect(ids.filter((id) => ownerOf(t, id) === null)).toHaveLength(6)
      expect(ownerOf(t, kept)).toBe(zhang.id)
      expect(sweptAt(t)).toBe(t.clock.now())
      expect(timers(w)).toBe(1) // the next daily sweep is armed
    } finally {
      Object.assign(SWEEP_SLICE, saved)
    }
  })
})
