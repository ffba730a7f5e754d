import { eq } from 'drizzle-orm'
import { outbox } from '../core/core.table'
import type { FaultHook } from '../sync/context'
import type { SyncEngine } from '../sync/engine'
import type { SyncService } from '../modules/sync/sync.service'
import { syncTestOptions } from '../modules/sync/sync.module'
import { customers } from '../modules/customers/customers.table'
import { createTestApp, tempDir, type TestApp } from './index'
import type { CouchTestServer } from './couch-server'

/**
 * One app instance ("device") with its own data folder, connected to a test server. `restart`
 * stops it the way a killed process would leave it (nothing flushed beyond what was committed)
 * and opens a new app on the same folder.
 */
export interface SyncDevice {
  t: TestApp
  dir: string
  sync: SyncService
  engine: SyncEngine
  /** Set to make the engine throw at a named step (a simulated crash). */
  fault: FaultHook | null
  restart(): Promise<SyncDevice>
  close(): Promise<void>
}

export interface DeviceOptions { server: CouchTestServer; username: string; password: string; database: string; dir?: string; live?: boolean; batchSize?: number }

/** `owned`: the temporary folder a restarted device keeps (removed when the last of its devices closes). */
export async function createDevice(o: DeviceOptions, owned?: { dir: string; cleanup(): void }): Promise<SyncDevice> {
  const folder = owned ?? (o.dir ? { dir: o.dir, cleanup: () => {} } : tempDir('laibang-sync-'))
  const holder: { dev: SyncDevice | null } = { dev: null }
  syncTestOptions.current = { fault: (p, d) => holder.dev?.fault?.(p, d), maxBackoffMs: 300, ...(o.batchSize ? { batchSize: o.batchSize } : {}) }
  let t: TestApp
  try {
    t = createTestApp({ dir: folder.dir })
  } finally {
    syncTestOptions.current = {}
  }
  const sync = t.app.services.sync as SyncService
  await sync.saveSettings({ serverUrl: o.server.url, username: o.username, password: o.password, database: o.database, enabled: o.live ?? false })
  const dev: SyncDevice = {
    t, dir: folder.dir, sync, engine: sync.engine, fault: null,
    async restart() {
      await sync.engine.stop()
      t.app.close()
      // The folder goes with the device: the restarted one (and its own restarts) remove it when they close.
      return createDevice({ ...o, dir: folder.dir }, folder)
    },
    async close() {
      try {
        await sync.engine.stop()
        t.app.close()
      } finally {
        folder.cleanup()
      }
    },
  }
  holder.dev = dev
  return dev
}

/** Rounds of sync on each device in turn until nothing moves (bounded). */
export async function syncAll(devices: SyncDevice[], rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const d of devices) await d.engine.syncOnce()
}

/** Polls until `cond` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export function customerRow(d: SyncDevice, id: string): typeof customers.$inferSelect | undefined {
  return d.t.app.database.db.select().from(customers).where(eq(customers.id, id)).get()
}

export function outboxRows(d: SyncDevice): (typeof outbox.$inferSelect)[] {
  return d.t.app.database.db.select().from(outbox).all()
}

/** A server with one shared database that the given users may read and write. */
export async function serverWithDatabase(server: CouchTestServer, db: string, users: { name: string; password: string }[]): Promise<void> {
  for (const u of users) await server.createUser(u.name, u.password, ['laibang'])
  await server.createDb(db, { names: users.map((u) => u.name) })
}
