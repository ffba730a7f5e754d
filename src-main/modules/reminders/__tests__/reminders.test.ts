import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../platform/node'
import { createTestApp, insertCustomer, tempDir, type TestApp } from '../../../testing'
import { uuidv7 } from '../../../core/uuid'
import { reminderEvents, world, type World } from '../../followups/__tests__/fixture'

const MIN = 60_000
const HOUR = 60 * MIN
const apps: TestApp[] = []
const cleanups: (() => void)[] = []
let w: World | undefined
afterEach(() => {
  w?.t.close(); w = undefined
  while (apps.length) apps.pop()!.close()
  while (cleanups.length) cleanups.pop()!()
})

/** Live timers of the ManualClock (a private field, read to prove the scheduler keeps one). */
const liveTimers = (c: ManualClock) => (c as unknown as { timers: { cancelled: boolean }[] }).timers.filter((x) => !x.cancelled).length

describe('reminders (X-3)', () => {
  it('rings reminders that came due while the app was closed at the next start, marked late', async () => {
    const data = tempDir(); cleanups.push(data.cleanup)
    const clock = new ManualClock()
    const first = createTestApp({ dir: data.dir, clock })
    const x = await world({ t: first })
    const start = clock.now()
    await x.zhang.client.ok('followups.add', { customerId: x.zhangCustomer, type: 'call', content: '约了周五见面', nextStep: '周五拜访', nextAt: start + HOUR })
    await x.zhang.client.ok('reminders.create', { title: '准备合同', dueAt: start + 3 * HOUR })
    first.close()

    clock.advance(2 * HOUR) // the app is closed: nothing rings
    expect(first.platform.notifications.shown).toEqual([])

    const second = createTestApp({ dir: data.dir, clock }); apps.push(second)
    expect(second.platform.notifications.shown).toEqual([expect.objectContaining({ title: '北京莱邦科技有限公司', body: '周五拜访' })])
    const zhang = second.connect('zhang-again')
    await zhang.ok('auth.login', { username: 'zhang', password: 'user-pass-1' })
    const listed = await zhang.ok('reminders.list', { status: 'pending' })
    expect(listed.map((r) => [r.title, r.late])).toEqual([['北京莱邦科技有限公司', true], ['准备合同', false]])

    const events: unknown[] = []
    second.app.bus.subscribe((name, payload) => { if (name === 'reminder.due') events.push(payload) })
    clock.advance(HOUR)
    expect(second.platform.notifications.shown.map((n) => n.title)).toEqual(['北京莱邦科技有限公司', '准备合同'])
    expect(events).toEqual([expect.objectContaining({ title: '准备合同', dueAt: start + 3 * HOUR, late: false })])
    // Restarting again does not ring what was already announced on this device.
    second.close(); apps.pop()
    const third = createTestApp({ dir: data.dir, clock }); apps.push(third)
    expect(third.platform.notifications.shown).toEqual([])
  })

  it('snooze rings again at the new time; done closes; dueCount and lists are per user', async () => {
    w = await world()
    const { t, zhang, li } = w
    const start = t.clock.now()
    const r = await zhang.client.ok('reminders.create', { title: '回访', body: '问问样品的反馈', dueAt: start + HOUR, customerId: w.zhangCustomer })
    expect(r).toMatchObject({ status: 'pending', customerName: '北京莱邦科技有限公司', snoozedUntil: null, late: false })
    t.clock.advance(HOUR)
    expect(t.platform.notifications.shown).toHaveLength(1)
    expect(await zhang.client.ok('reminders.dueCount', {})).toEqual({ due: 1 })
    expect(await li.client.ok('reminders.dueCount', {})).toEqual({ due: 0 })
    expect(await li.client.ok('reminders.list', { status: 'all' })).toEqual([])

    expect(await zhang.client.call('reminders.snooze', { id: r.id, until: t.clock.now() - 1 })).toMatchObject({ ok: false, error: { messageKey: 'errors.snoozeInPast' } })
    const snoozed = await zhang.client.ok('reminders.snooze', { id: r.id, until: t.clock.now() + 30 * MIN })
    expect(snoozed).toMatchObject({ snoozedUntil: start + HOUR + 30 * MIN, status: 'pending' })
    expect(await zhang.client.ok('reminders.dueCount', {})).toEqual({ due: 0 })
    t.clock.advance(30 * MIN - 1)
    expect(t.platform.notifications.shown).toHaveLength(1)
    t.clock.advance(1)
    expect(t.platform.notifications.shown).toHaveLength(2)
    expect(reminderEvents(w).at(-1)!.payload).toMatchObject({ id: r.id, dueAt: start + HOUR + 30 * MIN, late: false })

    const done = await zhang.client.ok('reminders.done', { id: r.id })
    expect(done.status).toBe('done')
    expect(await zhang.client.ok('reminders.dueCount', {})).toEqual({ due: 0 })
    expect(await zhang.client.ok('reminders.list', { status: 'pending' })).toEqual([])
    expect((await zhang.client.ok('reminders.list', { status: 'done' })).map((x) => x.id)).toEqual([r.id])
  })

  it('keeps one timer, for the earliest reminder, re-armed on every change', async () => {
    w = await world()
    const { t, zhang } = w
    const start = t.clock.now()
    // Other modules keep their own timers (the pool's daily sweep): count only what reminders add.
    const others = liveTimers(t.clock)
    for (const h of [5, 3, 4, 1, 2]) await zhang.client.ok('reminders.create', { title: `第${h}`, dueAt: start + h * HOUR })
    expect(liveTimers(t.clock)).toBe(others + 1)
    t.clock.advance(HOUR)
    expect(t.platform.notifications.shown.map((n) => n.title)).toEqual(['第1'])
    expect(liveTimers(t.clock)).toBe(others + 1)
    // Two due in one step both ring.
    t.clock.advance(2 * HOUR)
    expect(t.platform.notifications.shown.map((n) => n.title)).toEqual(['第1', '第2', '第3'])
    const [four] = (await zhang.client.ok('reminders.list', { status: 'pending' })).filter((r) => r.title === '第4')
    await zhang.client.ok('reminders.done', { id: four!.id })
    t.clock.advance(2 * HOUR)
    expect(t.platform.notifications.shown.map((n) => n.title)).toEqual(['第1', '第2', '第3', '第5'])
    expect(liveTimers(t.clock)).toBe(others)
  })

  it('re-arms when reminders arrive from elsewhere (sync) and rings only for users who use this device', async () => {
    w = await world()
    const { t, admin, manager, zhang } = w
    const start = t.clock.now()
    // A row written by the sync projector: no mutation here, only the data.changed event.
    t.app.database.sqlite.prepare(`INSERT INTO reminders (id, created_at, updated_at, hlc, owner_id, title, due_at, status, fire_at)
      VALUES (?, ?, ?, 'x', ?, '来自另一台电脑', ?, 'pending', ?)`).run(uuidv7(), start, start, zhang.id, start + HOUR, start + HOUR)
    t.clock.advance(HOUR)
    expect(t.platform.notifications.shown).toEqual([])
    t.app.bus.emit('data.changed', { tables: ['reminders'] })
    expect(t.platform.notifications.shown.map((n) => n.title)).toEqual(['来自另一台电脑'])

    // zhao has never logged in here: a follow-up the manager logs for zhao's customer rings only once zhao logs in.
    const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
    const zhao = await admin.ok('admin.createUser', { username: 'zhao', password: 'user-pass-1', displayName: '赵', roleId: role.id, managerId: manager.id })
    const customer = insertCustomer(t, { name: '广州南方实业', ownerId: zhao.id })
    await manager.client.ok('followups.add', { customerId: customer, type: 'visit', content: '陪同拜访', nextStep: '跟进报价', nextAt: t.clock.now() + HOUR })
    t.clock.advance(2 * HOUR)
    expect(t.platform.notifications.shown).toHaveLength(1)
    await t.connect('zhao').ok('auth.login', { username: 'zhao', password: 'user-pass-1' })
    expect(t.platform.notifications.shown.map((n) => n.body)).toEqual([undefined, '跟进报价'])
    expect(reminderEvents(w).at(-1)).toMatchObject({ payload: { late: true }, target: { kind: 'user', userId: zhao.id } })
  })

  it('announcing is device-local: nothing about it is queued for sync', async () => {
    w = await world()
    const { t, zhang } = w
    await zhang.client.ok('reminders.create', { title: '本机提醒', dueAt: t.clock.now() + MIN })
    const outbox = () => t.app.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get()
    const before = outbox()
    t.clock.advance(MIN)
    expect(t.platform.notifications.shown).toHaveLength(1)
    expect(outbox()).toBe(before)
    expect(t.app.database.sqlite.prepare('SELECT count(*) FROM reminder_notifications').pluck().get()).toBe(1)
  })
})
