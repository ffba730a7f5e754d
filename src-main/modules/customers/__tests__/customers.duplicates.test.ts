import { and, eq, isNull } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Sqlite } from '../../../core/db'
import { auditLog, outbox } from '../../../core/core.table'
import { createTestApp, type TestApp } from '../../../testing'
import { followups } from '../../followups/followups.table'
import { reminders } from '../../reminders/reminders.table'
import { activities } from '../../timeline/timeline.table'
import { findDuplicates } from '../customer-duplicates'
import { contacts, customers } from '../customers.table'
import { team } from './customers.fixture'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** A valid 统一社会信用代码 (GB 32100-2015 check digit) for a 17-character base. */
function creditCode(base: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += chars.indexOf(base[i]!) * w[i]!
  return base + chars[(31 - (sum % 31)) % 31]
}
const CODE = creditCode('91330106MA2B3C4D5')

describe('查重: duplicate detection across all customers', () => {
  it('finds each reason, also for customers the caller cannot open (owner name only) and in the pool', async () => {
    t = createTestApp()
    const { zhang, li, adminId } = await team(t)
    const theirs = await li.client.ok('customers.create', { name: '杭州恒达科技有限公司', phone: '0571-8888 6666', creditCode: CODE, contacts: [{ name: '孙总', mobile: '138 1234 5678' }] })
    const pooled = await li.client.ok('customers.create', { name: 'ＡＢＣ 贸易（上海）有限公司', contacts: [] })
    t.app.mutation({ userId: adminId }, (w) => w.update(customers, pooled.id, { ownerId: null }))
    const check = (input: { name?: string; phones?: string[]; creditCode?: string }) => zhang.client.ok('customers.checkDuplicates', input)
    const only = (reason: string, extra: object = {}) => [{ customerId: theirs.id, name: '杭州恒达科技有限公司', reason, ownerName: '李四', inPool: false, canOpen: false, ...extra }]

    // Same name after normalising: legal-form suffixes, spaces, full-width characters, brackets.
    expect(await check({ name: '杭州恒达科技股份有限公司' })).toEqual(only('name'))
    expect(await check({ name: '杭州 恒达 科技 有限责任公司' })).toEqual(only('name'))
    expect(await check({ name: '杭州恒达科技（集团）' })).toEqual(only('name'))
    expect(await check({ name: 'abc贸易(上海)' })).toEqual([{ customerId: pooled.id, name: 'ＡＢＣ 贸易（上海）有限公司', reason: 'name', ownerName: null, inPool: true, canOpen: false }])
    // Same phone after normalising: country code, dashes, spaces; customer phone and contact mobile.
    expect(await check({ phones: ['+86-571-88886666'] })).toEqual(only('phone'))
    expect(await check({ phones: ['057188886666'] })).toEqual(only('phone'))
    expect(await check({ phones: ['+86 138-1234-5678'] })).toEqual(only('phone'))
    expect(await check({ phones: ['8888'] })).toEqual([])
    // Same credit code (case-insensitive), the strongest reason when several apply.
    expect(await check({ creditCode: CODE.toLowerCase() })).toEqual(only('creditCode'))
    expect(await check({ name: '杭州恒达科技', phones: ['13812345678'], creditCode: CODE })).toEqual(only('creditCode'))
    // Near-identical names: a typo, or one name containing the other.
    expect(await check({ name: '杭州恒大科技有限公司' })).toEqual(only('similarName'))
    expect(await check({ name: '恒达科技有限公司' })).toEqual(only('similarName'))
    expect(await check({ name: '浙江杭州恒达科技有限公司' })).toEqual(only('similarName'))
    expect(await check({ name: '杭州宏图物流有限公司' })).toEqual([])
    // The owner sees the same match as openable.
    expect(await li.client.ok('customers.checkDuplicates', { name: '杭州恒达科技' })).toEqual(only('name', { canOpen: true }))
  })

  it('blocks create and a name change with the matches until confirmed; unrelated edits are not re-warned', async () => {
    t = createTestApp()
    const { zhang, li } = await team(t)
    const theirs = await li.client.ok('customers.create', { name: '宁波海天机械有限公司', phone: '0574-86661234', contacts: [] })
    const dup = await zhang.client.call('customers.create', { name: '宁波海天机械', contacts: [{ name: '周工', mobile: '13900001111' }] })
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.duplicateCustomer', details: { matches: [{ customerId: theirs.id, reason: 'name', ownerName: '李四', canOpen: false }] } } })
    expect(await zhang.client.call('customers.create', { name: '宁波新客户', contacts: [{ name: '周工', phone: '+86 574 8666 1234' }] })).toMatchObject({ ok: false, error: { details: { matches: [{ reason: 'phone' }] } } })
    const kept = await zhang.client.ok('customers.create', { name: '宁波海天机械', contacts: [], confirmDuplicate: true })
    expect(await zhang.client.call('customers.update', { id: kept.id, name: '宁波海天机械', notes: '同名不同公司' })).toMatchObject({ ok: true })
    const other = await zhang.client.ok('customers.create', { name: '温州正泰电器', contacts: [] })
    expect(await zhang.client.call('customers.update', { id: other.id, name: '宁波海天机械股份有限公司' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await zhang.client.call('customers.update', { id: other.id, name: '宁波海天机械股份有限公司', confirmDuplicate: true })).toMatchObject({ ok: true })
  })

  it('uses indexes only (no scan of customers)', async () => {
    t = createTestApp()
    await team(t)
    const sqlite = t.app.database.sqlite
    const seen: { text: string; params: unknown[] }[] = []
    // Records every statement findDuplicates runs, with its parameters, to explain it afterwards.
    const recording = new Proxy(sqlite, {
      get(target, prop) {
        if (prop !== 'prepare') return Reflect.get(target, prop)
        return (text: string) => {
          const st = target.prepare(text)
          return { all: (...params: unknown[]) => { seen.push({ text, params }); return st.all(...params) } }
        }
      },
    }) as Sqlite
    findDuplicates(recording, { name: '杭州恒达科技有限公司', phones: ['0571-88886666'], creditCode: CODE })
    findDuplicates(recording, { name: '长沙恒达精密机械制造股份有限公司' })
    expect(seen.length).toBeGreaterThan(5)
    for (const s of seen) {
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.params) as { detail: string }[]).map((r) => r.detail).join('\n')
      expect(plan, s.text).not.toMatch(/^SCAN (c|customers)$/m)
    }
  })
})

