import { contacts } from '../../customers/customers.table'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'

export const DAY = 86_400_000

export interface World {
  t: TestApp
  admin: TestClient
  /** Two salespeople reporting to one manager. */
  zhang: { client: TestClient; id: string }
  li: { client: TestClient; id: string }
  manager: { client: TestClient; id: string }
  zhangCustomer: string
  liCustomer: string
  zhangContact: string
  events: { name: string; payload: unknown; target: unknown }[]
}

export async function world(opts: { t?: TestApp } = {}): Promise<World> {
  const t = opts.t ?? createTestApp()
  const events: World['events'] = []
  t.app.bus.subscribe((name, payload, target) => { events.push({ name, payload, target }) })
  const admin = await setupCompany(t)
  const manager = await userWithRole(t, admin, 'wang', 'sales_manager')
  const zhang = await userWithRole(t, admin, 'zhang', 'salesperson', { managerId: manager.id })
  const li = await userWithRole(t, admin, 'li', 'salesperson', { managerId: manager.id })
  const zhangCustomer = insertCustomer(t, { name: '北京莱邦科技有限公司', ownerId: zhang.id })
  const liCustomer = insertCustomer(t, { name: '上海东方贸易有限公司', ownerId: li.id })
  const zhangContact = t.app.mutation({ userId: zhang.id }, (w) => w.insert(contacts, { customerId: zhangCustomer, name: '王经理', isPrimary: true }).id)
  return { t, admin, zhang, li, manager, zhangCustomer, liCustomer, zhangContact, events }
}

export function reminderEvents(w: World) {
  return w.events.filter((e) => e.name === 'reminder.due') as { name: string; payload: { id: string; title: string; body?: string; dueAt: number; late: boolean }; target: { kind: string; userId: string } }[]
}
