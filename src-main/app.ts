import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { AppInfo } from '../src-preload/contracts/system'
import { localMeta, outbox } from './core/core.table'
import { openDatabase, type OpenedDb } from './core/db'
import { EventBus } from './core/events'
import { HybridClock } from './core/hlc'
import { createMutation, type Mutation } from './core/mutation'
import { Registry } from './core/registry'
import { uuidv7 } from './core/uuid'
import type { Platform } from './platform/ports'
import { Access } from './modules/auth/access'
import { registerAuthHandlers } from './modules/auth/auth.handlers'
import { AuthRepository } from './modules/auth/auth.repository'
import { AuthService } from './modules/auth/auth.service'
import './modules/auth/auth.synced'
import type { PasswordCost } from './modules/auth/password'
import { SessionStore } from './modules/auth/sessions'
import { MODULES } from './modules'
import type { ModuleContext } from './modules/context'

export interface MainAppOptions {
  platform: Platform
  /** Folder of drizzle migrations (repo's drizzle/ in development, resources/drizzle when packaged). */
  migrationsDir: string
  /** One SQLite file per profile, under `<dataDir>/profiles/<profile>/`. */
  profile?: string
  version: string
  nativeBinding?: string
  passwordCost?: PasswordCost
}

export interface MainApp {
  registry: Registry
  bus: EventBus
  sessions: SessionStore
  database: OpenedDb
  /** The write wrapper (rows + outbox + audit in one transaction). */
  mutation: Mutation
  /** Module services by name (auth, access, admin, system, customers, …) for tests and transports. */
  services: Record<string, unknown> & { auth: AuthService; access: Access }
  deviceId: string
  close(): void
}

export function profileDbFile(dataDir: string, profile = 'default'): string {
  return join(dataDir, 'profiles', profile, 'laibang.sqlite')
}

/**
 * Composes the main-process modules. Used unchanged by the Electron entry (index.ts), the
 * headless host (host.ts) and the tests: there is no second backend.
 */
export function createMainApp(opts: MainAppOptions): MainApp {
  const { platform } = opts
  const database = openDatabase(profileDbFile(platform.dataDir, opts.profile), { migrationsDir: opts.migrationsDir, nativeBinding: opts.nativeBinding })
  if (database.migration.applied.length) platform.log.info('migrations applied', database.migration)
  const { db, sqlite } = database
  const deviceId = metaValue(database, 'device_id') ?? setMeta(database, 'device_id', uuidv7())
  const lastHlc = [metaValue(database, 'hlc'), db.select({ h: sql<string | null>`max(${outbox.hlc})` }).from(outbox).get()?.h ?? null].filter(Boolean).sort().pop()
  const clock = new HybridClock(deviceId.replace(/-/g, '').slice(-12), () => platform.clock.now(), lastHlc)

  const bus = new EventBus()
  const sessions = new SessionStore((connectionId, userId) => bus.emit('session.changed', { loggedIn: userId !== null }, { kind: 'connection', connectionId }))
  const now = () => platform.clock.now()
  const mutation = createMutation({ db, sqlite, clock, now, onCommit: (tables) => bus.emit('data.changed', { tables }) })

  const authRepo = new AuthRepository(db)
  const access = new Access(authRepo)
  const auth = new AuthService({ repo: authRepo, access, mutation, sessions, now, passwordCost: opts.passwordCost })
  const info: AppInfo = { name: 'LaiBang', version: opts.version, runtime: platform.runtime, dataDir: platform.dataDir, schemaVersion: database.migration.schemaVersion }
  const registry = new Registry({ resolveUser: (c) => sessions.userFor(c), log: (m, e) => platform.log.error(m, e) })
  registerAuthHandlers(registry, auth)

  const services: MainApp['services'] = { auth, access, appInfo: info }
  const closers: (() => void)[] = []
  const ctx: ModuleContext = { db, sqlite, mutation, clock, now, platform, bus, registry, access, authRepo, auth, sessions, services, onClose: (f) => closers.push(f) }
  for (const m of MODULES) services[m.name] = m.init(ctx)
  registry.assertComplete()

  return {
    registry, bus, sessions, database, deviceId, mutation,
    services,
    close() {
      for (const f of closers.splice(0)) f()
      setMeta(database, 'hlc', clock.current())
      sqlite.close()
    },
  }
}

function metaValue(d: OpenedDb, key: string): string | null {
  return d.db.select({ v: localMeta.value }).from(localMeta).where(sql`${localMeta.key} = ${key}`).get()?.v ?? null
}
function setMeta(d: OpenedDb, key: string, value: string): string {
  d.db.insert(localMeta).values({ key, value, updatedAt: Date.now() }).onConflictDoUpdate({ target: localMeta.key, set: { value, updatedAt: Date.now() } }).run()
  return value
}
