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
 * `lb_cost` with catalogue.viewCost; `lb_reads_all` for a 全部 customers scope, else `lb_reads_<owner>` for every other user the
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
    if (perms.has('catalogue.viewCost')) r.add(COUCH_ROLES.cost)
    out.set(u.userId, [...r].sort())
  }
  return out
}

type OrgDoc = Record<string, unknown> & { _id: string }

/**
 * The org data from lb_company documents (`user:`, `role:`, `department:`; soft-deleted ones
 * left out). Shared by couch:setup and the agent, so both compute the same roles. Ids are
 * lowercased like the database names.
 */
export function orgFromDocs(docs: { users: readonly OrgDoc[]; roles: readonly OrgDoc[]; departments: readonly OrgDoc[] }): OrgData {
  const live = (ds: readonly OrgDoc[]) => ds.filter((d) => d.deletedAt == null && d._deleted !== true)
  const idOf = (d: OrgDoc) => d._id.slice(d._id.indexOf(':') + 1).toLowerCase()
  const ref = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null)
  const org: OrgData = { users: [], roles: [], departments: [] }
  for (const d of live(docs.users)) {
    if (typeof d.username !== 'string') continue
    org.users.push({ userId: idOf(d), username: d.username, disabled: d.disabled === true, roleId: ref(d.roleId), departmentId: ref(d.departmentId), managerId: ref(d.managerId) })
  }
  for (const d of live(docs.roles)) org.roles.push({ id: idOf(d), permissions: Array.isArray(d.permissions) ? (d.permissions as string[]) : [], scopes: (d.scopes as Record<string, string> | undefined) ?? {} })
  for (const d of live(docs.departments)) org.departments.push({ id: idOf(d), parentId: ref(d.parentId) })
  return org
}
