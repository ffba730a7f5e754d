import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, type TestApp } from '../../../testing'
import { derivedId } from '../customer-settings.service'
import { team } from './customers.fixture'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

describe('levels (客户级别)', () => {
  it('seeds A/B/C/D once with ids every device derives alike, and lets an administrator edit them', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const levels = await admin.ok('customers.listLevels', {})
    expect(levels.map((l) => [l.code, l.name, l.poolDays])).toEqual([['A', '重点', 60], ['B', '普通', 30], ['C', '非优先', 30], ['D', '待开发', 15]])
    expect(levels[0]!.id).toBe(derivedId('customer_level:A'))
    expect(await admin.ok('customers.listLevels', {})).toEqual(levels)
    const b = levels[1]!
    expect(await admin.ok('customers.saveLevel', { id: b.id, code: 'B', name: '一般', sort: 20, poolDays: 45 })).toMatchObject({ id: b.id, name: '一般', poolDays: 45 })
    expect(await admin.ok('customers.saveLevel', { code: 'E', name: '沉睡', sort: 50, poolDays: null })).toMatchObject({ id: derivedId('customer_level:E'), poolDays: null })
    expect(await admin.call('customers.saveLevel', { code: 'A', name: '重复', sort: 1, poolDays: 1 })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.levelCodeTaken' } })
    await admin.ok('customers.create', { name: '甲级客户', level: 'A', contacts: [] })
    expect(await admin.call('customers.saveLevel', { id: levels[0]!.id, code: 'AA', name: '重点', sort: 10, poolDays: 60 })).toMatchObject({ ok: false, error: { messageKey: 'errors.levelInUse', details: { code: 'A', count: 1 } } })
    expect(await admin.call('customers.create', { name: '乙级客户', level: 'Z', contacts: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.unknownLevel' } })
  })

  it('needs system.settings to change levels and fields', async () => {
    t = createTestApp()
    const { zhang } = await team(t)
    expect(await zhang.client.call('customers.saveLevel', { code: 'X', name: 'x', sort: 1, poolDays: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'system.settings' } } })
    expect(await zhang.client.call('customers.saveField', { key: 'x', label: 'x', type: 'text' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.client.call('customers.listLevels', {})).toMatchObject({ ok: true })
  })
})

describe('custom fields', () => {
  it('validates values against the definitions (type, options), merges them, and refuses unknown keys', async () => {
    t = createTestApp()
    const { admin, zhang } = await team(t)
    await admin.ok('customers.saveField', { key: 'scale', label: '规模', type: 'option', options: ['大', '中', '小'], sort: 1 })
    const employees = await admin.ok('customers.saveField', { key: 'employees', label: '员工人数', type: 'number' })
    await admin.ok('customers.saveField', { key: 'founded', label: '成立日期', type: 'date' })
    const memo = await admin.ok('customers.saveField', { key: 'memo', label: '备忘', type: 'text' })
    expect((await zhang.client.ok('customers.listFields', {})).map((f) => f.key)).toEqual(['employees', 'founded', 'memo', 'scale'])

    const bad = async (custom: Record<string, string | number | null>, key: string, reason: string) =>
      expect(await zhang.client.call('customers.create', { name: `自定义${key}${reason}`, custom, contacts: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.customFieldInvalid', details: { key, reason } } })
    await bad({ scale: '特大' }, 'scale', 'option')
    await bad({ employees: 'many' }, 'employees', 'number')
    await bad({ founded: '2024-02-30' }, 'founded', 'date')
    await bad({ founded: '2024/01/01' }, 'founded', 'date')
    await bad({ color: 'red' }, 'color', 'unknown')

    const c = await zhang.client.ok('customers.create', { name: '自定义字段客户', custom: { scale: '中', employees: '120', founded: '2001-09-15', memo: ' 备注 ' }, contacts: [] })
    expect(c.custom).toEqual({ scale: '中', employees: 120, founded: '2001-09-15', memo: '备注' })
    const u = await zhang.client.ok('customers.update', { id: c.id, name: c.name, custom: { employees: 150, memo: null } })
    expect(u.custom).toEqual({ scale: '中', employees: 150, founded: '2001-09-15' })

    expect(await admin.call('customers.saveField', { id: employees.id, key: 'employees', label: '人数', type: 'text' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.fieldTypeLocked' } })
    expect(await admin.call('customers.saveField', { key: 'employees', label: '人数', type: 'number' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.fieldKeyTaken' } })
    expect(await admin.call('customers.saveField', { key: 'tier', label: '等级', type: 'option', options: [] })).toMatchObject({ ok: false, error: { messageKey: 'errors.fieldOptionsRequired' } })
    await admin.ok('customers.removeField', { id: memo.id })
    await bad({ memo: 'x' }, 'memo', 'unknown')
    // Re-adding a removed key restores the same definition (same id).
    expect(await admin.ok('customers.saveField', { key: 'memo', label: '备忘录', type: 'text' })).toMatchObject({ id: memo.id, label: '备忘录' })
  })

  it('rejects a credit code with a wrong check digit', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    expect(await admin.call('customers.create', { name: '校验码错误', creditCode: '91330106MA2B3C4D5A', contacts: [] })).toMatchObject({ ok: false, error: { messageKey: 'errors.invalidCreditCode' } })
  })
})

describe('contacts', () => {
  it('keeps exactly one primary contact as contacts are added and removed', async () => {
    t = createTestApp()
    const { zhang } = await team(t)
    const c = await zhang.client.ok('customers.create', { name: '联系人测试', contacts: [{ name: '甲' }, { name: '乙' }] })
    expect(c.contacts.map((p) => [p.name, p.isPrimary])).toEqual([['甲', true], ['乙', false]])
    const bing = await zhang.client.ok('customers.saveContact', { customerId: c.id, name: '丙', mobile: '13600000000', isPrimary: true })
    let d = await zhang.client.ok('customers.get', { id: c.id })
    expect(d.contacts.filter((p) => p.isPrimary).map((p) => p.name)).toEqual(['丙'])
    expect(d.primaryContact).toEqual({ name: '丙', mobile: '13600000000' })
    await zhang.client.ok('customers.removeContact', { id: bing.id })
    d = await zhang.client.ok('customers.get', { id: c.id })
    expect(d.contacts.filter((p) => p.isPrimary)).toHaveLength(1)
    expect((await zhang.client.ok('customers.list', { filters: { search: '13600000000'.slice(-4) } })).items).toEqual([])
  })
})

describe('saved views', () => {
  it('are personal', async () => {
    t = createTestApp()
    const { zhang, li } = await team(t)
    const v = await zhang.client.ok('customers.saveView', { name: 'A级潜在客户', query: { level: ['A'], status: ['potential'], sort: { field: 'name', dir: 'asc' } } })
    expect(await zhang.client.ok('customers.listViews', {})).toEqual([v])
    expect(await li.client.ok('customers.listViews', {})).toEqual([])
    expect(await li.client.call('customers.saveView', { id: v.id, name: '偷改', query: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await li.client.call('customers.removeView', { id: v.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await zhang.client.ok('customers.saveView', { id: v.id, name: '改名', query: {} })).toMatchObject({ id: v.id, name: '改名' })
    await zhang.client.ok('customers.removeView', { id: v.id })
    expect(await zhang.client.ok('customers.listViews', {})).toEqual([])
  })
})
