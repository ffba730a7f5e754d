import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMainApp, type MainApp } from '../app'
import { openDatabase, type OpenedDb, type Sqlite } from '../core/db'
import { createNodePlatform, ManualClock } from '../platform/node'
import type { Result } from '../../src-preload/contracts/errors'
import { customers as customersTable } from '../modules/customers/customers.table'
import '../modules/customers/customers.synced'
import type { MethodMap, MethodName } from '../../src-preload/contracts'
import type { InputOf, OutputOf } from '../../src-preload/contracts/define'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url))

export function tempDir(prefix = 'laibang-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A real SQLite file with the real migrations applied. */
export function createTestDb(): OpenedDb & { dir: string; cleanup(): void } {
  const t = tempDir()
  const opened = openDatabase(join(t.dir, 'test.sqlite'), { migrationsDir: MIGRATIONS_DIR })
  return { ...opened, dir: t.dir, cleanup: () => { opened.sqlite.close(); t.cleanup() } }
}

/** Cheap scrypt for tests only; production uses DEFAULT_COST. */
export const TEST_PASSWORD_COST = { N: 2 ** 10, r: 8, p: 1 }

export interface TestApp {
  app: MainApp
  clock: ManualClock
  dir: string
  platform: ReturnType<typeof createNodePlatform>
  /** A connection (like one window) calling contract methods through the real registry. */
  connect(connectionId?: string): TestClient
  close(): void
}

export interface TestClient {
  connectionId: string
  call<N extends MethodName>(name: N, input: InputOf<MethodMap[N]>): Promise<Result<OutputOf<MethodMap[N]>>>
  /** Like call, but throws on error, for arranging state. */
  ok<N extends MethodName>(name: N, input: InputOf<MethodMap[N]>): Promise<OutputOf<MethodMap[N]>>
  raw(name: string, input: unknown): Promise<Result<unknown>>
}

/**
 * `dir`: reuse a data directory (then close() leaves it in place), e.g. to restart the app on
 * the same SQLite file; `clock`: share one ManualClock across such restarts.
 */
export function createTestApp(opts: { dir?: string; clock?: ManualClock } = {}): TestApp {
  const t = opts.dir ? { dir: opts.dir, cleanup: () => {} } : tempDir()
  const clock = opts.clock ?? new ManualClock()
  const platform = createNodePlatform({ dataDir: t.dir, clock, quiet: true })
  const app = createMainApp({ platform, migrationsDir: MIGRATIONS_DIR, version: '0.0.0-test', passwordCost: TEST_PASSWORD_COST })
  let n = 0
  return {
    app, clock, dir: t.dir, platform,
    connect(connectionId = `test-${++n}`): TestClient {
      const raw = (name: string, input: unknown) => app.registry.call(name, input, { connectionId, transport: 'test' })
      return {
        connectionId,
        raw,
        call: (name, input) => raw(name, input) as never,
        async ok(name, input) {
          const r = await raw(name, input)
          if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`)
          return r.value as never
        },
      }
    },
    close() { app.close(); t.cleanup() },
  }
}

/** Sets up a company with an administrator and returns the admin's client. */
export async function setupCompany(t: TestApp, password = 'admin-pass-1'): Promise<TestClient> {
  const admin = t.connect('admin')
  await admin.ok('auth.setup', { companyName: '莱邦测试有限公司', adminUsername: 'admin', adminDisplayName: '管理员', password })
  return admin
}

/** Creates a user with a built-in role and logs them in on a new connection. */
export async function userWithRole(t: TestApp, admin: TestClient, username: string, roleCode: string, extra: { departmentId?: string | null; managerId?: string | null } = {}): Promise<{ client: TestClient; id: string }> {
  const roles = await admin.ok('admin.listRoles', {})
  const role = roles.find((r) => r.code === roleCode)
  if (!role) throw new Error(`no role ${roleCode}`)
  const user = await admin.ok('admin.createUser', { username, password: 'user-pass-1', displayName: username, roleId: role.id, ...extra })
  const client = t.connect(`conn-${username}`)
  await client.ok('auth.login', { username, password: 'user-pass-1' })
  return { client, id: user.id }
}

/**
 * Inserts a customer straight through the mutation wrapper (for modules that need customers in
 * their tests without going through the customers service).
 */
export function insertCustomer(t: TestApp, values: { name: string; ownerId: string | null; level?: string; phone?: string; byUserId?: string }): string {
  return t.app.mutation({ userId: values.byUserId ?? values.ownerId }, (w) =>
    w.insert(customersTable, { name: values.name, ownerId: values.ownerId, level: values.level ?? null, phone: values.phone ?? null, nameNorm: '', pinyin: '' }).id)
}

/** The whole local customer search data (FTS text and keys) by customer id (rowids are local), in a stable order, and FTS rows left without a customer. */
export function customerSearchSnapshot(sqlite: Sqlite): { fts: [string, string][]; keys: [string, string][]; orphanFts: number } {
  return {
    fts: sqlite.prepare(`SELECT c.id, f.text FROM customers_fts f JOIN customers c ON c.rowid = f.rowid ORDER BY c.id`).raw().all() as [string, string][],
    keys: sqlite.prepare(`SELECT customer_id, key FROM customer_keys ORDER BY customer_id, key`).raw().all() as [string, string][],
    orphanFts: sqlite.prepare(`SELECT count(*) FROM customers_fts WHERE rowid NOT IN (SELECT rowid FROM customers)`).pluck().get() as number,
  }
}