describe('merge', () => {
  it('moves contacts, follow-ups and reminders, fills empty fields, keeps history, audits, and loses nothing', async () => {
    t = createTestApp()
    const { admin, zhang, li } = await team(t)
    await admin.ok('customers.saveField', { key: 'scale', label: '规模', type: 'option', options: ['大', '中', '小'] })
    await admin.ok('customers.saveField', { key: 'employees', label: '人数', type: 'number' })
    const survivor = await zhang.client.ok('customers.create', {
      name: '苏州德胜电子有限公司', address: '苏州工业园区1号', notes: '老客户', tags: ['VIP'], custom: { scale: '大' },
      contacts: [{ name: '吴经理', mobile: '13700000001', isPrimary: true }],
    })
    const merged = await li.client.ok('customers.create', {
      name: '德胜电子（苏州）', phone: '0512-66660000', address: '苏州市另一个地址', website: 'https://desheng.example', notes: '展会认识', tags: ['展会', 'VIP'],
      custom: { scale: '中', employees: 300 }, contacts: [{ name: '郑总', mobile: '13700000002', isPrimary: true }, { name: '冯会计', phone: '0512-66660001' }], confirmDuplicate: true,
    })
    const f = await li.client.ok('followups.add', { customerId: merged.id, type: 'call', content: '电话沟通报价', nextStep: '发合同', nextAt: t.clock.now() + 86_400_000 })
    const db = t.app.database.db
    const auditBefore = db.select().from(auditLog).all().length

    // A salesperson cannot merge (no customers.delete / customers.assign), nor across scopes.
    expect(await zhang.client.call('customers.merge', { survivorId: survivor.id, mergedIds: [merged.id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await admin.call('customers.merge', { survivorId: survivor.id, mergedIds: [survivor.id] })).toMatchObject({ ok: false, error: { messageKey: 'errors.mergeIntoItself' } })
    const result = await admin.ok('customers.merge', { survivorId: survivor.id, mergedIds: [merged.id] })

    expect(result).toMatchObject({
      id: survivor.id, ownerId: zhang.id, name: '苏州德胜电子有限公司',
      phone: '0512-66660000', address: '苏州工业园区1号', website: 'https://desheng.example', notes: '老客户\n\n展会认识',
      custom: { scale: '大', employees: 300 },
    })
    expect(result.tags.sort()).toEqual(['VIP', '展会'].sort())
    expect(result.contacts.filter((c) => c.isPrimary).map((c) => c.name)).toEqual(['吴经理'])
    expect(result.contacts.map((c) => c.name).sort()).toEqual(['冯会计', '吴经理', '郑总'].sort())
    // The merged record is soft-deleted, not gone; its contacts, follow-up and reminder moved to the survivor and its owner.
    expect(db.select().from(customers).where(eq(customers.id, merged.id)).get()).toMatchObject({ name: '德胜电子（苏州）', address: '苏州市另一个地址', deletedAt: expect.any(Number) })
    expect(db.select().from(contacts).where(and(eq(contacts.customerId, merged.id), isNull(contacts.deletedAt))).all()).toEqual([])
    expect(db.select().from(followups).where(eq(followups.id, f.id)).get()).toMatchObject({ customerId: survivor.id, ownerId: zhang.id })
    const rem = db.select().from(reminders).where(eq(reminders.customerId, survivor.id)).all()
    expect(rem.length).toBeGreaterThan(0)
    expect(db.select().from(reminders).where(eq(reminders.customerId, merged.id)).all()).toEqual([])
    // Audited and queued for sync, with a merge activity the timeline follows.
    const audit = db.select().from(auditLog).all().slice(auditBefore)
    expect(audit.map((a) => `${a.tableName}:${a.action}`)).toEqual(expect.arrayContaining(['contacts:update', 'followups:update', 'customers:delete', 'customers:update', 'activities:insert']))
    expect(db.select().from(outbox).where(eq(outbox.recordId, merged.id)).all().at(-1)).toMatchObject({ op: 'delete', status: 'pending' })
    expect(db.select().from(activities).where(and(eq(activities.kind, 'merge'), eq(activities.customerId, survivor.id))).get())
      .toMatchObject({ recordId: merged.id, summaryKey: 'timeline.customer.merged', params: { mergedName: '德胜电子（苏州）', differing: 'address' } })
    const timeline = await zhang.client.ok('timeline.customer', { customerId: survivor.id })
    expect(timeline.items.some((e) => e.recordId === f.id || e.summaryKey.startsWith('timeline.followup'))).toBe(true)
    // Search finds the survivor by the moved contacts; the merged one is gone from the list.
    expect((await zhang.client.ok('customers.list', { filters: { search: '郑总' } })).items.map((c) => c.id)).toEqual([survivor.id])
    expect((await admin.ok('customers.list', {})).items.map((c) => c.id)).not.toContain(merged.id)
  })
})
