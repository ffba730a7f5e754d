import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { restoreDroppedIndexes } from './bulk-indexes'

export type Sqlite = Database.Database
export type Db = BetterSQLite3Database

export interface OpenOptions {
  migrationsDir: string
  /** Path of a better-sqlite3 binary built for the current runtime (Electron in development). */
  nativeBinding?: string
  /** How many pre-migration backups to keep beside the file. */
  keepBackups?: number
}

export interface OpenedDb {
  sqlite: Sqlite
  db: Db
  file: string
  migration: MigrationReport
}

export interface MigrationReport { applied: string[]; backupFile: string | null; schemaVersion: number }

/** The better-sqlite3 binary a connection was opened with, for a second connection in a worker (sync/bulk-worker.ts). */
const bindings = new WeakMap<Sqlite, string>()
export const nativeBindingOf = (sqlite: Sqlite): string | undefined => bindings.get(sqlite)

/**
 * A connection to an existing, migrated database file (the app's is opened by openDatabase):
 * the sync's bulk worker (sync/bulk.worker.ts) writes beside the main connection with this.
 */
export function openConnection(file: string, opts: { nativeBinding?: string } = {}): Sqlite {
  return configure(new Database(file, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) }), opts)
}

function configure(sqlite: Sqlite, opts: { nativeBinding?: string }): Sqlite {
  if (opts.nativeBinding) bindings.set(sqlite, opts.nativeBinding)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  // 32 MiB of page cache instead of SQLite's 2 MiB: list pages read scattered rows of tables of
  // hundreds of MB (a large company's products, customers); with 2 MiB nearly every one missed.
  // Grows only as pages are read, so a small database costs nothing more.
  sqlite.pragma('cache_size = -32768')
  immediateTransactions(sqlite)
  return sqlite
}

/**
 * Every `sqlite.transaction(fn)()` begins IMMEDIATE (it takes the write lock at BEGIN). With a
 * second connection writing (the sync's bulk worker), a DEFERRED transaction that reads and then
 * writes fails at once with SQLITE_BUSY when the other connection committed in between — the busy
 * timeout cannot help it; an IMMEDIATE one waits for the lock instead. On a single connection the
 * two cost the same. `.deferred()` and the other variants stay available.
 */
function immediateTransactions(sqlite: Sqlite): void {
  const make = sqlite.transaction.bind(sqlite)
  sqlite.transaction = ((fn: (...args: never[]) => unknown) => {
    const t = make(fn)
    return Object.assign((...args: never[]) => t.immediate(...args), { default: t.immediate, deferred: t.deferred, immediate: t.immediate, exclusive: t.exclusive })
  }) as Sqlite['transaction']
}

export function openDatabase(file: string, opts: OpenOptions): OpenedDb {
  mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  sqlite.pragma('journal_mode = WAL')
  configure(sqlite, opts)
  try {
    // A bulk load (sync's initial sync) interrupted with indexes set aside: rebuilt before any migration refers to them.
    restoreDroppedIndexes(sqlite)
    const migration = migrate(sqlite, file, opts)
    return { sqlite, db: drizzle(sqlite), file, migration }
  } catch (err) {
    sqlite.close()
    throw err
  }
}

const MIGRATIONS_TABLE = '__drizzle_migrations'

/**
 * Applies pending drizzle migrations in one transaction. When the file already holds data,
 * a consistent copy is taken first (VACUUM INTO), so a failed or bad migration can be undone
 * by the user or support. Uses drizzle's own bookkeeping table, so drizzle tooling agrees.
 */
export function migrate(sqlite: Sqlite, file: string, opts: OpenOptions): MigrationReport {
  const migrations = readMigrationFiles({ migrationsFolder: opts.migrationsDir })
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`)
  const last = sqlite.prepare(`SELECT created_at AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY created_at DESC LIMIT 1`).get() as { createdAt: number } | undefined
  const pending = migrations.filter((m) => !last || Number(last.createdAt) < m.folderMillis)
  const tags = readTags(opts.migrationsDir)
  const report: MigrationReport = { applied: [], backupFile: null, schemaVersion: migrations.length }
  if (pending.length === 0) return report

  const hasData = (sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?`).get(MIGRATIONS_TABLE) as { n: number }).n > 0
  if (hasData && file !== ':memory:') {
    report.backupFile = backup(sqlite, file, opts.keepBackups ?? 5)
  }
  const insert = sqlite.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`)
  sqlite.transaction(() => {
    for (const m of pending) {
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt)
      insert.run(m.hash, m.folderMillis)
      report.applied.push(tags.get(m.folderMillis) ?? String(m.folderMillis))
    }
  })()
  return report
}

function backup(sqlite: Sqlite, file: string, keep: number): string {
  const dir = join(dirname(file), 'backups')
  mkdirSync(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = join(dir, `${basename(file, '.sqlite')}-${stamp}.sqlite`)
  if (existsSync(target)) rmSync(target)
  sqlite.prepare('VACUUM INTO ?').run(target)
  const old = readdirSync(dir).filter((f) => f.startsWith(basename(file, '.sqlite') + '-') && f.endsWith('.sqlite')).sort()
  for (const f of old.slice(0, Math.max(0, old.length - keep))) rmSync(join(dir, f))
  return target
}

function readTags(dir: string): Map<number, string> {
  try {
    const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] }
    return new Map(journal.entries.map((e) => [e.when, e.tag]))
  } catch {
    return new Map()
  }
}
