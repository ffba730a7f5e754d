import { z } from 'zod'
import type { createUserInput, DepartmentRow, StaffRow, OfficeRow, RoleRow, saveDepartmentInput, saveOfficeInput, saveRoleInput, updateUserInput, UserRow } from '../../../src-preload/contracts/admin'
import { DEFAULT_ROLES, PERMISSIONS, type BuiltinRole } from '../../../src-preload/contracts/permissions'
import { AppError, conflict, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Access } from '../auth/access'
import type { AuthRepository } from '../auth/auth.repository'
import { departments, offices, roles, users } from '../auth/auth.table'
import type { AuthService } from '../auth/auth.service'
import { wouldCycle } from '../auth/scope'
import type { SessionStore } from '../auth/sessions'

export interface AdminDeps { repo: AuthRepository; access: Access; mutation: Mutation; auth: AuthService; sessions: SessionStore; now: () => number }

type UserFields = Omit<z.output<typeof updateUserInput>, 'id'>

/** Users, roles and the organisation. Every method checks its permission here, in main. */
export class AdminService {
  constructor(private readonly d: AdminDeps) {}

  listUsers(userId: string | null, input: { search?: string; includeDisabled?: boolean }): UserRow[] {
    this.d.access.require(this.d.access.actor(userId), 'system.users')
    return this.d.repo.listUsers(input, this.d.now())
  }

  listStaff(userId: string | null): StaffRow[] {
    const actor = this.d.access.actor(userId)
    const owners = this.d.access.visibleOwners(actor, 'customers')
    return this.d.repo.listUsers({}, this.d.now())
      .filter((u) => owners === 'all' || owners.has(u.id))
      .map((u) => ({ id: u.id, displayName: u.displayName, managerId: u.managerId, departmentName: u.departmentName, roleName: u.roleName, roleCode: u.roleCode }))
  }

