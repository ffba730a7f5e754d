import type { AppInfo, AuditEntry, Dashboard, Preferences } from '../../../src-preload/contracts/system'
import type { SettingsPort } from '../../platform/ports'
import type { Access } from '../auth/access'
import type { AuthService } from '../auth/auth.service'
import type { SystemRepository } from './system.repository'

export interface SystemDeps { repo: SystemRepository; access: Access; auth: AuthService; settings: SettingsPort; info: AppInfo }

const DEFAULT_PREFS: Preferences = { locale: 'zh-CN', colorScheme: 'light' }

export class SystemService {
  constructor(private readonly d: SystemDeps) {}

  info(): AppInfo { return this.d.info }

  /** Device preferences (language, theme); shown on the login screen too, so not per user. */
  getPreferences(): Preferences { return { ...DEFAULT_PREFS, ...this.d.settings.get<Partial<Preferences>>('preferences', {}) } }
  setPreferences(p: Partial<Preferences>): Preferences {
    const next = { ...this.getPreferences(), ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) }
    this.d.settings.set('preferences', next)
    return next
  }

  dashboard(userId: string | null): Dashboard {
    const actor = this.d.access.actor(userId)
    const session = this.d.auth.session(actor.userId)!
    const stats: Dashboard['stats'] = []
    if (actor.permissions.has('system.users') || actor.permissions.has('system.org')) {
      const c = this.d.repo.orgCounts()
      stats.push({ key: 'users', value: c.users }, { key: 'departments', value: c.departments }, { key: 'offices', value: c.offices }, { key: 'roles', value: c.roles })
    }
    stats.push({ key: 'pendingOutbox', value: this.d.repo.pendingOutbox() })
    return {
      greetingName: session.user.displayName,
      roleName: session.user.roleCode ?? session.user.roleName,
      companyName: session.companyName,
      stats,
      recentActivity: this.activity(actor.userId, 10),
      pendingOutbox: this.d.repo.pendingOutbox(),
    }
  }

  /** Audit history: administrators see everything, others what they and their scope did. */
  auditLog(userId: string | null, input: { recordId?: string; tableName?: string; limit: number }): AuditEntry[] {
    const actor = this.d.access.actor(userId)
    if (actor.permissions.has('system.settings')) return this.d.repo.audit(input)
    const owners = this.d.access.visibleOwners(actor, 'office')
    return this.d.repo.audit({ ...input, userIds: owners === 'all' ? undefined : [...owners] })
  }

  private activity(userId: string, limit: number): AuditEntry[] {
    return this.auditLog(userId, { limit })
  }
}
