import type { DataScope, Permission } from '../../src-preload/contracts/permissions'
import { visibleOwners, type OrgGraph } from '../modules/auth/scope'
import { COUCH_ROLES, readsRole, userRole } from '../sync/topology-names'

/** A LaiBang user as the server setup sees it (from lb_company documents and/or users.json). */
export interface OrgUser {
  userId: string
  username: string
  disabled?: boolean
  roleId?: string | null
  departmentId?: string | null
  managerId?: string | null
}
export interface OrgRole { id: string; permissions: readonly string[]; scopes: Partial<Record<string, string>> }
export interface OrgData { users: OrgUser[]; roles: OrgRole[]; departments: { id: string; parentId: string | null }[] }

/** Permissions that write company data (lb_company), hence the `lb_admin` role. */
const COMPANY_WRITERS: readonly Permission[] = ['system.users', 'system.roles', 'system.org', 'system.settings', 'catalogue.edit']

/**
 * The CouchDB roles of each LaiBang user, from the org data (same scope rules as the app,
 * modules/auth/scope.ts): `lb_member` and `lb_user_<id>` for everyone active; `lb_admin` for
 * those who edit company data; `lb_pool` with customers.view; `lb_assign` with customers.assign;
 * `lb_reads_all` for a 全部 customers scope, else `lb_reads_<owner>` for every other user the
 * scope covers. A disabled user gets no role (reads nothing). Database `_security` objects name
 * only roles, so an org change updates the affected users' `_users` documents and nothing else.
 * Exported for the agent, which can keep roles current between setup runs.
 */
export function couchRoles(org: OrgData): Map<string, string[]> {
  const graph: OrgGraph = {
    users: org.users.filter((u) => !u.disabled).map((u) => ({ id: u.userId, managerId: u.managerId ?? null, departmentId: u.departmentId ?? null })),
    departments: org.departments,
  }
  const roles = new Map(org.roles.map((r) => [r.id, r]))
  const out = new Map<string, string[]>()
  for (const u of org.users) {
    if (u.disabled) { out.set(u.userId, []); continue }
    const role = u.roleId ? roles.get(u.roleId) : undefined
    const perms = new Set(role?.permissions ?? [])
    const r = new Set<string>([COUCH_ROLES.member, userRole(u.userId)])
    if (COMPANY_WRITERS.some((p) => perms.has(p))) r.add(COUCH_ROLES.admin)
    if (perms.has('customers.view')) {
      r.add(COUCH_ROLES.pool)
      const scope = (role?.scopes.customers ?? 'own') as DataScope
      const owners = visibleOwners(graph, u.userId, scope)
      if (owners === 'all') r.add(COUCH_ROLES.readsAll)
      else for (const o of owners) if (o !== u.userId) r.add(readsRole(o))
    }
    if (perms.has('customers.assign')) r.add(COUCH_ROLES.assign)
    out.set(u.userId, [...r].sort())
  }
  return out
}