  async createUser(userId: string | null, input: z.output<typeof createUserInput>): Promise<UserRow> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.users')
    const username = input.username.toLowerCase()
    if (this.d.repo.userByUsername(username)) throw conflict('errors.usernameTaken', { username })
    this.checkUserRefs(null, input)
    const id = this.d.mutation({ userId: actor.userId }, (w) => w.insert(users, { username, ...this.userValues(input), disabled: false }).id)
    await this.d.auth.setPassword(actor.userId, id, input.password)
    return this.d.repo.userRow(id, this.d.now())!
  }

  updateUser(userId: string | null, input: z.output<typeof updateUserInput>): UserRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.users')
    const existing = this.d.repo.userById(input.id)
    if (!existing) throw notFound('user')
    this.checkUserRefs(input.id, input)
    if (existing.roleId !== input.roleId) this.keepAnAdministrator(existing.id, existing.roleId)
    this.d.mutation({ userId: actor.userId }, (w) => w.update(users, input.id, this.userValues(input)))
    return this.d.repo.userRow(input.id, this.d.now())!
  }

  setUserDisabled(userId: string | null, input: { id: string; disabled: boolean }): UserRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.users')
    const existing = this.d.repo.userById(input.id)
    if (!existing) throw notFound('user')
    if (input.disabled && input.id === actor.userId) throw conflict('errors.cannotDisableSelf')
    if (input.disabled) this.keepAnAdministrator(existing.id, existing.roleId)
    this.d.mutation({ userId: actor.userId }, (w) => w.update(users, input.id, { disabled: input.disabled }))
    if (input.disabled) this.d.sessions.clearUser(input.id)
    return this.d.repo.userRow(input.id, this.d.now())!
  }

  async resetPassword(userId: string | null, input: { id: string; newPassword: string }): Promise<{ ok: true }> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.users')
    if (!this.d.repo.userById(input.id)) throw notFound('user')
    await this.d.auth.setPassword(actor.userId, input.id, input.newPassword)
    this.d.repo.saveLoginState(input.id, { failedAttempts: 0, lockedUntil: null })
    if (input.id !== actor.userId) this.d.sessions.clearUser(input.id)
    return { ok: true }
  }

  unlockUser(userId: string | null, input: { id: string }): UserRow {
    this.d.access.require(this.d.access.actor(userId), 'system.users')
    if (!this.d.repo.userById(input.id)) throw notFound('user')
    this.d.repo.saveLoginState(input.id, { failedAttempts: 0, lockedUntil: null })
    return this.d.repo.userRow(input.id, this.d.now())!
  }

  listRoles(userId: string | null): RoleRow[] {
    const actor = this.d.access.actor(userId)
    if (!actor.permissions.has('system.roles') && !actor.permissions.has('system.users')) this.d.access.require(actor, 'system.roles')
    return this.d.repo.listRoles()
  }

  saveRole(userId: string | null, input: z.output<typeof saveRoleInput>): RoleRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.roles')
    const permissions = [...new Set(input.permissions)]
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (!input.id) return w.insert(roles, { code: null, name: input.name, permissions, scopes: input.scopes }).id
      const existing = this.d.repo.role(input.id)
      if (!existing) throw notFound('role')
      // The administrator role always keeps every permission, so nobody can lock the company out.
      if (existing.code === 'administrator' && permissions.length !== PERMISSIONS.length) throw conflict('errors.builtinRole')
      return w.update(roles, input.id, { name: input.name, permissions, scopes: input.scopes }).id
    })
    return this.d.repo.listRoles().find((r) => r.id === id)!
  }

  resetRoleDefaults(userId: string | null, input: { id: string }): RoleRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.roles')
    const role = this.d.repo.role(input.id)
    if (!role) throw notFound('role')
    if (!role.code) throw conflict('errors.builtinRole')
    const defaults = DEFAULT_ROLES[role.code as BuiltinRole]
    this.d.mutation({ userId: actor.userId }, (w) => w.update(roles, role.id, { name: role.code!, permissions: [...defaults.permissions], scopes: { ...defaults.scopes } }))
    return this.d.repo.listRoles().find((r) => r.id === role.id)!
  }

  deleteRole(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.roles')
    const role = this.d.repo.listRoles().find((r) => r.id === input.id)
    if (!role) throw notFound('role')
    if (role.builtin) throw conflict('errors.builtinRole')
    if (role.userCount > 0) throw conflict('errors.roleInUse', { count: role.userCount })
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(roles, role.id))
    return { ok: true }
  }

  listDepartments(userId: string | null): DepartmentRow[] {
    this.d.access.actor(userId)
    return this.d.repo.listDepartments()
  }

  saveDepartment(userId: string | null, input: z.output<typeof saveDepartmentInput>): DepartmentRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.org')
    const all = this.d.repo.listDepartments()
    if (input.parentId && !all.some((d) => d.id === input.parentId)) throw notFound('department')
    if (input.id && wouldCycle(new Map(all.map((d) => [d.id, d.parentId])), input.id, input.parentId)) throw conflict('errors.departmentCycle')
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (!input.id) return w.insert(departments, { name: input.name, parentId: input.parentId, sort: input.sort }).id
      if (!this.d.repo.department(input.id)) throw notFound('department')
      return w.update(departments, input.id, { name: input.name, parentId: input.parentId, sort: input.sort }).id
    })
    return this.d.repo.listDepartments().find((d) => d.id === id)!
  }

  deleteDepartment(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.org')
    const all = this.d.repo.listDepartments()
    const dep = all.find((d) => d.id === input.id)
    if (!dep) throw notFound('department')
    const children = all.filter((d) => d.parentId === dep.id).length
    if (dep.userCount > 0 || children > 0) throw conflict('errors.departmentInUse', { users: dep.userCount, children })
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(departments, dep.id))
    return { ok: true }
  }

  listOffices(userId: string | null): OfficeRow[] {
    this.d.access.actor(userId)
    return this.d.repo.listOffices()
  }

  saveOffice(userId: string | null, input: z.output<typeof saveOfficeInput>): OfficeRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.org')
    if (input.departmentId && !this.d.repo.department(input.departmentId)) throw notFound('department')
    const values = { name: input.name, region: input.region || null, departmentId: input.departmentId ?? null }
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (!input.id) return w.insert(offices, values).id
      if (!this.d.repo.office(input.id)) throw notFound('office')
      return w.update(offices, input.id, values).id
    })
    return this.d.repo.listOffices().find((o) => o.id === id)!
  }

  deleteOffice(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.org')
    const office = this.d.repo.listOffices().find((o) => o.id === input.id)
    if (!office) throw notFound('office')
    if (office.userCount > 0) throw conflict('errors.officeInUse', { users: office.userCount })
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(offices, office.id))
    return { ok: true }
  }

  private userValues(input: UserFields) {
    return {
      displayName: input.displayName, roleId: input.roleId, departmentId: input.departmentId ?? null, officeId: input.officeId ?? null,
      managerId: input.managerId ?? null, email: input.email || null, phone: input.phone || null, title: input.title || null,
    }
  }

  private checkUserRefs(id: string | null, input: UserFields): void {
    if (!this.d.repo.role(input.roleId)) throw notFound('role')
    if (input.departmentId && !this.d.repo.department(input.departmentId)) throw notFound('department')
    if (input.officeId && !this.d.repo.office(input.officeId)) throw notFound('office')
    if (input.managerId) {
      if (!this.d.repo.userById(input.managerId)) throw notFound('user')
      const graph = this.d.repo.orgGraph()
      if (id && wouldCycle(new Map(graph.users.map((u) => [u.id, u.managerId])), id, input.managerId)) throw conflict('errors.managerCycle')
    }
  }

  /** Refuses to remove the last active administrator (role change or disabling). */
  private keepAnAdministrator(userId: string, currentRoleId: string): void {
    const adminRole = this.d.repo.roleByCode('administrator')
    if (!adminRole || currentRoleId !== adminRole.id) return
    const others = this.d.repo.activeUsersWithRole(adminRole.id).filter((u) => u !== userId)
    if (others.length === 0) throw new AppError('CONFLICT', 'errors.lastAdministrator')
  }
}
