import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, userWithRole, type TestApp } from '../../../testing'
import { visibleOwners } from '../../auth/scope'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

describe('action permissions are checked in main', () => {
  it('a salesperson cannot use any administration method, an administrator can', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { client: sales, id } = await userWithRole(t, admin, 'lisi', 'salesperson')
    const roleId = (await admin.ok('admin.listRoles', {}))[0]!.id
    const attempts = [
      sales.call('admin.listUsers', {}),
      sales.call('admin.createUser', { username: 'hacker', password: 'password-1', displayName: 'H', roleId }),
      sales.call('admin.setUserDisabled', { id, disabled: false }),
      sales.call('admin.resetPassword', { id, newPassword: 'password-2' }),
      sales.call('admin.saveRole', { name: 'x', permissions: ['system.users'], scopes: { customers: 'all', sales: 'all', service: 'all', finance: 'all', office: 'all' } }),
      sales.call('admin.saveDepartment', { name: 'x', parentId: null, sort: 0 }),
      sales.call('admin.saveOffice', { name: 'x' }),
    ]
    for (const r of await Promise.all(attempts)) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', messageKey: 'errors.forbidden' } })
    expect(await admin.call('admin.listUsers', {})).toMatchObject({ ok: true })
  })

  it('a permission the administrator grants or removes applies on the next call', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { client: sales } = await userWithRole(t, admin, 'lisi', 'salesperson')
    const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!
    await admin.ok('admin.saveRole', { id: role.id, name: role.name, permissions: [...role.permissions, 'system.users'], scopes: role.scopes })
    expect(await sales.call('admin.listUsers', {})).toMatchObject({ ok: true })
    expect((await sales.ok('auth.session', {}))!.permissions).toContain('system.users')
    await admin.ok('admin.resetRoleDefaults', { id: role.id })
    expect(await sales.call('admin.listUsers', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('keeps the administrator role complete and at least one active administrator', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const roles = await admin.ok('admin.listRoles', {})
    const adminRole = roles.find((r) => r.code === 'administrator')!
    expect(await admin.call('admin.saveRole', { id: adminRole.id, name: 'x', permissions: ['office.view'], scopes: adminRole.scopes })).toMatchObject({ ok: false, error: { messageKey: 'errors.builtinRole' } })
    const me = (await admin.ok('auth.session', {}))!.user
    expect(await admin.call('admin.setUserDisabled', { id: me.id, disabled: true })).toMatchObject({ ok: false, error: { messageKey: 'errors.cannotDisableSelf' } })
    const salesRole = roles.find((r) => r.code === 'salesperson')!
    expect(await admin.call('admin.updateUser', { id: me.id, displayName: me.displayName, roleId: salesRole.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.lastAdministrator' } })
    expect(await admin.call('admin.deleteRole', { id: salesRole.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.builtinRole' } })
  })

  it('custom roles can be created and deleted only when unused', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const scopes = { customers: 'dept', sales: 'dept', service: 'own', finance: 'own', office: 'own' } as const
    const role = await admin.ok('admin.saveRole', { name: '区域经理', permissions: ['office.view', 'customers.view'], scopes })
    expect(role).toMatchObject({ builtin: false, code: null, name: '区域经理', scopes })
    await admin.ok('admin.createUser', { username: 'zhao', password: 'password-1', displayName: '赵', roleId: role.id })
    expect(await admin.call('admin.deleteRole', { id: role.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.roleInUse' } })
  })
})

describe('users and organisation', () => {
  it('creates users with unique usernames, resets passwords and unlocks', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const roles = await admin.ok('admin.listRoles', {})
    const roleId = roles.find((r) => r.code === 'salesperson')!.id
    const u = await admin.ok('admin.createUser', { username: 'WangWu', password: 'password-1', displayName: '王五', roleId, phone: '13900000000' })
    expect(u).toMatchObject({ username: 'wangwu', displayName: '王五', roleCode: 'salesperson', disabled: false, locked: false })
    expect(await admin.call('admin.createUser', { username: 'wangwu', password: 'password-1', displayName: 'x', roleId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.usernameTaken' } })
    for (let i = 0; i < 5; i++) await t.connect().call('auth.login', { username: 'wangwu', password: 'bad-password' })
    expect((await admin.ok('admin.listUsers', { search: '王' })).find((x) => x.id === u.id)?.locked).toBe(true)
    await admin.ok('admin.resetPassword', { id: u.id, newPassword: 'password-9' })
    expect(await t.connect().call('auth.login', { username: 'wangwu', password: 'password-9' })).toMatchObject({ ok: true })
  })

  it('stores a name containing SQL verbatim and harmlessly', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const roleId = (await admin.ok('admin.listRoles', {}))[0]!.id
    const evil = "Robert'); DROP TABLE users;--"
    const u = await admin.ok('admin.createUser', { username: 'bobby', password: 'password-1', displayName: evil, roleId })
    expect(u.displayName).toBe(evil)
    expect((await admin.ok('admin.listUsers', { search: "'); DROP" })).map((x) => x.username)).toEqual(['bobby'])
    expect((await admin.ok('admin.listUsers', { search: '%' })).length).toBe(0)
  })

  it('departments form a tree without cycles and cannot be deleted while in use', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const root = (await admin.ok('admin.listDepartments', {}))[0]!
    const sales = await admin.ok('admin.saveDepartment', { name: '销售部', parentId: root.id, sort: 1 })
    const east = await admin.ok('admin.saveDepartment', { name: '华东区', parentId: sales.id, sort: 1 })
    expect(await admin.call('admin.saveDepartment', { id: sales.id, name: '销售部', parentId: east.id, sort: 1 })).toMatchObject({ ok: false, error: { messageKey: 'errors.departmentCycle' } })
    expect(await admin.call('admin.deleteDepartment', { id: sales.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.departmentInUse' } })
    expect(await admin.call('admin.deleteDepartment', { id: east.id })).toMatchObject({ ok: true })
    const office = await admin.ok('admin.saveOffice', { name: '上海办事处', region: '上海', departmentId: sales.id })
    expect(office).toMatchObject({ name: '上海办事处', userCount: 0 })
  })

  it('reporting lines cannot form a cycle', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const roleId = (await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!.id
    const a = await admin.ok('admin.createUser', { username: 'a1', password: 'password-1', displayName: 'A', roleId })
    const b = await admin.ok('admin.createUser', { username: 'b1', password: 'password-1', displayName: 'B', roleId, managerId: a.id })
    expect(b.managerName).toBe('A')
    expect(await admin.call('admin.updateUser', { id: a.id, displayName: 'A', roleId, managerId: b.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.managerCycle' } })
  })
})

describe('data scope: the five levels', () => {
  // 总部 ─ 销售部 ─ 华东区 ; 销售部 ─ 华南区
  const graph = {
    departments: [
      { id: 'hq', parentId: null }, { id: 'sales', parentId: 'hq' }, { id: 'east', parentId: 'sales' }, { id: 'south', parentId: 'sales' },
    ],
    users: [
      { id: 'boss', managerId: null, departmentId: 'hq' },
      { id: 'mgr', managerId: 'boss', departmentId: 'sales' },
      { id: 'e1', managerId: 'mgr', departmentId: 'east' },
      { id: 'e2', managerId: 'e1', departmentId: 'east' },
      { id: 's1', managerId: 'mgr', departmentId: 'south' },
      { id: 'peer', managerId: 'boss', departmentId: 'sales' },
    ],
  }
  const sorted = (s: Set<string> | 'all') => (s === 'all' ? s : [...s].sort())

  it('本人 own', () => expect(sorted(visibleOwners(graph, 'mgr', 'own'))).toEqual(['mgr']))
  it('本人及下属 own and subordinates, transitively', () => expect(sorted(visibleOwners(graph, 'mgr', 'own_sub'))).toEqual(['e1', 'e2', 'mgr', 's1']))
  it('本部门 own department', () => expect(sorted(visibleOwners(graph, 'mgr', 'dept'))).toEqual(['mgr', 'peer']))
  it('本部门及下属部门 department and sub-departments', () => expect(sorted(visibleOwners(graph, 'mgr', 'dept_sub'))).toEqual(['e1', 'e2', 'mgr', 'peer', 's1']))
  it('全部 all', () => expect(visibleOwners(graph, 'e2', 'all')).toBe('all'))
  it('tolerates a reporting cycle', () => {
    const cyc = { departments: [], users: [{ id: 'x', managerId: 'y', departmentId: null }, { id: 'y', managerId: 'x', departmentId: null }] }
    expect(sorted(visibleOwners(cyc, 'x', 'own_sub'))).toEqual(['x', 'y'])
  })

  it('listStaff gives each user the colleagues inside their customer scope, without admin rights', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const mgr = await userWithRole(t, admin, 'mgr', 'sales_manager')
    const rep = await userWithRole(t, admin, 'rep', 'salesperson', { managerId: mgr.id })
    await userWithRole(t, admin, 'other', 'salesperson')
    expect((await mgr.client.ok('admin.listStaff', {})).map((s) => s.displayName).sort()).toEqual(['mgr', 'rep'])
    expect((await rep.client.ok('admin.listStaff', {})).map((s) => s.displayName)).toEqual(['rep'])
    expect((await admin.ok('admin.listStaff', {})).length).toBe(4)
    expect(await mgr.client.call('admin.listUsers', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('the audit view follows the scope: a salesperson sees only own activity', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { client } = await userWithRole(t, admin, 'sun', 'salesperson')
    await client.ok('auth.updateProfile', { displayName: '孙' })
    const mine = await client.ok('system.auditLog', { limit: 100 })
    expect(mine.length).toBe(1)
    expect(mine.every((e) => e.userName === '孙')).toBe(true)
    expect((await admin.ok('system.auditLog', { limit: 100 })).length).toBeGreaterThan(mine.length)
  })
})
