import { z } from 'zod'
import type { Session } from '../../../src-preload/contracts/auth'
import type { changePasswordInput, loginInput, profileInput, setupInput } from '../../../src-preload/contracts/auth'
import { BUILTIN_ROLES, DEFAULT_ROLES } from '../../../src-preload/contracts/permissions'
import { AppError } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import { uuidv7 } from '../../core/uuid'
import type { Access } from './access'
import type { AuthRepository } from './auth.repository'
import { company, departments, roles, userCredentials, users } from './auth.table'
import { hashPassword, verifyPassword, type PasswordCost } from './password'
import type { SessionStore } from './sessions'

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MS = 15 * 60_000

export interface AuthDeps {
  repo: AuthRepository
  access: Access
  mutation: Mutation
  sessions: SessionStore
  now: () => number
  passwordCost?: PasswordCost
}

/** First-run setup, offline login with lockout, profile and password (OF-5, OF-6). */
export class AuthService {
  private dummyHash: Promise<string>
  constructor(private readonly d: AuthDeps) {
    this.dummyHash = hashPassword('not-a-real-password', d.passwordCost)
  }

  setupStatus(): { needsSetup: boolean; companyName: string | null } {
    return { needsSetup: this.d.repo.userCount() === 0, companyName: this.d.repo.companyName() }
  }

  async setup(input: z.output<typeof setupInput>, connectionId: string): Promise<Session> {
    if (!this.setupStatus().needsSetup) throw new AppError('ALREADY_SET_UP', 'errors.alreadySetUp')
    const hash = await hashPassword(input.password, this.d.passwordCost)
    if (!this.setupStatus().needsSetup) throw new AppError('ALREADY_SET_UP', 'errors.alreadySetUp')
    const adminId = uuidv7()
    this.d.mutation({ userId: adminId }, (w) => {
      w.insert(company, { name: input.companyName })
      const root = w.insert(departments, { name: input.companyName, parentId: null, sort: 0 })
      const roleIds = new Map<string, string>()
      for (const code of BUILTIN_ROLES) {
        const r = w.insert(roles, { code, name: code, permissions: [...DEFAULT_ROLES[code].permissions], scopes: { ...DEFAULT_ROLES[code].scopes } })
        roleIds.set(code, r.id)
      }
      w.insert(users, {
        id: adminId, username: input.adminUsername.toLowerCase(), displayName: input.adminDisplayName,
        roleId: roleIds.get('administrator')!, departmentId: root.id, disabled: false,
      })
      w.insert(userCredentials, { userId: adminId, passwordHash: hash })
    })
    this.d.sessions.set(connectionId, adminId)
    return this.session(adminId)!
  }

  async login(input: z.output<typeof loginInput>, connectionId: string): Promise<Session> {
    if (this.setupStatus().needsSetup) throw new AppError('NOT_SET_UP', 'errors.notSetUp')
    const now = this.d.now()
    const user = this.d.repo.userByUsername(input.username.toLowerCase())
    const cred = user ? this.d.repo.credential(user.id) : undefined
    if (!user || !cred) {
      await verifyPassword(input.password, await this.dummyHash) // same time as a real check
      throw new AppError('INVALID_CREDENTIALS', 'errors.invalidCredentials')
    }
    const state = this.d.repo.loginState(user.id)
    if (state?.lockedUntil && state.lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', 'errors.accountLocked', { minutes: Math.ceil((state.lockedUntil - now) / 60_000) })
    }
    if (!(await verifyPassword(input.password, cred.passwordHash))) {
      const failed = (state?.lockedUntil && state.lockedUntil <= now ? 0 : state?.failedAttempts ?? 0) + 1
      const locked = failed >= MAX_FAILED_LOGINS
      this.d.repo.saveLoginState(user.id, { failedAttempts: locked ? 0 : failed, lockedUntil: locked ? now + LOCKOUT_MS : null })
      if (locked) throw new AppError('ACCOUNT_LOCKED', 'errors.accountLocked', { minutes: LOCKOUT_MS / 60_000 })
      throw new AppError('INVALID_CREDENTIALS', 'errors.invalidCredentials', { remaining: MAX_FAILED_LOGINS - failed })
    }
    if (user.disabled) throw new AppError('ACCOUNT_DISABLED', 'errors.accountDisabled')
    this.d.repo.saveLoginState(user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now })
    this.d.sessions.set(connectionId, user.id)
    return this.session(user.id)!
  }

  logout(connectionId: string): { ok: true } {
    this.d.sessions.clear(connectionId)
    return { ok: true }
  }

  session(userId: string | null): Session | null {
    if (!userId) return null
    const user = this.d.repo.sessionUser(userId)
    if (!user) return null
    let actor
    try {
      actor = this.d.access.actor(userId)
    } catch {
      return null
    }
    return { user, permissions: [...actor.permissions], scopes: actor.scopes, companyName: this.d.repo.companyName() ?? '' }
  }

  updateProfile(userId: string | null, input: z.output<typeof profileInput>): Session {
    const actor = this.d.access.actor(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      w.update(users, actor.userId, { displayName: input.displayName, email: input.email || null, phone: input.phone || null, title: input.title || null })
    })
    return this.session(actor.userId)!
  }

  async changePassword(userId: string | null, connectionId: string, input: z.output<typeof changePasswordInput>): Promise<{ ok: true }> {
    const actor = this.d.access.actor(userId)
    const cred = this.d.repo.credential(actor.userId)
    if (!cred || !(await verifyPassword(input.currentPassword, cred.passwordHash))) throw new AppError('INVALID_CREDENTIALS', 'errors.wrongPassword')
    await this.setPassword(actor.userId, actor.userId, input.newPassword)
    this.d.sessions.clearUser(actor.userId, connectionId)
    return { ok: true }
  }

  /** Used by change-password and by an administrator's reset. */
  async setPassword(byUserId: string, userId: string, password: string): Promise<void> {
    const hash = await hashPassword(password, this.d.passwordCost)
    const cred = this.d.repo.credential(userId)
    this.d.mutation({ userId: byUserId }, (w) => {
      if (cred) w.update(userCredentials, cred.id, { passwordHash: hash })
      else w.insert(userCredentials, { userId, passwordHash: hash })
    })
  }
}
