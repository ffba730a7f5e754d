import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, userWithRole, type TestApp } from '../../../testing'
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../auth.service'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

describe('first-run setup and login', () => {
  it('setup creates the company, the eight built-in roles, a root department and the administrator, once', async () => {
    t = createTestApp()
    const c = t.connect()
    expect(await c.ok('auth.setupStatus', {})).toEqual({ needsSetup: true, companyName: null })
    expect(await c.call('auth.login', { username: 'admin', password: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_SET_UP' } })
    const session = await c.ok('auth.setup', { companyName: '莱邦科技', adminUsername: 'Admin', adminDisplayName: '王管理', password: 'admin-pass-1' })
    expect(session.user).toMatchObject({ username: 'admin', displayName: '王管理', roleCode: 'administrator', departmentName: '莱邦科技' })
    expect(session.permissions).toContain('system.users')
    expect(await c.ok('auth.setupStatus', {})).toEqual({ needsSetup: false, companyName: '莱邦科技' })
    const roles = await c.ok('admin.listRoles', {})
    expect(roles.map((r) => r.code).sort()).toEqual(['administrator', 'finance_clerk', 'general_manager', 'marketing_director', 'sales_manager', 'salesperson', 'service_agent', 'warehouse_clerk'])
    expect(await t.connect().call('auth.setup', { companyName: 'X', adminUsername: 'evil', adminDisplayName: 'E', password: 'password-2' })).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } })
  })

  it('verifies the password locally, refuses a wrong one and locks the account after repeated failures', async () => {
    t = createTestApp()
    await setupCompany(t, 'right-password')
    const c = t.connect()
    const wrong = await c.call('auth.login', { username: 'admin', password: 'wrong-password' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', messageKey: 'errors.invalidCredentials', details: { remaining: MAX_FAILED_LOGINS - 1 } } })
    expect(await c.call('auth.login', { username: 'nobody', password: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } })
    for (let i = 1; i < MAX_FAILED_LOGINS - 1; i++) await c.call('auth.login', { username: 'admin', password: 'wrong-password' })
    expect(await c.call('auth.login', { username: 'admin', password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', details: { minutes: 15 } } })
    // Even the right password is refused while locked.
    expect(await c.call('auth.login', { username: 'admin', password: 'right-password' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } })
    t.clock.advance(LOCKOUT_MS + 1)
    expect(await c.call('auth.login', { username: 'ADMIN', password: 'right-password' })).toMatchObject({ ok: true })
    expect(await c.ok('auth.session', {})).not.toBeNull()
  })

  it('logout ends the session of that connection only', async () => {
    t = createTestApp()
    const a = await setupCompany(t)
    const b = t.connect()
    await b.ok('auth.login', { username: 'admin', password: 'admin-pass-1' })
    await a.ok('auth.logout', {})
    expect(await a.ok('auth.session', {})).toBeNull()
    expect(await a.call('system.dashboard', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await b.ok('auth.session', {})).not.toBeNull()
  })

  it('a disabled user cannot log in and loses open sessions', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const sales = await userWithRole(t, admin, 'zhangsan', 'salesperson')
    await admin.ok('admin.setUserDisabled', { id: sales.id, disabled: true })
    expect(await sales.client.ok('auth.session', {})).toBeNull()
    expect(await t.connect().call('auth.login', { username: 'zhangsan', password: 'user-pass-1' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } })
  })
})

describe('profile and password (OF-5, OF-6)', () => {
  it('updates the own profile, recorded in the audit log', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const s = await admin.ok('auth.updateProfile', { displayName: '王经理', email: 'wang@laibang.cn', phone: '13800138000', title: '总经理' })
    expect(s.user).toMatchObject({ displayName: '王经理', email: 'wang@laibang.cn', phone: '13800138000', title: '总经理' })
    const audit = await admin.ok('system.auditLog', { recordId: s.user.id, limit: 10 })
    expect(audit[0]).toMatchObject({ action: 'update', tableName: 'users' })
    expect(audit[0]!.changes.displayName).toEqual({ before: '管理员', after: '王经理' })
  })

  it('changes the password only with the current one; old password stops working; hash never in the audit log', async () => {
    t = createTestApp()
    const admin = await setupCompany(t, 'old-password-1')
    expect(await admin.call('auth.changePassword', { currentPassword: 'not-it', newPassword: 'new-password-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', messageKey: 'errors.wrongPassword' } })
    expect(await admin.call('auth.changePassword', { currentPassword: 'old-password-1', newPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    await admin.ok('auth.changePassword', { currentPassword: 'old-password-1', newPassword: 'new-password-1' })
    expect(await t.connect().call('auth.login', { username: 'admin', password: 'old-password-1' })).toMatchObject({ ok: false })
    expect(await t.connect().call('auth.login', { username: 'admin', password: 'new-password-1' })).toMatchObject({ ok: true })
    const rows = t.app.database.sqlite.prepare(`SELECT changes FROM audit_log WHERE table_name = 'user_credentials'`).pluck().all() as string[]
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r).not.toMatch(/scrypt\$/)
    const hash = t.app.database.sqlite.prepare(`SELECT password_hash FROM user_credentials`).pluck().get() as string
    expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$/)
  })
})
