import { afterEach, describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../../../../src-preload/contracts/timeline'
import { contact, customer, DAY, editCustomer, HOUR, world, type World } from '../../pool/__tests__/fixture'
import { registerTimelineSource } from '../timeline.module'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

const keyOf = (e: TimelineEntry) => `${e.at}|${e.id}`

async function allPages(fetch: (cursor: string | null) => Promise<{ items: TimelineEntry[]; nextCursor: string | null }>): Promise<TimelineEntry[][]> {
  const pages: TimelineEntry[][] = []
  let cursor: string | null = null
  do {
    const page = await fetch(cursor)
    pages.push(page.items)
    cursor = page.nextCursor
  } while (cursor && pages.length < 100)
  return pages
}

// A later module's source (quotes), contributing entries from "its own table".
const QUOTES: { id: string; at: number; customerId: string; actorId: string }[] = []
registerTimelineSource({
  name: 'test-quotes',
  entries: (_db, q) => QUOTES
    .filter((x) => (q.customerIds ? q.customerIds.includes(x.customerId) : x.actorId === q.actorId))
    .filter((x) => (q.from === undefined || x.at >= q.from) && (q.to === undefined || x.at <= q.to))
    .filter((x) => !q.before || x.at < q.before.at || (x.at === q.before.at && x.id < q.before.id))
    .sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1)).slice(0, q.limit)
    .map((x) => ({ id: x.id, at: x.at, kind: 'quote', summaryKey: 'timeline.quote.sent', params: { no: x.id }, actorId: x.actorId, customerId: x.customerId, recordId: x.id, body: null })),
})

