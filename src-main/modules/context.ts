import type { Db, Sqlite } from '../core/db'
import type { EventBus } from '../core/events'
import type { HybridClock } from '../core/hlc'
import type { Mutation } from '../core/mutation'
import type { Registry } from '../core/registry'
import type { Platform } from '../platform/ports'
import type { Access } from './auth/access'
import type { AuthRepository } from './auth/auth.repository'
import type { AuthService } from './auth/auth.service'
import type { SessionStore } from './auth/sessions'

/** What every module receives at start: the shared infrastructure, nothing module-specific. */
export interface ModuleContext {
  db: Db
  sqlite: Sqlite
  mutation: Mutation
  clock: HybridClock
  now: () => number
  platform: Platform
  bus: EventBus
  registry: Registry
  access: Access
  authRepo: AuthRepository
  auth: AuthService
  sessions: SessionStore
  /** Services other modules may call, by module name (e.g. services.customers). */
  services: Record<string, unknown>
  /** Work to do when the app stops (timers). */
  onClose(fn: () => void): void
}

/** A feature module: registers its handlers and exposes its service for others. */
export interface AppModule {
  name: string
  init(ctx: ModuleContext): unknown
}
