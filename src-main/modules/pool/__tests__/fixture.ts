import { eq } from 'drizzle-orm'
import { contacts, customerLevels, customers } from '../../customers/customers.table'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import type { PoolRules } from '../../../../src-preload/contracts/pool'

export const DAY = 86_400_000
export const HOUR = 3_600_000

export interface User { client: TestClient; id: string }

/**
 * A sales team: manager wang with salespeople zhang and li; salesperson zhao reports to nobody
 * in that team (outside wang's scope); kuai is a warehouse clerk (no customers.view).
 */
export interface World {
  t: TestApp
  admin: TestClient
  manager: User
  zhang: User
  li: User
  zhao: User
  kuai: User
}

export async function world(opts: { t?: TestApp } = {}): Promise<World> {
  const t = opts.t ?? createTestApp()
  const admin = await setupCompany(t)
  const manager = await userWithRole(t, admin, 'wang', 'sales_manager')
  const zhang = await userWithRole(t, admin, 'zhang', 'salesperson', { managerId: manager.id })
  const li = await userWithRole(t, admin, 'li', 'salesperson', { managerId: manager.id })
  const zhao = await userWithRole(t, admin, 'zhao', 'salesperson')
  const kuai = await userWithRole(t, admin, 'kuai', 'warehouse_clerk')
  return { t, admin, manager, zhang, li, zhao, kuai }
}

export function customer(t: TestApp, name: string, ownerId: string | null, extra: { level?: string; phone?: string; won?: boolean; locked?: boolean; category?: string } = {}): string {
  const id = insertCustomer(t, { name, ownerId, level: extra.level, phone: extra.phone })
  const patch = { ...(extra.won ? { won: true } : {}), ...(extra.locked ? { locked: true } : {}), ...(extra.category ? { category: extra.category } : {}) }
  if (Object.keys(patch).length) t.app.mutation({ userId: ownerId }, (w) => w.update(customers, id, patch))
  return id
}

export function contact(t: TestApp, customerId: string, name: string, byUserId: string, mobile?: string): string {
  return t.app.mutation({ userId: byUserId }, (w) => w.insert(contacts, { customerId, name, mobile: mobile ?? null, isPrimary: false }).id)
}

export function editCustomer(t: TestApp, id: string, byUserId: string, patch: Partial<typeof customers.$inferInsert>): void {
  t.app.mutation({ userId: byUserId }, (w) => w.update(customers, id, patch))
}

/** A customer level with its pool days (the customers module seeds A–D; others are added). */
export function level(t: TestApp, code: string, poolDays: number | null): void {
  t.app.mutation({ userId: null }, (w) => {
    const existing = w.db.select().from(customerLevels).where(eq(customerLevels.code, code)).get()
    if (existing) w.update(customerLevels, existing.id, { poolDays })
    else w.insert(customerLevels, { code, name: code, sort: 0, poolDays })
  })
}

export function ownerOf(t: TestApp, id: string): string | null {
  return t.app.database.sqlite.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(id) as string | null
}

export const RULES: PoolRules = {
  autoReclaim: true, defaultDays: 30, warnDaysBefore: 2, exemptWon: true, exemptLocked: true,
  dailyClaimCap: 5, holdCap: 0, holdCapCountsWon: false, reclaimBlockDays: 7,
}
