/**
 * Generated databases for the benchmarks, cached under bench/.cache/<scale>-s<seed>-<key>/
 * (gitignored). The key covers the migrations and the generator's source, so a schema or
 * generator change regenerates. Suites work on a copy (bench/.work/...), never on the cache.
 */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { profileDbFile } from '../../src-main/app'
import { openDatabase } from '../../src-main/core/db'
import { seedDatabase, type ScaleName, type SeedReport } from '../../src-main/seed'

const root = fileURLToPath(new URL('../..', import.meta.url))
export const MIGRATIONS_DIR = join(root, 'drizzle')
export const CACHE_DIR = join(root, 'bench', '.cache')
export const WORK_DIR = join(root, 'bench', '.work')
/** The generated history ends here: fixed, so cached files stay valid across days. */
export const BENCH_BASE_DATE = '2026-11-27'
export const ADMIN = { username: 'admin', password: 'laibang-admin-1' }
export const USER_PASSWORD = 'laibang-user-1'

function sourceKey(): string {
  const h = createHash('sha256')
  for (const dir of [MIGRATIONS_DIR, join(root, 'src-main', 'seed')]) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql') || x.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(dir, f)))
  }
  return h.digest('hex').slice(0, 10)
}

export interface CachedDb { dataDir: string; file: string; report: SeedReport; cached: boolean }

/** The cached data dir for a scale and seed, generated if missing (progress on stderr). */
export async function cachedDatabase(scale: ScaleName, seed: number): Promise<CachedDb> {
  const migrations = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length
  const dataDir = join(CACHE_DIR, `${scale}-s${seed}-m${migrations}-${sourceKey()}`)
  const file = profileDbFile(dataDir, 'default')
  const reportFile = join(dataDir, 'seed-report.json')
  if (existsSync(reportFile)) return { dataDir, file, report: JSON.parse(readFileSync(reportFile, 'utf8')) as SeedReport, cached: true }
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const { sqlite } = openDatabase(file, { migrationsDir: MIGRATIONS_DIR })
  // A new file written once: no journal (each page written once, not to the WAL and again at
  // checkpoints), sorts for CREATE INDEX in memory, a 1 GiB page cache. WAL again at the end.
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('temp_store = MEMORY')
  sqlite.pragma('cache_size = -1048576')
  // CREATE INDEX after the load sorts with a helper thread (SQLite's multi-threaded sorter).
  sqlite.pragma('threads = 2')
  let last = ''
  const report = await seedDatabase(sqlite, {
    scale, seed, baseTime: Date.parse(`${BENCH_BASE_DATE}T00:00:00Z`), fresh: true, analyze: true,
    adminUsername: ADMIN.username, adminPassword: ADMIN.password, userPassword: USER_PASSWORD,
    progress: (phase, done, total) => {
      const line = `  [seed ${scale}] ${phase} ${total ? Math.round((done / total) * 100) : 0}%`
      if (line !== last && (done === total || done % 100_000 === 0)) { process.stderr.write(`${line}\n`); last = line }
    },
  })
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
  writeFileSync(reportFile, JSON.stringify(report, null, 2))
  return { dataDir, file, report, cached: false }
}

/** A fresh working copy of a cached data dir (the suites write: logins, created records). */
export function workingCopy(db: CachedDb, name: string): string {
  const dir = join(WORK_DIR, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(db.dataDir, dir, { recursive: true })
  return dir
}
