import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { PartitionedTopology } from '../../sync/route'
import type { SyncStore } from '../../sync/store'
import { COMPANY_DB, COST_DB, POOL_DB, POOL_HIDDEN_DB, userDb } from '../../sync/topology-names'
import type { Access } from '../auth/access'
import { users } from '../auth/auth.table'

/**
 * The databases a device replicates (docs/SYNC.md, "Topology"), from the org data in SQLite and
 * the same scope rules as every service: lb_company always; lb_pool with customers.view; the
 * user's own lb_u_<id> and one per user the customers scope covers (全部: every user's, plus
 * lb_pool_hidden). The server's _security grants exactly these (server/org-roles.ts), so asking
 * for more only earns 403s. A user this device does not know yet (first sync) gets lb_company
 * only; the org data then arrives and the set is recomputed.
 */
export function deviceDatabases(db: Db, access: Access, userId: string | null): string[] {
  const out = [COMPANY_DB]
  if (!userId) return out
  let actor
  try {
    actor = access.actor(userId)
  } catch {
    return out // unknown or disabled here: company data only
  }
  out.push(userDb(userId))
  if (actor.permissions.has('catalogue.viewCost')) out.push(COST_DB)
  if (!actor.permissions.has('customers.view')) return out
  out.push(POOL_DB)
  const owners = access.visibleOwners(actor, 'customers')
  if (owners === 'all') {
    out.push(POOL_HIDDEN_DB)
    for (const u of db.select({ id: users.id }).from(users).where(isNull(users.deletedAt)).all()) if (u.id !== userId) out.push(userDb(u.id))
  } else {
    for (const o of [...owners].sort()) if (o !== userId) out.push(userDb(o))
  }
  return out
}

/** The LaiBang user behind a sync account: the local user with that username. */
export function localUserId(db: Db, username: string): string | null {
  if (!username) return null
  return db.select({ id: users.id }).from(users).where(and(eq(users.username, username), isNull(users.deletedAt))).get()?.id ?? null
}

export function partitionedTopology(databases: string[], store: SyncStore): PartitionedTopology {
  return new PartitionedTopology(databases, (id) => store.syncDoc(id)?.doc ?? null)
}

/** Tables whose change can change a device's databases. */
export const ORG_TABLES = new Set(['users', 'departments', 'roles'])
