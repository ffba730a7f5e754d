import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { alias, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../core/db'
import { sqliteOf } from '../../core/synced'
import type { SessionUser } from '../../../src-preload/contracts/auth'
import type { DepartmentRow, OfficeRow, RoleRow, UserRow } from '../../../src-preload/contracts/admin'
import { company, departments, loginState, offices, roles, userCredentials, users } from './auth.table'
import { authVersion } from './auth-version'

const live = (t: { deletedAt: AnySQLiteColumn }) => isNull(t.deletedAt)
const manager = alias(users, 'manager')

/** Reads for users, roles and the organisation. All SQL of the auth/admin domain lives here. */
export class AuthRepository {
  /** Changes with every write to users, roles or departments (auth-version.ts): Access caches by it. */
  readonly version: ReturnType<typeof authVersion>
  constructor(private readonly db: Db) {
    this.version = authVersion(sqliteOf(db))
  }

  companyName(): string | null {
    return this.db.select({ name: company.name }).from(company).where(live(company)).limit(1).get()?.name ?? null
  }
  companyId(): string | null {
    return this.db.select({ id: company.id }).from(company).where(live(company)).limit(1).get()?.id ?? null
  }
  userCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(users).where(live(users)).get()?.n ?? 0
  }

  userByUsername(username: string) {
    return this.db.select().from(users).where(and(eq(users.username, username), live(users))).get()
  }
  userById(id: string) {
    return this.db.select().from(users).where(and(eq(users.id, id), live(users))).get()
  }
  credential(userId: string) {
    return this.db.select().from(userCredentials).where(eq(userCredentials.userId, userId)).get()
  }
  loginState(userId: string) {
    return this.db.select().from(loginState).where(eq(loginState.userId, userId)).get()
  }
  saveLoginState(userId: string, s: { failedAttempts: number; lockedUntil: number | null; lastLoginAt?: number | null }): void {
    this.db.insert(loginState).values({ userId, ...s }).onConflictDoUpdate({ target: loginState.userId, set: s }).run()
  }

  role(id: string) {
    return this.db.select().from(roles).where(and(eq(roles.id, id), live(roles))).get()
  }
  roleByCode(code: string) {
    return this.db.select().from(roles).where(and(eq(roles.code, code), live(roles))).get()
  }

  sessionUser(id: string): SessionUser | undefined {
    return this.db.select({
      id: users.id, username: users.username, displayName: users.displayName, email: users.email, phone: users.phone, title: users.title,
      roleId: users.roleId, roleCode: roles.code, roleName: roles.name,
      departmentId: users.departmentId, departmentName: departments.name, officeId: users.officeId, officeName: offices.name,
    }).from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .leftJoin(offices, eq(offices.id, users.officeId))
      .where(and(eq(users.id, id), live(users))).get()
  }

  listUsers(opts: { search?: string; includeDisabled?: boolean }, now: number): UserRow[] {
    const conds = [live(users)]
    if (!opts.includeDisabled) conds.push(eq(users.disabled, false))
    if (opts.search) {
      const like = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      conds.push(sql`(${users.username} LIKE ${like} ESCAPE '\\' OR ${users.displayName} LIKE ${like} ESCAPE '\\' OR ${users.phone} LIKE ${like} ESCAPE '\\')`)
    }
    const rows = this.db.select({
      id: users.id, username: users.username, displayName: users.displayName, email: users.email, phone: users.phone, title: users.title,
      roleId: users.roleId, roleName: roles.name, roleCode: roles.code,
      departmentId: users.departmentId, departmentName: departments.name, officeId: users.officeId, officeName: offices.name,
      managerId: users.managerId, managerName: manager.displayName, disabled: users.disabled,
      lockedUntil: loginState.lockedUntil, lastLoginAt: loginState.lastLoginAt,
    }).from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .leftJoin(offices, eq(offices.id, users.officeId))
      .leftJoin(manager, eq(manager.id, users.managerId))
      .leftJoin(loginState, eq(loginState.userId, users.id))
      .where(and(...conds)).orderBy(asc(users.username)).all()
    return rows.map(({ lockedUntil, ...r }) => ({ ...r, locked: !!lockedUntil && lockedUntil > now, lastLoginAt: r.lastLoginAt ?? null }))
  }

  userRow(id: string, now: number): UserRow | undefined {
    return this.listUsers({ includeDisabled: true }, now).find((u) => u.id === id)
  }

  listRoles(): RoleRow[] {
    const counts = new Map(this.db.select({ roleId: users.roleId, n: sql<number>`count(*)` }).from(users).where(live(users)).groupBy(users.roleId).all().map((r) => [r.roleId, r.n]))
    return this.db.select().from(roles).where(live(roles)).orderBy(asc(roles.createdAt)).all().map((r) => ({
      id: r.id, code: r.code, name: r.name, builtin: r.code !== null, permissions: r.permissions, scopes: r.scopes, userCount: counts.get(r.id) ?? 0,
    }))
  }

  /** Active users holding a role, e.g. to keep at least one administrator. */
  activeUsersWithRole(roleId: string): string[] {
    return this.db.select({ id: users.id }).from(users).where(and(eq(users.roleId, roleId), eq(users.disabled, false), live(users))).all().map((r) => r.id)
  }

  listDepartments(): DepartmentRow[] {
    const counts = new Map(this.db.select({ d: users.departmentId, n: sql<number>`count(*)` }).from(users).where(live(users)).groupBy(users.departmentId).all().map((r) => [r.d, r.n]))
    return this.db.select({ id: departments.id, name: departments.name, parentId: departments.parentId, sort: departments.sort }).from(departments)
      .where(live(departments)).orderBy(asc(departments.sort), asc(departments.name)).all().map((d) => ({ ...d, userCount: counts.get(d.id) ?? 0 }))
  }
  department(id: string) {
    return this.db.select().from(departments).where(and(eq(departments.id, id), live(departments))).get()
  }

  listOffices(): OfficeRow[] {
    const counts = new Map(this.db.select({ o: users.officeId, n: sql<number>`count(*)` }).from(users).where(live(users)).groupBy(users.officeId).all().map((r) => [r.o, r.n]))
    return this.db.select({ id: offices.id, name: offices.name, region: offices.region, departmentId: offices.departmentId }).from(offices)
      .where(live(offices)).orderBy(asc(offices.name)).all().map((o) => ({ ...o, userCount: counts.get(o.id) ?? 0 }))
  }
  office(id: string) {
    return this.db.select().from(offices).where(and(eq(offices.id, id), live(offices))).get()
  }

  /** The reporting lines and department of every live user: input to data-scope resolution. */
  orgGraph(): { users: { id: string; managerId: string | null; departmentId: string | null }[]; departments: { id: string; parentId: string | null }[] } {
    return {
      users: this.db.select({ id: users.id, managerId: users.managerId, departmentId: users.departmentId }).from(users).where(live(users)).all(),
      departments: this.db.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(live(departments)).all(),
    }
  }
}
