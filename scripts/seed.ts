/**
 * Generates a LaiBang profile database full of realistic Chinese data (issue 6):
 *
 *   npm run seed -- --scale demo|medium|large [--seed N] [--data-dir DIR] [--profile NAME]
 *                   [--base-date YYYY-MM-DD] [--admin-password PW] [--user-password PW] [--force]
 *
 * Writes <data dir>/profiles/<profile>/laibang.sqlite through the app's own migrations, then
 * prints the logins. The same seed and base date give the same data. Refuses to touch a
 * profile that already holds a company unless --force (which deletes that profile's file).
 * Generated data is local: it is never queued for sync (docs/PERFORMANCE.md, "Seeded devices").
 */
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { profileDbFile } from '../src-main/app'
import { openDatabase } from '../src-main/core/db'
import { defaultDataDir } from '../src-main/platform/paths'
import { SCALE_NAMES, seedDatabase, type ScaleName } from '../src-main/seed'

const args = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const scale = (opt('scale') ?? 'demo') as ScaleName
if (!SCALE_NAMES.includes(scale)) {
  console.error(`--scale must be one of ${SCALE_NAMES.join(', ')}`)
  process.exit(2)
}
const seed = Number(opt('seed') ?? 1)
const baseDate = opt('base-date')
// Default: today's midnight UTC, so the history ends "now"; pass --base-date to reproduce a file.
const baseTime = baseDate ? Date.parse(`${baseDate}T00:00:00Z`) : Math.floor(Date.now() / 86_400_000) * 86_400_000
if (!Number.isFinite(seed) || !Number.isFinite(baseTime)) {
  console.error('--seed must be a number and --base-date YYYY-MM-DD')
  process.exit(2)
}
const dataDir = opt('data-dir') ?? (process.env.LAIBANG_DATA_DIR || defaultDataDir())
const profile = opt('profile') ?? (process.env.LAIBANG_PROFILE || 'default')
const file = profileDbFile(dataDir, profile)
const migrationsDir = fileURLToPath(new URL('../drizzle', import.meta.url))

if (existsSync(file)) {
  const probe = openDatabase(file, { migrationsDir })
  const companies = probe.sqlite.prepare('SELECT count(*) FROM company').pluck().get() as number
  probe.sqlite.close()
  if (companies > 0 && !args.includes('--force')) {
    console.error(`${file} already holds a company. Use another --profile / --data-dir, or --force to replace it.`)
    process.exit(1)
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}

const { sqlite } = openDatabase(file, { migrationsDir })
// Bulk-load settings for this connection only; the app opens its own with the normal ones.
// A new file written once: no journal (each page written once, not to the WAL and again at
// checkpoints), sorts for CREATE INDEX in memory, a 1 GiB page cache. WAL again at the end.
sqlite.pragma('journal_mode = OFF')
sqlite.pragma('synchronous = OFF')
sqlite.pragma('temp_store = MEMORY')
sqlite.pragma('cache_size = -1048576')
// CREATE INDEX after the load sorts with a helper thread (SQLite's multi-threaded sorter).
sqlite.pragma('threads = 2')
const tty = process.stderr.isTTY
let lastPhase = ''
let lastTenth = -1
const progress = (phase: string, done: number, total: number) => {
  const tenth = total ? Math.floor((done / total) * 10) : 10
  if (phase === lastPhase && tenth === lastTenth) return
  if (phase !== lastPhase && tty && lastPhase) process.stderr.write('\n')
  lastPhase = phase
  lastTenth = tenth
  const line = `  ${phase}: ${total ? `${done.toLocaleString('en')} / ${total.toLocaleString('en')}` : '…'}`
  process.stderr.write(tty ? `\r${line}` : `${line}\n`)
}
process.stderr.write(`seeding ${scale} (seed ${seed}, base ${new Date(baseTime).toISOString().slice(0, 10)}) into ${file}\n`)
const report = await seedDatabase(sqlite, {
  scale, seed, baseTime, fresh: true, analyze: true, progress,
  adminPassword: opt('admin-password') ?? 'laibang-admin-1', userPassword: opt('user-password') ?? 'laibang-user-1',
})
sqlite.pragma('journal_mode = WAL')
sqlite.close()
if (tty) process.stderr.write('\n')
process.stderr.write(`done in ${(report.ms / 1000).toFixed(1)} s: ${Object.entries(report.counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}\n`)
for (const p of report.phases) process.stderr.write(`  ${p.phase}: ${(p.ms / 1000).toFixed(1)} s\n`)
if (report.salesSkipped) process.stderr.write(`  quotes/orders: ${report.salesSkipped}\n`)
console.log(`profile: ${file}`)
console.log('logins (password for all but admin is the same):')
for (const l of report.logins.slice(0, 4)) console.log(`  ${l.username.padEnd(12)} ${l.password.padEnd(18)} ${l.role}`)
console.log(`  … ${report.logins.length - 4} more (sales001…, manager1…, gm, director, finance, warehouse, service)`)
console.log(`start it with: LAIBANG_DATA_DIR=${dataDir} LAIBANG_PROFILE=${profile} npm run serve`)
