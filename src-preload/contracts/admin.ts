import { z } from 'zod'
import { id, method, noInput, requiredText, shortText } from './define'
import { password, username } from './auth'
import { DATA_SCOPES, PERMISSIONS, SCOPED_MODULES, type DataScope, type Permission, type ScopedModule } from './permissions'

export interface UserRow {
  id: string
  username: string
  displayName: string
  email: string | null
  phone: string | null
  title: string | null
  roleId: string
  roleName: string
  roleCode: string | null
  departmentId: string | null
  departmentName: string | null
  officeId: string | null
  officeName: string | null
  managerId: string | null
  managerName: string | null
  disabled: boolean
  locked: boolean
  lastLoginAt: number | null
}

export interface RoleRow {
  id: string
  code: string | null
  name: string
  builtin: boolean
  permissions: Permission[]
  scopes: Record<ScopedModule, DataScope>
  userCount: number
}

/** A colleague the caller may pick (owner, transfer target, timeline subject): name and line only. */
export interface StaffRow { id: string; displayName: string; managerId: string | null; departmentName: string | null; roleName: string; roleCode: string | null }

export interface DepartmentRow { id: string; name: string; parentId: string | null; sort: number; userCount: number }
export interface OfficeRow { id: string; name: string; region: string | null; departmentId: string | null; userCount: number }

const optionalId = id.nullable().optional()
const userFields = {
  displayName: requiredText(50),
  roleId: id,
  departmentId: optionalId,
  officeId: optionalId,
  managerId: optionalId,
  email: z.union([z.email().max(200), z.literal('')]).optional(),
  phone: shortText(30).optional(),
  title: shortText(50).optional(),
}

export const createUserInput = z.object({ username, password, ...userFields }).strict()
export const updateUserInput = z.object({ id, ...userFields }).strict()
export const scopesSchema = z.object(Object.fromEntries(SCOPED_MODULES.map((m) => [m, z.enum(DATA_SCOPES)])) as Record<ScopedModule, z.ZodEnum<{ [K in DataScope]: K }>>).strict()
export const saveRoleInput = z.object({
  id: id.optional(),
  name: requiredText(50),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
  scopes: scopesSchema,
}).strict()
export const saveDepartmentInput = z.object({ id: id.optional(), name: requiredText(50), parentId: id.nullable(), sort: z.number().int().min(0).max(100_000).default(0) }).strict()
export const saveOfficeInput = z.object({ id: id.optional(), name: requiredText(50), region: shortText(50).optional(), departmentId: id.nullable().optional() }).strict()

export const admin = {
  /** Active colleagues inside the caller's customer data scope; needs no administration right. */
  listStaff: method<StaffRow[]>()(noInput),
  listUsers: method<UserRow[]>()(z.object({ search: shortText(50).optional(), includeDisabled: z.boolean().optional() }).strict()),
  createUser: method<UserRow>()(createUserInput),
  updateUser: method<UserRow>()(updateUserInput),
  setUserDisabled: method<UserRow>()(z.object({ id, disabled: z.boolean() }).strict()),
  resetPassword: method<{ ok: true }>()(z.object({ id, newPassword: password }).strict()),
  unlockUser: method<UserRow>()(z.object({ id }).strict()),
  listRoles: method<RoleRow[]>()(noInput),
  saveRole: method<RoleRow>()(saveRoleInput),
  deleteRole: method<{ ok: true }>()(z.object({ id }).strict()),
  resetRoleDefaults: method<RoleRow>()(z.object({ id }).strict()),
  listDepartments: method<DepartmentRow[]>()(noInput),
  saveDepartment: method<DepartmentRow>()(saveDepartmentInput),
  deleteDepartment: method<{ ok: true }>()(z.object({ id }).strict()),
  listOffices: method<OfficeRow[]>()(noInput),
  saveOffice: method<OfficeRow>()(saveOfficeInput),
  deleteOffice: method<{ ok: true }>()(z.object({ id }).strict()),
}
