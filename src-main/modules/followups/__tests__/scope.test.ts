import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { insertCustomer } from '../../../testing'
import { customers } from '../../customers/customers.table'
import { reassignCustomerRecords } from '../followups.module'
import { world, type World } from './fixture'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

const HOUR = 3_600_000

describe('data scope: a salesperson cannot reach another salesperson\'s customer', () => {
  it('through any follow-up, opportunity or reminder method, and nothing changes', async () => {
    w = await world()
    const { t, zhang, li, manager, liCustomer, zhangCustomer } = w
    const liOpp = await li.client.ok('opportunities.save', { customerId: liCustomer, name: '李的商机', stage: 'quoted', amount: 900_000, expectedCloseDate: '2026-12-10' })
    const liFollowup = await li.client.ok('followups.add', { customerId: liCustomer, type: 'email', content: '发了报价邮件', opportunityId: liOpp.id, nextStep: '电话确认', nextAt: t.clock.now() + HOUR })
    const [liReminder] = await li.client.ok('reminders.list', { status: 'pending' })
    const mine = await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'call', content: '我的跟进' })
    const outbox = () => t.app.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()
    const before = outbox()

    const z = zhang.client
    const refused = [
      z.call('followups.list', { customerId: liCustomer }),
      z.call('followups.list', { ownerId: li.id }),
      z.call('followups.list', { opportunityId: liOpp.id }),
      z.call('followups.add', { customerId: liCustomer, type: 'call', content: '偷看' }),
      z.call('followups.update', { id: liFollowup.id, customerId: liCustomer, type: 'call', content: '改掉' }),
      z.call('followups.remove', { id: liFollowup.id }),
      z.call('opportunities.list', { customerId: liCustomer }),
      z.call('opportunities.list', { ownerId: li.id }),
      z.call('opportunities.get', { id: liOpp.id }),
      z.call('opportunities.save', { customerId: liCustomer, name: '抢单', stage: 'initial', amount: 1 }),
      z.call('opportunities.save', { id: liOpp.id, customerId: liCustomer, name: '改名', stage: 'quoted', amount: 1 }),
      z.call('opportunities.moveStage', { id: liOpp.id, stage: 'lost', lossReason: '捣乱' }),
      z.call('opportunities.remove', { id: liOpp.id }),
      z.call('opportunities.pipeline', { ownerId: li.id }),
      z.call('opportunities.forecast', { fromMonth: '2026-01', toMonth: '2027-12', ownerId: li.id }),
      z.call('reminders.create', { title: '盯着李的客户', dueAt: t.clock.now() + HOUR, customerId: liCustomer }),
    ]
    for (const r of await Promise.all(refused)) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    for (const r of await Promise.all([z.call('reminders.snooze', { id: liReminder!.id, until: t.clock.now() + HOUR }), z.call('reminders.done', { id: liReminder!.id })])) {
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    // Moving one's own follow-up onto another's customer is refused too.
    expect(await z.call('followups.update', { id: mine.id, customerId: liCustomer, type: 'call', content: '搬家' })).toMatchObject({ ok: false, error: { messageKey: 'errors.followupCustomerFixed' } })
    expect(outbox()).toBe(before)

    // Unfiltered lists, the board and the forecast simply leave the other's records out.
    expect((await z.ok('followups.list', {})).items.map((f) => f.id)).toEqual([mine.id])
    expect((await z.ok('opportunities.list', {})).items).toEqual([])
    expect((await z.ok('opportunities.pipeline', {})).every((c) => c.count === 0 && c.items.length === 0)).toBe(true)
    expect(await z.ok('opportunities.forecast', { fromMonth: '2026-01', toMonth: '2027-12' })).toEqual([])
    expect(await z.ok('reminders.list', { status: 'all' })).toEqual([])

    // Their manager (本人及下属) sees both.
    expect((await manager.client.ok('followups.list', {})).items).toHaveLength(2)
    expect((await manager.client.ok('opportunities.pipeline', {})).find((c) => c.stage.key === 'quoted')!.count).toBe(1)
    expect(await manager.client.ok('opportunities.forecast', { fromMonth: '2026-12', toMonth: '2026-12' })).toMatchObject([{ ownerId: li.id, amount: 900_000 }])
  })

  it('pool customers (no owner) take no follow-ups or opportunities', async () => {
    w = await world()
    const pooled = insertCustomer(w.t, { name: '公海客户', ownerId: null })
    expect(await w.zhang.client.call('followups.add', { customerId: pooled, type: 'call', content: '试试' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.admin.call('opportunities.save', { customerId: pooled, name: 'x', stage: 'initial', amount: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.zhang.client.call('followups.list', { customerId: pooled })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('reassignment and merge hooks', () => {
  it('reassignCustomerRecords hands follow-ups, opportunities and next-step reminders to the new owner', async () => {
    w = await world()
    const { t, zhang, li, zhangCustomer } = w
    const opp = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '移交商机', stage: 'needs', amount: 10_000 })
    await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'call', content: '交接前的跟进', opportunityId: opp.id, nextStep: '新人跟进', nextAt: t.clock.now() + HOUR })
    const own = await zhang.client.ok('reminders.create', { title: '我自己的备忘', dueAt: t.clock.now() + HOUR, customerId: zhangCustomer })
    // What the transfer module does, in one mutation.
    const moved = t.app.mutation({ userId: w.manager.id }, (wr) => {
      wr.update(customers, zhangCustomer, { ownerId: li.id })
      return reassignCustomerRecords(wr, zhangCustomer, li.id)
    })
    expect(moved).toEqual({ followups: 1, opportunities: 1, reminders: 1 })
    expect((await li.client.ok('followups.list', { ownerId: li.id })).items.map((f) => f.content)).toEqual(['交接前的跟进'])
    expect((await li.client.ok('opportunities.list', {})).items.map((o) => [o.name, o.ownerId])).toEqual([['移交商机', li.id]])
    expect((await li.client.ok('reminders.list', { status: 'pending' })).map((r) => r.body)).toEqual(['新人跟进'])
    expect((await zhang.client.ok('reminders.list', { status: 'pending' })).map((r) => r.id)).toEqual([own.id])
    expect(await zhang.client.call('opportunities.get', { id: opp.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    t.clock.advance(HOUR)
    expect(w.events.filter((e) => e.name === 'reminder.due').map((e) => (e.target as { userId: string }).userId).sort()).toEqual([li.id, zhang.id].sort())
  })

  it('a customer merge (customers.merge) moves follow-ups, opportunities and reminders onto the survivor', async () => {
    w = await world()
    const { t, zhang, manager, zhangCustomer } = w
    const dup = insertCustomer(t, { name: '北京莱邦科技', ownerId: zhang.id })
    const start = t.clock.now()
    await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'call', content: '旧的', at: start - 5 * HOUR })
    await zhang.client.ok('followups.add', { customerId: dup, type: 'visit', content: '重复客户上的跟进', nextStep: 'x', nextAt: start + HOUR })
    await zhang.client.ok('opportunities.save', { customerId: dup, name: '重复客户的商机', stage: 'initial', amount: 1 })
    await manager.client.ok('customers.merge', { survivorId: zhangCustomer, mergedIds: [dup] })
    expect((await zhang.client.ok('followups.list', { customerId: zhangCustomer })).items.map((f) => f.content)).toEqual(['重复客户上的跟进', '旧的'])
    expect((await zhang.client.ok('opportunities.list', { customerId: zhangCustomer })).items.map((o) => o.name)).toEqual(['重复客户的商机'])
    expect((await zhang.client.ok('reminders.list', { status: 'pending' }))[0]!.customerId).toBe(zhangCustomer)
    expect(t.app.database.db.select().from(customers).where(eq(customers.id, zhangCustomer)).get()!.lastFollowupAt).toBe(start)
  })
})
