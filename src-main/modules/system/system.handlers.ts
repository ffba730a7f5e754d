import type { Registry } from '../../core/registry'
import type { SystemService } from './system.service'

export function registerSystemHandlers(r: Registry, system: SystemService): void {
  r.register('system.info', () => system.info())
  r.register('system.getPreferences', () => system.getPreferences())
  r.register('system.setPreferences', (input) => system.setPreferences(input))
  r.register('system.dashboard', (_input, ctx) => system.dashboard(ctx.userId))
  r.register('system.auditLog', (input, ctx) => system.auditLog(ctx.userId, input))
}
