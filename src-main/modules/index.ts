import type { AppModule } from './context'
import { adminModule } from './admin/admin.module'
import { systemModule } from './system/system.module'

/**
 * Feature modules in start order (a module may use services of those before it).
 * Adding a module: one line here, and its contract domain in src-preload/contracts/index.ts.
 */
export const MODULES: AppModule[] = [
  adminModule,
  systemModule,
]
