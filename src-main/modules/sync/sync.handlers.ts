import type { Registry } from '../../core/registry'
import type { SyncService } from './sync.service'

export function registerSyncHandlers(r: Registry, sync: SyncService): void {
  r.register('sync.getSettings', () => sync.getSettings())
  r.register('sync.saveSettings', (input) => sync.saveSettings(input))
  r.register('sync.testConnection', (input) => sync.testConnection(input))
  r.register('sync.status', () => sync.status())
  r.register('sync.syncNow', () => sync.syncNow())
  r.register('sync.pause', () => sync.pause())
  r.register('sync.resume', () => sync.resume())
  r.register('sync.listConflicts', (input, ctx) => sync.listConflicts(ctx.userId, input))
  r.register('sync.resolveConflict', (input, ctx) => sync.resolveConflict(ctx.userId, input))
  r.register('sync.listRejected', (input, ctx) => sync.listRejected(ctx.userId, input))
  r.register('sync.retryRejected', (input, ctx) => sync.retryRejected(ctx.userId, input))
  r.register('sync.discardRejected', (input, ctx) => sync.discardRejected(ctx.userId, input))
  r.register('sync.recordStatus', (input, ctx) => sync.recordStatus(ctx.userId, input))
}
