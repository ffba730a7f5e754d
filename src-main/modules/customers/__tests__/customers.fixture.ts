import type { Permission } from '../../../../src-preload/contracts/permissions'
import { setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'

export interface Team {
  admin: TestClient; adminId: string
  manager: { client: TestClient; id: string }
  /** Reports to the manager. */
  zhang: { client: TestClient; id: string }
  /** Reports to nobody: outside the manager's 本人及下属 scope. */
  li: { client: TestClient; id: string }
}

/** Every customers permission, so a refusal in the tests can only come from the data scope. */
const ALL_CUSTOMER_PERMISSIONS: Permission[] = ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export']

/**
 * A company with a sales manager, a salesperson reporting to them and one who does not. The
 * salespeople get a custom role with every customers permission but 本人 (own) scope.
 */
export async function team(t: TestApp): Promise<Team> {
  const admin = await setupCompany(t)
  const adminId = (await admin.ok('auth.session', {}))!.user.id
  const role = await admin.ok('admin.saveRole', { name: '销售(全权限)', permissions: ALL_CUSTOMER_PERMISSIONS, scopes: { customers: 'own', sales: 'own', service: 'own', finance: 'own', office: 'own' } })
  const manager = await userWithRole(t, admin, 'wang', 'sales_manager')
  const mk = async (username: string, managerId: string | null) => {
    const user = await admin.ok('admin.createUser', { username, password: 'user-pass-1', displayName: username === 'zhang' ? '张三' : '李四', roleId: role.id, managerId })
    const client = t.connect(`conn-${username}`)
    await client.ok('auth.login', { username, password: 'user-pass-1' })
    return { client, id: user.id }
  }
  return { admin, adminId, manager, zhang: await mk('zhang', manager.id), li: await mk('li', null) }
}
