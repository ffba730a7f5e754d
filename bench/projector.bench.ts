/**
 * Projection only (not a test): `node --import tsx bench/projector.bench.ts [--count 10000] [--repeat 3] [--profile f]`.
 *
 * The sync benchmark measures an initial sync end to end (HTTP, server, replication, local
 * PouchDB, projection). This one isolates what LaiBang adds on top of replication: the same
 * customer documents are written into a device's local PouchDB the way replication writes them
 * (`bulkDocs` with `new_edits: false`, batches of 500), then the engine projects them into
 * SQLite. Reported per document, wall and CPU: reading the local changes feed alone, and the
 * whole projection (feed + rows, derived columns, sync_docs, search index). Medians of
 * `repeat` fresh devices. Writes bench/results/projector-<date>[-<tag>].json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { cpus, loadavg } from 'node:os'
import { customersSynced } from '../src-main/modules/customers/customers.synced'
import type { SyncService } from '../src-main/modules/sync/sync.service'
import { rowToDoc } from '../src-main/sync/doc'
import { bulkLoad } from '../src-main/sync/store'
import type { PouchDoc } from '../src-main/sync/pouch'
import { uuidv7 } from '../src-main/core/uuid'
import { createTestApp } from '../src-main/testing'
import { customerGenerator } from './customers-data'
import { median } from './lib/timing'

const arg = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : null
}
const N = Number(arg('count') ?? 10_000)
const REPEAT = Number(arg('repeat') ?? 3)
const PROFILE = arg('profile')
const TAG = arg('tag')
const def = customersSynced[0]!
/** `--variants before,after,…`: the projector's bulk mode (store.ts `bulkLoad`) A/B in one run, order rotated per round. */
const BULK_DEFAULTS = { ...bulkLoad }
const VARIANTS: Record<string, Partial<typeof bulkLoad>> = {
  after: {}, before: { dropIndexes: false, cacheKiB: 0, batchFactor: 1 }, noDrop: { dropIndexes: false }, noCache: { cacheKiB: 0 }, noBatch: { batchFactor: 1 },
}
const VARIANT_NAMES = (arg('variants') ?? 'after').split(',')
for (const v of VARIANT_NAMES) if (!VARIANTS[v]) throw new Error(`unknown variant ${v}`)

// Documents as the server would send them (a first revision each).
const gen = customerGenerator(7)
const t0 = Date.now()
const docs: PouchDoc[] = []
for (let i = 0; i < N; i++) {
  const c = gen(i)
  const stamp = `${String(t0 + i).padStart(13, '0')}-0000-benchseeder01`
  const row = {
    id: uuidv7(t0 + i), createdAt: t0, createdBy: null, updatedAt: t0, updatedBy: null, deletedAt: null, hlc: stamp, syncRev: null,
    fieldHlc: Object.fromEntries(['name', 'province', 'city', 'phone', 'level', 'category', 'source', 'status', 'address', 'tags'].map((f) => [f, stamp])),
    ownerId: 'a', name: c.name, nameNorm: '', pinyin: '', creditCode: null, level: c.level, category: c.category, industry: null, source: c.source,
    province: c.province, city: c.city, address: c.address, phone: c.phone, website: null, tags: c.tags, status: c.status, notes: null, custom: {},
    lastFollowupAt: null, releasedAt: null, previousOwnerId: null, locked: false, won: false,
  }
  const doc = rowToDoc(def, row, { device: 'seeder', appVersion: 'bench', schema: 1, mutation: null })
  docs.push({ ...doc, _rev: `1-${(i + 1).toString(16).padStart(32, '0')}` })
}

interface Phase { ms: number; cpuMs: number }
async function timed(fn: () => Promise<void>, profileFile?: string | null): Promise<Phase> {
  const session = profileFile ? new Session() : null
  if (session) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const cpu = process.cpuUsage()
  const s = performance.now()
  await fn()
  const ms = performance.now() - s
  const c = process.cpuUsage(cpu)
  if (session) {
    writeFileSync(profileFile!, JSON.stringify((await session.post('Profiler.stop')).profile))
    session.disconnect()
  }
  return { ms, cpuMs: (c.user + c.system) / 1000 }
}

const runs: { variant: string; feed: Phase; project: Phase; fts: number }[] = []
for (let r = 0; r < REPEAT * VARIANT_NAMES.length; r++) {
  const variant = VARIANT_NAMES[(r + Math.floor(r / VARIANT_NAMES.length)) % VARIANT_NAMES.length]!
  Object.assign(bulkLoad, BULK_DEFAULTS, VARIANTS[variant])
  const t = createTestApp()
  try {
    const engine = (t.app.services.sync as SyncService).engine
    const local = engine.local()
    for (let i = 0; i < N; i += 500) await local.bulkDocs(docs.slice(i, i + 500), { new_edits: false })
    // The feed alone, as the projector reads it.
    const feed = await timed(async () => {
      let since: number | string = 0
      for (;;) {
        const res: { results: unknown[]; last_seq: number | string } = await local.changes({ since, limit: 500, include_docs: true, conflicts: true, style: 'all_docs' })
        if (res.results.length === 0) break
        since = res.last_seq
      }
    })
    const project = await timed(async () => { while ((await engine.project()) > 0) { /* next batch */ } }, r === 0 ? PROFILE : null)
    const fts = t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts`).pluck().get() as number
    if (fts !== N) throw new Error(`projected ${fts} of ${N}`)
    runs.push({ variant, feed, project, fts })
    const us = (p: Phase) => `${((p.ms * 1000) / N).toFixed(0)} µs/doc wall, ${((p.cpuMs * 1000) / N).toFixed(0)} µs/doc cpu`
    console.log(`run ${r + 1} [${variant}]: feed only ${us(feed)}; projection ${us(project)} (${Math.round(N / (project.ms / 1000))} docs/s), load ${loadavg()[0]!.toFixed(1)}`)
  } finally {
    await (t.app.services.sync as SyncService).engine.stop()
    t.close()
  }
}
const per = (k: 'feed' | 'project', m: 'ms' | 'cpuMs', v = VARIANT_NAMES[0]) => Number(((median(runs.filter((r) => r.variant === v).map((r) => r[k][m])) * 1000) / N).toFixed(1))
const variants = Object.fromEntries(VARIANT_NAMES.map((v) => [v, { settings: { ...BULK_DEFAULTS, ...VARIANTS[v] }, projectionUsPerDoc: { wall: per('project', 'ms', v), cpu: per('project', 'cpuMs', v) } }]))
const result = {
  date: new Date().toISOString(), docs: N, node: process.version, cpus: cpus().length, loadAverage: loadavg().map((x) => Number(x.toFixed(2))), repeat: REPEAT, tag: TAG,
  feedOnlyUsPerDoc: { wall: per('feed', 'ms'), cpu: per('feed', 'cpuMs') },
  projectionUsPerDoc: { wall: per('project', 'ms'), cpu: per('project', 'cpuMs') },
  projectionDocsPerSec: Math.round(N / (median(runs.filter((r) => r.variant === VARIANT_NAMES[0]).map((r) => r.project.ms)) / 1000)),
  ...(VARIANT_NAMES.length > 1 ? { variants } : {}),
}
console.log(JSON.stringify(result))
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
writeFileSync(new URL(`./results/projector-${result.date.slice(0, 10)}${N !== 10_000 ? `-${N}` : ''}${TAG ? `-${TAG}` : ''}.json`, import.meta.url), JSON.stringify(result, null, 2) + '\n')
process.exit(0)