describe('customer timeline (X-4)', () => {
  it('merges activities, audit edits and registered sources newest first, and pages by keyset without gaps or repeats', async () => {
    w = await world()
    const { t, zhang, manager } = w
    const c = customer(t, '北京莱邦科技有限公司', zhang.id)
    const other = customer(t, '无关客户有限公司', zhang.id)
    for (let i = 0; i < 6; i++) {
      t.clock.advance(HOUR)
      await zhang.client.ok('followups.add', { customerId: c, type: 'call', content: `第${i}次电话` })
      if (i % 2 === 0) contact(t, c, `联系人${i}`, zhang.id)
      editCustomer(t, c, zhang.id, { notes: `备注${i}` }) // same millisecond as the follow-up: the id breaks the tie
      editCustomer(t, other, zhang.id, { notes: '别的客户' })
      if (i % 3 === 0) QUOTES.push({ id: `quote-${i}`, at: t.clock.now() - 1, customerId: c, actorId: zhang.id })
    }
    // Bookkeeping alone (lastFollowupAt) is not an edit.
    editCustomer(t, c, zhang.id, { lastFollowupAt: t.clock.now() })

    const all = (await manager.client.ok('timeline.customer', { customerId: c, limit: 200 })).items
    expect(all).toHaveLength(1 + 3 + 6 + 6 + 2) // created, contacts, follow-ups, note edits, quotes
    const sorted = [...all].sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
    expect(all.map(keyOf)).toEqual(sorted.map(keyOf))
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(['edit', 'followup', 'quote']))
    expect(all.every((e) => e.customerId === c && e.customerName === '北京莱邦科技有限公司')).toBe(true)
    expect(all.find((e) => e.kind === 'quote')).toMatchObject({ actorName: 'zhang', summaryKey: 'timeline.quote.sent' })
    expect(all.filter((e) => e.summaryKey === 'timeline.edit').map((e) => e.params.fields)).toEqual(Array(6).fill('notes'))

    for (const size of [1, 3, 7]) {
      const pages = await allPages(async (cursor) => manager.client.ok('timeline.customer', { customerId: c, cursor, limit: size }))
      expect(pages.flat().map(keyOf)).toEqual(all.map(keyOf))
      expect(pages.slice(0, -1).every((p) => p.length === size)).toBe(true)
    }
    expect(await manager.client.call('timeline.customer', { customerId: c, cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.badCursor' } })
  })

  it('follows the customer rule: the owner and those whose scope covers the owner', async () => {
    w = await world()
    const { t, zhang, li, manager, zhao, admin } = w
    const c = customer(t, '北京莱邦科技有限公司', zhang.id)
    expect((await zhang.client.ok('timeline.customer', { customerId: c })).items).toHaveLength(1)
    expect((await manager.client.ok('timeline.customer', { customerId: c })).items).toHaveLength(1)
    expect((await admin.ok('timeline.customer', { customerId: c })).items).toHaveLength(1)
    for (const peer of [li, zhao]) expect(await peer.client.call('timeline.customer', { customerId: c })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.client.call('timeline.customer', { customerId: '01234567-89ab-7def-8123-456789abcdef' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('keeps the history of customers merged into the survivor', async () => {
    w = await world()
    const { t, zhang } = w
    const survivor = customer(t, '北京莱邦科技有限公司', zhang.id)
    const merged = customer(t, '北京莱邦科技', zhang.id)
    t.clock.advance(HOUR)
    await zhang.client.ok('followups.add', { customerId: merged, type: 'visit', content: '在重复客户上记的拜访' })
    t.clock.advance(HOUR)
    editCustomer(t, merged, zhang.id, { notes: '重复客户的备注' })
    t.clock.advance(HOUR)
    await w.manager.client.ok('customers.merge', { survivorId: survivor, mergedIds: [merged] }) // merging needs customers.delete
    const items = (await zhang.client.ok('timeline.customer', { customerId: survivor })).items
    const keys = items.map((e) => e.summaryKey)
    expect(keys).toContain('timeline.customer.merged')
    expect(items.find((e) => e.kind === 'followup')).toMatchObject({ body: '在重复客户上记的拜访' })
    // The merged record's own edits come along (its audit history).
    expect(items.filter((e) => e.recordId === merged && e.summaryKey === 'timeline.edit').map((e) => e.params.fields)).toContain('notes')
    expect(keys.filter((k) => k === 'timeline.customer.created')).toHaveLength(2)
  })
})

describe('user timeline: what did my people do this week', () => {
  it('is open to oneself and to managers whose scope holds the user, within the window', async () => {
    w = await world()
    const { t, admin, zhang, li, manager, zhao } = w
    const c = customer(t, '北京莱邦科技有限公司', zhang.id)
    const moved = customer(t, '后来给了赵的客户有限公司', zhang.id)
    t.clock.advance(DAY)
    const weekStart = t.clock.now() // the customers were created the week before
    t.clock.advance(HOUR)
    await zhang.client.ok('followups.add', { customerId: c, type: 'call', content: '本周电话' })
    t.clock.advance(HOUR)
    editCustomer(t, moved, zhang.id, { notes: '改了备注' })
    t.clock.advance(HOUR)
    await li.client.ok('followups.add', { customerId: customer(t, '李的客户有限公司', li.id), type: 'call', content: '李的电话' })
    t.clock.advance(8 * DAY)
    await zhang.client.ok('followups.add', { customerId: c, type: 'visit', content: '下周拜访' })
    const week = { userId: zhang.id, from: weekStart, to: weekStart + 7 * DAY }

    const own = (await zhang.client.ok('timeline.user', week)).items
    expect(own.map((e) => e.summaryKey)).toEqual(['timeline.edit', 'timeline.followup.call'])
    expect(own.every((e) => e.actorId === zhang.id && e.actorName === 'zhang')).toBe(true)
    expect((await manager.client.ok('timeline.user', week)).items.map((e) => e.id)).toEqual(own.map((e) => e.id))
    for (const peer of [li, zhao]) expect(await peer.client.call('timeline.user', week)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // Once the customer belongs to someone outside the manager's scope, its entries drop out for him.
    await admin.ok('pool.transfer', { toOwnerId: zhao.id, customerIds: [moved], reason: '调整' })
    expect((await manager.client.ok('timeline.user', week)).items.map((e) => e.summaryKey)).toEqual(['timeline.followup.call'])
    expect((await zhang.client.ok('timeline.user', week)).items).toHaveLength(2)
    expect((await admin.ok('timeline.user', week)).items).toHaveLength(2)

    const pages = await allPages(async (cursor) => zhang.client.ok('timeline.user', { ...week, to: t.clock.now(), cursor, limit: 1 }))
    expect(pages.flat().map((e) => e.summaryKey)).toEqual(['timeline.followup.visit', 'timeline.edit', 'timeline.followup.call'])
    expect(await zhang.client.call('timeline.user', { ...week, from: week.to + 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.invalidRange' } })
  })
})
