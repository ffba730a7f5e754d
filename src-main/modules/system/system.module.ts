import type { AppModule } from '../context'
import { DemoData } from './demo-data'
import { registerSystemHandlers } from './system.handlers'
import { SystemRepository } from './system.repository'
import { SystemService } from './system.service'
import type { AppInfo } from '../../../src-preload/contracts/system'

export const systemModule: AppModule = {
  name: 'system',
  init: (ctx) => {
    const info = ctx.services.appInfo as AppInfo
    const system = new SystemService({ repo: new SystemRepository(ctx.db), access: ctx.access, auth: ctx.auth, settings: ctx.platform.settings, info })
    const demo = new DemoData({ db: ctx.db, sqlite: ctx.sqlite, access: ctx.access, bus: ctx.bus, now: ctx.now })
    registerSystemHandlers(ctx.registry, system, demo)
    return system
  },
}
