import { afterEach, describe, expect, it } from 'vitest'
import { customers as customersContract } from '../../../../src-preload/contracts/customers'
import type { MethodName } from '../../../../src-preload/contracts'
import { createTestApp, type TestApp, type TestClient } from '../../../testing'
import { customers as customersTable } from '../customers.table'
import { team } from './customers.fixture'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** Row counts and newest rowids of the customer tables: any write changes this. */
function fingerprint(t: TestApp): string {
  return ['customers', 'contacts', 'customer_keys', 'audit_log', 'outbox'].map((n) =>
    t.app.database.sqlite.prepare(`SELECT count(*) || '/' || coalesce(max(rowid), 0) FROM ${n}`).pluck().get()).join(',')
}

async function seed(t: TestApp) {
  const tm = await team(t)
  const mine = await tm.zhang.client.ok('customers.create', { name: '张三的客户有限公司', phone: '0571-87650001', contacts: [{ name: '钱经理', mobile: '13900000001' }] })
  const theirs = await tm.li.client.ok('customers.create', { name: '李四的秘密客户有限公司', phone: '0571-87650002', contacts: [{ name: '孙总', mobile: '13900000002' }] })
  return { ...tm, mine, theirs }
}

describe('data scope (X-2) is enforced in main for every customers method', () => {
  it('a salesperson cannot read, list, count, change, remove, merge or touch contacts of another salesperson\'s customer', async () => {
    t = createTestApp()
    const { zhang, mine, theirs } = await seed(t)
    const other = theirs.id
    const contactId = theirs.contacts[0]!.id
    // Every core method, with an input aimed at the other salesperson's customer.
    const attempts: Record<keyof typeof customersContract, unknown> = {
      list: { filters: { search: '秘密' } },
      count: { filters: { search: '秘密' } },
      stats: { filters: {} },
      get: { id: other },
      page: { id: other },
      create: { name: '新客户', ownerId: theirs.ownerId, contacts: [] },
      update: { id: other, name: '改名' },
      remove: { id: other },
      checkDuplicates: { name: '李四的秘密客户' },
      merge: { survivorId: mine.id, mergedIds: [other] },
      saveContact: { customerId: other, name: '新联系人' },
      removeContact: { id: contactId },
      listLevels: {}, saveLevel: { code: 'X', name: 'x', sort: 1, poolDays: null },
      listFields: {}, saveField: { key: 'x', label: 'x', type: 'text' }, removeField: { id: contactId },
      listViews: {}, saveView: { id: contactId, name: 'v', query: {} }, removeView: { id: contactId },
    }
    const before = fingerprint(t)
    const results: Record<string, unknown> = {}
    for (const [action, input] of Object.entries(attempts)) results[action] = await zhang.client.raw(`customers.${action}` as MethodName, input)
    const refused = (r: unknown) => expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/) } })
    for (const a of ['get', 'page', 'create', 'update', 'remove', 'merge', 'saveContact', 'removeContact', 'saveLevel', 'saveField', 'removeField', 'saveView', 'removeView']) refused(results[a])
    // Reads succeed but never include the other customer.
    expect(results.list).toEqual({ ok: true, value: { items: [], nextCursor: null } })
    expect(results.count).toEqual({ ok: true, value: { total: 0 } })
    expect(results.stats).toMatchObject({ ok: true, value: { total: 1 } })
    // 查重 warns across owners but shows only who owns it, and that it cannot be opened.
    expect(results.checkDuplicates).toMatchObject({ ok: true, value: [{ customerId: other, ownerName: '李四', canOpen: false, inPool: false }] })
    expect(JSON.stringify(results.checkDuplicates)).not.toContain('13900000002')
    expect(fingerprint(t)).toBe(before)
    // The updated contact of another's customer cannot be edited by naming one's own customer either.
    expect(await zhang.client.call('customers.saveContact', { customerId: mine.id, id: contactId, name: '偷换' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await zhang.client.call('customers.merge', { survivorId: other, mergedIds: [mine.id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // The owner filter cannot widen the scope.
    expect((await zhang.client.ok('customers.list', { filters: { ownerId: [theirs.ownerId!] } })).items).toEqual([])
    expect((await zhang.client.ok('customers.list', {})).items.map((c) => c.id)).toEqual([mine.id])
  })

  it('a manager with 本人及下属 sees and edits subordinates\' customers but not others\'', async () => {
    t = createTestApp()
    const { manager, zhang, mine, theirs } = await seed(t)
    const own = await manager.client.ok('customers.create', { name: '王经理自己的客户', contacts: [] })
    const list = await manager.client.ok('customers.list', {})
    expect(list.items.map((c) => c.id).sort()).toEqual([mine.id, own.id].sort())
    expect((await manager.client.ok('customers.count', {})).total).toBe(2)
    expect((await manager.client.ok('customers.list', { filters: { scope: 'mine' } })).items.map((c) => c.id)).toEqual([own.id])
    expect((await manager.client.ok('customers.get', { id: mine.id })).canEdit).toBe(true)
    expect(await manager.client.call('customers.update', { id: mine.id, name: mine.name, notes: '经理补充' })).toMatchObject({ ok: true })
    expect(await manager.client.call('customers.get', { id: theirs.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // A salesperson does not see the manager's customers.
    expect((await zhang.client.ok('customers.list', {})).items.map((c) => c.id)).toEqual([mine.id])
  })

  it('new customers belong to the creator; another owner needs customers.assign and must be in scope', async () => {
    t = createTestApp()
    const { admin, manager, zhang, li } = await seed(t)
    const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
    const plain = await admin.ok('admin.createUser', { username: 'zhao', password: 'user-pass-1', displayName: '赵六', roleId: role.id })
    const zhao: TestClient = t.connect('conn-zhao')
    await zhao.ok('auth.login', { username: 'zhao', password: 'user-pass-1' })
    expect((await zhao.ok('customers.create', { name: '赵六的客户', contacts: [] })).ownerId).toBe(plain.id)
    expect(await zhao.call('customers.create', { name: '替别人建', ownerId: zhang.id, contacts: [] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'customers.assign' } } })
    expect((await manager.client.ok('customers.create', { name: '给下属建的客户', ownerId: zhang.id, contacts: [] })).ownerId).toBe(zhang.id)
    expect(await manager.client.call('customers.create', { name: '给别组建的客户', ownerId: li.id, contacts: [] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('pool customers are not in the list; an all-scope reader sees them without contact details', async () => {
    t = createTestApp()
    const { admin, adminId, zhang, mine } = await seed(t)
    t.app.mutation({ userId: adminId }, (w) => w.update(customersTable, mine.id, { ownerId: null }))
    expect((await admin.ok('customers.list', {})).items.map((c) => c.id)).not.toContain(mine.id)
    const seen = await admin.ok('customers.get', { id: mine.id })
    expect(seen).toMatchObject({ contactsVisible: false, contacts: [], phone: null, canEdit: false, ownerId: null })
    expect(await zhang.client.call('customers.get', { id: mine.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await admin.call('customers.update', { id: mine.id, name: mine.name, notes: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
