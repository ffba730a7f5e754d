/**
 * One cold start of the main-process modules, in a process of its own:
 *   node --import tsx bench/suites/cold-start.ts <data dir>
 * Prints one JSON line: ms since process start to modules loaded, to database open +
 * migrations checked + every module initialised (createMainApp), to the first query answered
 * (customers.list first page through the registry), and resident memory after it.
 * performance.now() counts from process start, so node's own start-up is included.
 */
const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: cold-start.ts <data dir>')
const atStart = performance.now()
const { createMainApp } = await import('../../src-main/app')
const { createNodePlatform } = await import('../../src-main/platform/node')
const { MIGRATIONS_DIR } = await import('../lib/cache')
const imported = performance.now()
const platform = createNodePlatform({ dataDir, quiet: true })
const app = createMainApp({ platform, migrationsDir: MIGRATIONS_DIR, version: 'bench' })
const opened = performance.now()
// A session without the password check (scrypt is a login's cost, not the start's).
const adminId = app.database.sqlite.prepare(`SELECT id FROM users WHERE username = 'admin'`).pluck().get() as string
app.sessions.set('cold', adminId)
const res = await app.registry.call('customers.list', { limit: 100 }, { connectionId: 'cold', transport: 'test' })
if (!res.ok) throw new Error(JSON.stringify(res.error))
const firstQuery = performance.now()
const rss = process.memoryUsage().rss
app.close()
console.log(JSON.stringify({ nodeStartMs: atStart, importedMs: imported, openedMs: opened, firstQueryMs: firstQuery, appInitMs: opened - imported, firstQueryOnlyMs: firstQuery - opened, rssMb: Math.round(rss / 1048576), migrationsApplied: app.database.migration.applied.length }))
process.exit(0)
export {}
