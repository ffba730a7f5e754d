/**
 * Sync benchmark (not a test): `npm run bench:sync` (add `-- --100k` for 100,000 documents).
 *
 * 1. Initial sync of N customer-sized documents from a CouchDB-compatible server (in-process
 *    express-pouchdb on 127.0.0.1) into a fresh device, including projection into SQLite
 *    (rows, derived columns, FTS and search keys), as docs/s — compared with plain PouchDB →
 *    PouchDB (leveldb) replication of the same documents from the same server in the same run.
 * 2. Live change latency device A → server → device B (SQLite row visible), p50 / p95.
 * Writes bench/results/sync-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { customersSynced } from '../src-main/modules/customers/customers.synced'
import { customers } from '../src-main/modules/customers/customers.table'
import { rowToDoc } from '../src-main/sync/doc'
import { pouchDb } from '../src-main/sync/pouch'
import { uuidv7 } from '../src-main/core/uuid'
import { tempDir } from '../src-main/testing'
import { startCouchServer } from '../src-main/testing/couch-server'
import { createDevice, serverWithDatabase, waitFor, type SyncDevice } from '../src-main/testing/sync'
import { customerGenerator } from './customers-data'

const N = process.argv.includes('--100k') ? 100_000 : 10_000
const LATENCY_SAMPLES = 40
const def = customersSynced[0]!

const server = await startCouchServer()
await serverWithDatabase(server, 'bench', [{ name: 'a', password: 'pw-a' }, { name: 'b', password: 'pw-b' }, { name: 'c', password: 'pw-c' }])

// ── seed the server ──
const gen = customerGenerator(7)
const t0 = Date.now()
let bytes = 0
for (let start = 0; start < N; start += 1000) {
  const docs = []
  for (let i = start; i < Math.min(N, start + 1000); i++) {
    const c = gen(i)
    const id = uuidv7(t0 + i)
    const stamp = `${String(t0 + i).padStart(13, '0')}-0000-benchseeder01`
    const row = {
      id, createdAt: t0, createdBy: null, updatedAt: t0, updatedBy: null, deletedAt: null, hlc: stamp, syncRev: null,
      fieldHlc: Object.fromEntries(['name', 'province', 'city', 'phone', 'level', 'category', 'source', 'status', 'address', 'tags'].map((f) => [f, stamp])),
      ownerId: 'a', name: c.name, nameNorm: '', pinyin: '', creditCode: null, level: c.level, category: c.category, industry: null, source: c.source,
      province: c.province, city: c.city, address: c.address, phone: c.phone, website: null, tags: c.tags, status: c.status, notes: null, custom: {},
      lastFollowupAt: null, releasedAt: null, previousOwnerId: null, locked: false, won: false,
    }
    const doc = rowToDoc(def, row, { device: 'seeder', appVersion: 'bench', schema: 1, mutation: null })
    bytes += JSON.stringify(doc).length
    docs.push(doc)
  }
  const r = await server.request('POST', '/bench/_bulk_docs', { docs })
  if (r.status !== 201) throw new Error(`seeding failed: ${r.status}`)
}
console.log(`seeded ${N} docs (avg ${Math.round(bytes / N)} bytes) in ${Date.now() - t0} ms`)

// ── plain PouchDB → PouchDB ──
const plainDir = tempDir('laibang-bench-plain-')
const P = pouchDb()
const plain = new P(join(plainDir.dir, 'db'))
let s = performance.now()
await plain.replicate.from(new P(`${server.url}/bench`, { auth: { username: 'c', password: 'pw-c' }, skip_setup: true }), { batch_size: 500, batches_limit: 4 })
const plainMs = performance.now() - s
await plain.close()
plainDir.cleanup()
console.log(`plain PouchDB replication: ${Math.round(plainMs)} ms, ${Math.round(N / (plainMs / 1000))} docs/s`)

// ── LaiBang: fresh device, live sync until every customer is in SQLite ──
const count = (d: SyncDevice) => d.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get() as number
const b = await createDevice({ server, username: 'b', password: 'pw-b', database: 'bench' })
s = performance.now()
await b.sync.saveSettings({ serverUrl: server.url, username: 'b', password: 'pw-b', database: 'bench', enabled: true })
await waitFor(() => count(b) >= N, 'initial sync into SQLite', 30 * 60_000)
const lbMs = performance.now() - s
const fts = b.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts`).pluck().get() as number
console.log(`LaiBang initial sync incl. SQLite projection: ${Math.round(lbMs)} ms, ${Math.round(N / (lbMs / 1000))} docs/s, ratio ${(plainMs / lbMs).toFixed(2)} (fts rows ${fts})`)

// ── live latency A → server → B ──
const a = await createDevice({ server, username: 'a', password: 'pw-a', database: 'bench', live: true })
await waitFor(() => count(a) >= N, 'device A caught up', 30 * 60_000)
const ids = a.t.app.database.sqlite.prepare(`SELECT id FROM customers ORDER BY id LIMIT ?`).pluck().all(LATENCY_SAMPLES) as string[]
const latencies: number[] = []
for (const [i, id] of ids.entries()) {
  const city = `延迟测试${i}`
  const start = performance.now()
  a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { city }))
  await waitFor(() => b.t.app.database.db.select({ city: customers.city }).from(customers).where(eq(customers.id, id)).get()?.city === city, 'change on B', 30_000)
  latencies.push(performance.now() - start)
}
latencies.sort((x, y) => x - y)
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!)
console.log(`live latency A → server → B: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms`)

const result = {
  date: new Date().toISOString(), docs: N, avgDocBytes: Math.round(bytes / N), node: process.version,
  plainPouchToPouch: { ms: Math.round(plainMs), docsPerSec: Math.round(N / (plainMs / 1000)) },
  laibangInitialSync: { ms: Math.round(lbMs), docsPerSec: Math.round(N / (lbMs / 1000)), ratioToPlain: Number((plainMs / lbMs).toFixed(3)), ftsRows: fts },
  liveLatencyMs: { samples: latencies.length, p50: pct(0.5), p95: pct(0.95) },
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const out = new URL(`./results/sync-${result.date.slice(0, 10)}${N === 100_000 ? '-100k' : ''}.json`, import.meta.url)
writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
console.log(`wrote ${out.pathname}`)
await a.close()
await b.close()
await server.close()
