import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from '../../../../src-preload/contracts/define'
import type { FollowupRow } from '../../../../src-preload/contracts/followups'
import { customers } from '../../customers/customers.table'
import { activities } from '../../timeline/timeline.table'
import { eq } from 'drizzle-orm'
import { DAY, reminderEvents, world, type World } from './fixture'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

const HOUR = 3_600_000
const customerRow = (x: World, id: string) => x.t.app.database.db.select().from(customers).where(eq(customers.id, id)).get()!
const activitiesOf = (x: World, customerId: string) => x.t.app.database.db.select().from(activities).where(eq(activities.customerId, customerId)).all()

describe('follow-ups (客户跟进)', () => {
  it('logging a follow-up with a next step moves lastFollowupAt, records the timeline, moves the stage and rings at the due time', async () => {
    w = await world()
    const { t, zhang, zhangCustomer, zhangContact } = w
    const opp = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: 'ERP 项目', stage: 'initial', amount: 5_000_000 })
    const now = t.clock.now()
    const nextAt = now + 2 * HOUR
    const f = await zhang.client.ok('followups.add', {
      customerId: zhangCustomer, type: 'call', content: '电话沟通需求，客户希望下周看方案', contactId: zhangContact,
      opportunityId: opp.id, stage: 'needs', nextStep: '发送方案', nextAt,
    })
    expect(f).toMatchObject({ customerName: '北京莱邦科技有限公司', ownerId: zhang.id, ownerName: 'zhang', contactName: '王经理', opportunityName: 'ERP 项目', stage: 'needs', nextStep: '发送方案', nextAt, at: now })
    expect(customerRow(w, zhangCustomer).lastFollowupAt).toBe(now)
    expect((await zhang.client.ok('opportunities.get', { id: opp.id })).stage).toBe('needs')

    const acts = activitiesOf(w, zhangCustomer)
    expect(acts.find((a) => a.kind === 'followup')).toMatchObject({ summaryKey: 'timeline.followup.call', recordId: f.id, actorId: zhang.id, ownerId: zhang.id, body: f.content, params: { type: 'call', contactName: '王经理', nextStep: '发送方案', nextAt } })
    expect(acts.find((a) => a.summaryKey === 'timeline.opportunity.stage')).toMatchObject({ kind: 'opportunity', recordId: opp.id, params: { from: 'initial', to: 'needs', fromName: 'stage.initial', toName: 'stage.needs', name: 'ERP 项目' } })
    expect(acts.find((a) => a.summaryKey === 'timeline.opportunity.created')).toMatchObject({ params: { name: 'ERP 项目', stage: 'initial', amount: 5_000_000 } })

    const [reminder] = await zhang.client.ok('reminders.list', { status: 'pending' })
    expect(reminder).toMatchObject({ title: '北京莱邦科技有限公司', body: '发送方案', dueAt: nextAt, sourceType: 'followup', sourceId: f.id, customerId: zhangCustomer, late: false })
    expect(await zhang.client.ok('reminders.dueCount', {})).toEqual({ due: 0 })

    t.clock.advance(2 * HOUR - 1)
    expect(t.platform.notifications.shown).toHaveLength(0)
    t.clock.advance(1)
    expect(t.platform.notifications.shown).toEqual([expect.objectContaining({ title: '北京莱邦科技有限公司', body: '发送方案', tag: `reminder:${reminder!.id}` })])
    expect(reminderEvents(w)).toEqual([{ name: 'reminder.due', payload: { id: reminder!.id, title: '北京莱邦科技有限公司', body: '发送方案', dueAt: nextAt, late: false }, target: { kind: 'user', userId: zhang.id } }])
    expect(await zhang.client.ok('reminders.dueCount', {})).toEqual({ due: 1 })
    // Rung once: more time passing does not ring it again.
    t.clock.advance(DAY)
    expect(t.platform.notifications.shown).toHaveLength(1)
  })

  it('editing the next step reschedules the reminder; removing the follow-up removes it and recomputes lastFollowupAt', async () => {
    w = await world()
    const { t, zhang, zhangCustomer } = w
    const start = t.clock.now()
    const older = await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'visit', content: '上门拜访', at: start - 3 * DAY })
    const f = await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'wechat', content: '微信确认', nextStep: '回电', nextAt: start + HOUR })
    expect(customerRow(w, zhangCustomer).lastFollowupAt).toBe(start)
    // An older follow-up logged later does not move the clock back.
    await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'sms', content: '短信', at: start - 5 * DAY })
    expect(customerRow(w, zhangCustomer).lastFollowupAt).toBe(start)

    await zhang.client.ok('followups.update', { id: f.id, customerId: zhangCustomer, type: 'wechat', content: '微信确认', nextStep: '回电', nextAt: start + 3 * HOUR })
    t.clock.advance(HOUR)
    expect(t.platform.notifications.shown).toHaveLength(0)
    t.clock.advance(2 * HOUR)
    expect(t.platform.notifications.shown).toHaveLength(1)
    expect((await zhang.client.ok('reminders.list', { status: 'pending' }))[0]!.dueAt).toBe(start + 3 * HOUR)

    await zhang.client.ok('followups.remove', { id: f.id })
    expect(await zhang.client.ok('reminders.list', { status: 'all' })).toEqual([])
    expect(customerRow(w, zhangCustomer).lastFollowupAt).toBe(older.at)
    expect(activitiesOf(w, zhangCustomer).some((a) => a.summaryKey === 'timeline.followup.removed' && a.recordId === f.id)).toBe(true)
    const list = await zhang.client.ok('followups.list', { customerId: zhangCustomer })
    expect(list.items.map((x) => x.type)).toEqual(['visit', 'sms'])
  })

  it('refuses a contact or opportunity of another customer, a stage without opportunity, a future time, and lost without reason — changing nothing', async () => {
    w = await world()
    const { t, zhang, zhangCustomer, admin, liCustomer } = w
    const other = await admin.ok('opportunities.save', { customerId: liCustomer, name: '别人的商机', stage: 'initial', amount: 100 })
    const opp = await zhang.client.ok('opportunities.save', { customerId: zhangCustomer, name: '商机', stage: 'quoted', amount: 100 })
    const base = { customerId: zhangCustomer, type: 'call' as const, content: '电话' }
    const outbox = () => t.app.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()
    const before = outbox()
    expect(await zhang.client.call('followups.add', { ...base, opportunityId: other.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { what: 'opportunity' } } })
    expect(await zhang.client.call('followups.add', { ...base, contactId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { what: 'contact' } } })
    expect(await zhang.client.call('followups.add', { ...base, stage: 'needs' })).toMatchObject({ ok: false, error: { messageKey: 'errors.stageNeedsOpportunity' } })
    expect(await zhang.client.call('followups.add', { ...base, opportunityId: opp.id, stage: 'nope' })).toMatchObject({ ok: false, error: { messageKey: 'errors.unknownStage' } })
    expect(await zhang.client.call('followups.add', { ...base, opportunityId: opp.id, stage: 'lost' })).toMatchObject({ ok: false, error: { messageKey: 'errors.lossReasonRequired' } })
    expect(await zhang.client.call('followups.add', { ...base, at: t.clock.now() + DAY })).toMatchObject({ ok: false, error: { messageKey: 'errors.followupInFuture' } })
    expect(outbox()).toBe(before)
    const lost = await zhang.client.ok('followups.add', { ...base, opportunityId: opp.id, stage: 'lost', lossReason: '价格太高' })
    expect(lost.stage).toBe('lost')
    expect(await zhang.client.ok('opportunities.get', { id: opp.id })).toMatchObject({ stage: 'lost', lossReason: '价格太高', winRate: 0 })
  })

  it('pages with an opaque keyset cursor, newest first, and filters by owner within scope', async () => {
    w = await world()
    const { t, zhang, manager, zhangCustomer } = w
    const start = t.clock.now()
    for (let i = 0; i < 7; i++) await zhang.client.ok('followups.add', { customerId: zhangCustomer, type: 'call', content: `第${i}次`, at: start - i * HOUR })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Page<FollowupRow> = await manager.client.ok('followups.list', { ownerId: zhang.id, limit: 3, cursor })
      seen.push(...page.items.map((x) => x.content))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['第0次', '第1次', '第2次', '第3次', '第4次', '第5次', '第6次'])
    expect(await zhang.client.call('followups.list', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.badCursor' } })
  })
})
