import { basename, dirname, join } from 'node:path'
import type { AppInfo } from '../../../src-preload/contracts/system'
import type { AppModule } from '../context'
import { SyncEngine, type SyncEngineDeps } from '../../sync/engine'
import { SyncStore } from '../../sync/store'
import { registerSyncHandlers } from './sync.handlers'
import { SyncService } from './sync.service'

/** Test-only knobs (fault injection, short backoff); production passes none. */
export const syncTestOptions: { current: Partial<Pick<SyncEngineDeps, 'fault' | 'batchSize' | 'maxBackoffMs'>> } = { current: {} }

export const syncModule: AppModule = {
  name: 'sync',
  init: (ctx) => {
    const info = ctx.services.appInfo as AppInfo
    const store = new SyncStore(ctx.db, ctx.sqlite)
    const profileDir = dirname(ctx.sqlite.name)
    const device = store.meta('device_id') ?? 'unknown'
    const engine = new SyncEngine({
      store, clock: ctx.clock, bus: ctx.bus, now: ctx.now, log: ctx.platform.log,
      pouchDir: join(profileDir, 'pouch'),
      writer: { device, appVersion: info.version, schema: info.schemaVersion },
      ...syncTestOptions.current,
    })
    const service = new SyncService({
      engine, store, access: ctx.access, mutation: ctx.mutation, settings: ctx.platform.settings, secrets: ctx.platform.secrets,
      log: ctx.platform.log, now: ctx.now, profile: basename(profileDir), db: ctx.db, bus: ctx.bus,
    })
    registerSyncHandlers(ctx.registry, service)
    service.apply().catch((err: unknown) => ctx.platform.log.error('sync: could not start', err))
    ctx.onClose(() => { engine.stop().catch((err: unknown) => ctx.platform.log.warn('sync: stop failed', err)) })
    return service
  },
}
