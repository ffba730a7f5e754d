import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import { useSharedDatabase } from '../../../testing/shared-db'
import { syncAll } from '../../../testing/sync'
import type { Access } from '../access'
import { roles } from '../auth.table'

/**
 * Actors and scope sets are cached per user (auth/access.ts) until users, roles or departments
 * change: every such change must apply from the very next call, whoever writes it.
 */
let t: TestApp | null = null
afterEach(() => { t?.close(); t = null })

async function salesRole(admin: TestClient) {
  const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
  return (patch: { permissions?: typeof role.permissions; scopes?: Partial<typeof role.scopes> }) =>
    admin.ok('admin.saveRole', { id: role.id, name: role.name, permissions: patch.permissions ?? role.permissions, scopes: { ...role.scopes, ...patch.scopes } })
}

describe('cached actors follow changes on the next call', () => {
  it('role permissions, data scope and department moves apply at once', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const zhang = await userWithRole(t, admin, 'zhang', 'salesperson')
    const li = await userWithRole(t, admin, 'li', 'salesperson')
    const theirs = insertCustomer(t, { name: '李四的客户', ownerId: li.id })
    const mine = insertCustomer(t, { name: '张三的客户', ownerId: zhang.id })
    const save = await salesRole(admin)

    // Warm the cache: own scope, li's customer refused.
    expect((await zhang.client.ok('customers.get', { id: mine })).name).toBe('张三的客户')
    expect(await zhang.client.call('customers.get', { id: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await zhang.client.ok('customers.list', {})).items.map((c) => c.id)).toEqual([mine])

    // Department scope: zhang and li in departments of their own, then li moves in.
    const depts = await admin.ok('admin.listDepartments', {})
    const root = depts[0]!
    const east = await admin.ok('admin.saveDepartment', { name: '华东', parentId: root.id })
    const west = await admin.ok('admin.saveDepartment', { name: '华西', parentId: root.id })
    const users = await admin.ok('admin.listUsers', {})
    const move = async (id: string, departmentId: string) => {
      const u = users.find((x) => x.id === id)!
      await admin.ok('admin.updateUser', { id, displayName: u.displayName, roleId: u.roleId, departmentId, managerId: null })
    }
    await move(zhang.id, east.id)
    await move(li.id, west.id)
    await save({ scopes: { customers: 'dept' } })
    expect(await zhang.client.call('customers.get', { id: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await move(li.id, east.id)
    expect((await zhang.client.ok('customers.get', { id: theirs })).name).toBe('李四的客户')
    expect((await zhang.client.ok('customers.list', {})).items.map((c) => c.id).sort()).toEqual([mine, theirs].sort())
    // A sub-department joins the scope when the department tree changes.
    await save({ scopes: { customers: 'dept_sub' } })
    await move(li.id, west.id)
    expect(await zhang.client.call('customers.page', { id: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await admin.ok('admin.saveDepartment', { id: west.id, name: '华西', parentId: east.id })
    expect((await zhang.client.ok('customers.page', { id: theirs })).customer.name).toBe('李四的客户')

    // Permission removed: refused on the next call.
    const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
    await save({ permissions: role.permissions.filter((p) => p !== 'customers.view') })
    expect(await zhang.client.call('customers.get', { id: mine })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.client.call('customers.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('nothing read inside a transaction that rolls back stays cached', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const zhang = await userWithRole(t, admin, 'zhang', 'salesperson')
    const access = t.app.services.access as Access
    const before = access.actor(zhang.id)
    expect(before.permissions.has('customers.view')).toBe(true)
    let inside: boolean | null = null
    expect(() => t!.app.mutation({ userId: null }, (w) => {
      w.update(roles, before.roleId, { permissions: [] })
      inside = access.actor(zhang.id).permissions.has('customers.view')
      throw new Error('roll back')
    })).toThrow('roll back')
    expect(inside).toBe(false)
    expect(access.actor(zhang.id).permissions.has('customers.view')).toBe(true)
    expect(access.actor(zhang.id)).toBe(access.actor(zhang.id))
  })
})

describe('a role change arriving by sync', () => {
  const shared = useSharedDatabase()

  it('applies on the other device from the next call after the projector wrote it', async () => {
    const a = await shared.device('alice')
    const admin = await setupCompany(a.t)
    await userWithRole(a.t, admin, 'zhang', 'salesperson')
    const li = await userWithRole(a.t, admin, 'li', 'salesperson')
    const theirs = insertCustomer(a.t, { name: '李四的客户', ownerId: li.id })
    await syncAll([a], 1)

    const b = await shared.device('bob')
    await syncAll([b], 1)
    const zhangB = b.t.connect('zhang-b')
    await zhangB.ok('auth.login', { username: 'zhang', password: 'user-pass-1' })
    expect(await zhangB.call('customers.get', { id: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // On A the administrator widens the salesperson's scope; B's projector writes the role.
    const save = await salesRole(admin)
    await save({ scopes: { customers: 'all' } })
    await syncAll([a, b], 2)
    expect((await zhangB.ok('customers.get', { id: theirs })).name).toBe('李四的客户')
    expect((await zhangB.ok('customers.page', { id: theirs })).customer.id).toBe(theirs)

    // And takes the right away again.
    const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
    await save({ permissions: role.permissions.filter((p) => p !== 'customers.view'), scopes: { customers: 'all' } })
    await syncAll([a, b], 2)
    expect(await zhangB.call('customers.get', { id: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
