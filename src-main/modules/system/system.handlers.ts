import type { Registry } from '../../core/registry'
import type { DemoData } from './demo-data'
import type { SystemService } from './system.service'

export function registerSystemHandlers(r: Registry, system: SystemService, demo: DemoData): void {
  r.register('system.info', () => system.info())
  r.register('system.getPreferences', () => system.getPreferences())
  r.register('system.setPreferences', (input) => system.setPreferences(input))
  r.register('system.dashboard', (_input, ctx) => system.dashboard(ctx.userId))
  r.register('system.demoStatus', (_input, ctx) => demo.status(ctx.userId))
  r.register('system.loadDemoData', (_input, ctx) => demo.load(ctx.userId))
  r.register('system.removeDemoData', (_input, ctx) => demo.remove(ctx.userId))
  r.register('system.auditLog', (input, ctx) => system.auditLog(ctx.userId, input))
}
