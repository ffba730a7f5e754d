import { z } from 'zod'
import { method, noInput, requiredText, shortText } from './define'
import type { DataScope, Permission, ScopedModule } from './permissions'

export const PASSWORD_MIN = 8
export const password = z.string().min(PASSWORD_MIN).max(128)
export const username = z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9_.@-]+$/)
export const locale = z.enum(['zh-CN', 'en'])
export type Locale = z.infer<typeof locale>

export interface SessionUser {
  id: string
  username: string
  displayName: string
  email: string | null
  phone: string | null
  title: string | null
  roleId: string
  roleCode: string | null
  roleName: string
  departmentId: string | null
  departmentName: string | null
  officeId: string | null
  officeName: string | null
}

export interface Session {
  user: SessionUser
  permissions: Permission[]
  scopes: Record<ScopedModule, DataScope>
  companyName: string
}

export const setupInput = z.object({
  companyName: requiredText(100),
  adminUsername: username,
  adminDisplayName: requiredText(50),
  password,
}).strict()

export const loginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }).strict()

export const profileInput = z.object({
  displayName: requiredText(50),
  email: z.union([z.email().max(200), z.literal('')]).optional(),
  phone: shortText(30).optional(),
  title: shortText(50).optional(),
}).strict()

export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(128), newPassword: password }).strict()

export const auth = {
  setupStatus: method<{ needsSetup: boolean; companyName: string | null }>()(noInput, 'public'),
  setup: method<Session>()(setupInput, 'public'),
  login: method<Session>()(loginInput, 'public'),
  session: method<Session | null>()(noInput, 'public'),
  logout: method<{ ok: true }>()(noInput),
  updateProfile: method<Session>()(profileInput),
  changePassword: method<{ ok: true }>()(changePasswordInput),
}
