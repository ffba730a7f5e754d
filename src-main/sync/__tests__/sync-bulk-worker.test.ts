import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Sqlite } from '../../core/db'
import { contacts, customers } from '../../modules/customers/customers.table'
import { rebuildSearchIndex } from '../../modules/customers/search-index'
import { createTestDb, customerSearchSnapshot } from '../../testing'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, serverWithDatabase, syncAll, waitFor, type SyncDevice } from '../../testing/sync'
import { DROPPED_INDEXES_KEY } from '../../core/bulk-indexes'
import { BulkWorker, bulkWorkerEntry, workerExecArgv } from '../bulk-worker'
import { bulkLoad, DEFER_MIN_BACKLOG, SyncStore } from '../store'

let server: CouchTestServer
const devices: SyncDevice[] = []
let dbn = 0
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
// The worker builds once this many rows wait (4,000 in the app; a test sync of a few thousand would never reach it).
const minRows = bulkLoad.workerMinRows
const minBacklog = bulkLoad.workerMinBacklog
const restoreAhead = bulkLoad.restoreAhead
beforeEach(() => { bulkLoad.workerMinRows = 400 })
afterEach(async () => {
  bulkLoad.workerProjects = true
  bulkLoad.restoreAhead = restoreAhead
  bulkLoad.workerMinRows = minRows
  bulkLoad.workerMinBacklog = minBacklog
  bulkWorkerEntry.path = null
  for (const d of devices.splice(0)) await d.close().catch(() => undefined)
})

const N = DEFER_MIN_BACKLOG * 2 + 600
const one = (s: Sqlite, q: string, ...p: unknown[]) => s.prepare(q).pluck().get(...p)
const store = (d: SyncDevice) => (d.engine as unknown as { d: { store: SyncStore } }).d.store
const mark = (s: Sqlite) => one(s, `SELECT value FROM local_meta WHERE key = 'index.deferred:customers.search'`) as string | undefined


/** Device a holds N customers (some with a contact) on the server; device b has none yet. */
async function source(n = N): Promise<{ a: SyncDevice; b: SyncDevice; another(): Promise<SyncDevice>; goLive(d: SyncDevice): Promise<void> }> {
  const db = `bw${++dbn}`
  const users = [{ name: `w${dbn}a`, password: 'pw-a' }, { name: `w${dbn}b`, password: 'pw-b' }, { name: `w${dbn}c`, password: 'pw-c' }]
  await serverWithDatabase(server, db, users)
  // Small batches: the initial sync is several bulk batches (250 × 4 while far behind).
  const a = await createDevice({ server, username: users[0]!.name, password: 'pw-a', database: db, batchSize: 250 })
  const b = await createDevice({ server, username: users[1]!.name, password: 'pw-b', database: db, batchSize: 250 })
  devices.push(a, b)
  a.t.app.mutation({ userId: null }, (w) => {
    for (let i = 0; i < n; i++) {
      const c = w.insert(customers, { name: `后台索引客户${i}号有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: `020-3${String(i).padStart(7, '0')}` })
      if (i % 30 === 0) w.insert(contacts, { customerId: c.id, name: `赵${i}`, mobile: `1370000${String(i).padStart(4, '0')}`, isPrimary: true })
    }
  })
  await a.engine.syncOnce()
  const another = async () => {
    const c = await createDevice({ server, username: users[2]!.name, password: 'pw-c', database: db, batchSize: 250 })
    devices.push(c)
    return c
  }
  // Live sync, as the app runs it (the catch-up pull of runLive, then live replication).
  const goLive = async (d: SyncDevice) => { await d.sync.saveSettings({ serverUrl: server.url, username: d === b ? users[1]!.name : users[2]!.name, password: d === b ? 'pw-b' : 'pw-c', database: db, enabled: true }) }
  return { a, b, another, goLive }
}

/** Restarts a device as after a crash (same files), syncs it once, and returns the new instance. */
async function restartAndSync(d: SyncDevice): Promise<SyncDevice> {
  const next = await d.restart()
  devices.splice(devices.indexOf(d), 1, next)
  await syncAll([next], 1)
  return next
}

/** Starts b's bulk worker before its sync and waits until it runs (it otherwise starts at the first bulk batch). */
async function workerReady(b: SyncDevice): Promise<BulkWorker> {
  const s = store(b)
  s.bulkWorker = new BulkWorker(s.sqlite)
  await waitFor(() => s.bulkWorker!.builds('customers.search'), 'bulk worker started', 30_000)
  return s.bulkWorker
}

describe('the sync bulk worker (search build and checkpoints beside the main thread)', () => {
  it('indexes each committed bulk batch while the initial sync goes on; the result equals a full rebuild and the main connection checkpoints by itself again', async () => {
    const { a, b } = await source()
    const s = b.t.app.database.sqlite
    // This thread projects every batch here, as it does those the worker cannot take (documents
    // already known, types it does not project); the worker's own batches are tested below.
    bulkLoad.workerProjects = false
    const worker = await workerReady(b)
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    // At each batch: rows up to the saved mark are searchable, rows above it not yet.
    const seen: { rows: number; indexed: number; mark: number; above: number; indexes: string[]; keyIndex: boolean }[] = []
    b.fault = (p, d) => {
      if (p !== 'projector.midBatch' || d?.index !== 0) return
      const m = Number(mark(s) ?? 0)
      seen.push({
        rows: one(s, `SELECT count(*) FROM customers`) as number, mark: m,
        indexed: one(s, `SELECT count(*) FROM customers_fts WHERE rowid <= ?`, m) as number,
        above: one(s, `SELECT count(*) FROM customers_fts WHERE rowid > ?`, m) as number,
        indexes: s.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('contacts_customer', 'customers_owner_updated')`).pluck().all() as string[],
        keyIndex: one(s, `SELECT count(*) FROM sqlite_master WHERE name = 'customer_keys_key'`) === 1,
      })
    }
    await syncAll([b], 1)
    // The worker built most of the initial sync; the batch that caught up built only the rest.
    expect(worker.stats.rows).toBeGreaterThanOrEqual(DEFER_MIN_BACKLOG)
    expect(worker.stats.failed).toBeNull()
    // It also ran the checkpoints: pages went from the WAL into the database file off the main thread.
    expect(worker.stats.checkpointedFrames).toBeGreaterThan(0)
    const during = seen.filter((x) => x.mark > 0)
    expect(during.length).toBeGreaterThanOrEqual(2)
    for (const x of during) {
      expect(x.indexed).toBe(one(s, `SELECT count(*) FROM customers WHERE rowid <= ?`, x.mark))
      expect(x.above).toBe(0)
      // Customers' secondary indexes are set aside; the contacts index each chunk reads stays.
      expect(x.indexes).toEqual(['contacts_customer'])
      // The search keys' unique index too: the chunks append keys to an unindexed table.
      expect(x.keyIndex).toBe(false)
    }
    // Found by search before the sync ended (they used to wait for the last batch).
    expect(Math.max(...during.map((x) => x.indexed))).toBeGreaterThanOrEqual(DEFER_MIN_BACKLOG)

    // Done: no mark left, the worker stopped, SQLite's own checkpoints back on.
    expect(mark(s)).toBeUndefined()
    expect(store(b).bulkWorker).toBeNull()
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    // Every index is back, the keys' unique one included, and initials are found through it.
    expect(one(s, `SELECT count(*) FROM local_meta WHERE key = ?`, DROPPED_INDEXES_KEY)).toBe(0)
    expect(one(s, `SELECT count(*) FROM sqlite_master WHERE name = 'customer_keys_key'`)).toBe(1)
    expect(s.prepare(`EXPLAIN QUERY PLAN SELECT customer_id FROM customer_keys WHERE key >= 'p:htsy' AND key < 'p:htsz'`).all().map((r) => (r as { detail: string }).detail).join()).toMatch(/customer_keys_key/)
    const projected = customerSearchSnapshot(s)
    expect(projected.fts).toHaveLength(N)
    expect(projected).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    rebuildSearchIndex(s)
    expect(customerSearchSnapshot(s)).toEqual(projected)
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('a worker that starts after the first bulk batches (the backlog grew) gets back the contacts index they set aside, before its first chunk', async () => {
    const { a, b } = await source()
    const s = b.t.app.database.sqlite
    // No worker for the first bulk batch; from the next one on, as when the backlog passes workerMinBacklog later.
    bulkLoad.workerMinBacklog = Number.MAX_SAFE_INTEGER
    const seen: { worker: boolean; indexes: string[] }[] = []
    b.fault = (p, d) => {
      if (p !== 'projector.midBatch' || d?.index !== 0 || !mark(s)) return
      seen.push({ worker: store(b).bulkWorker !== null, indexes: s.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('contacts_customer', 'customers_owner_updated')`).pluck().all() as string[] })
      bulkLoad.workerMinBacklog = 1
    }
    await syncAll([b], 1)
    // The first bulk batch, without the worker, set aside both tables' indexes (contacts was empty).
    expect(seen[0]).toEqual({ worker: false, indexes: [] })
    // Every batch with the worker: contacts_customer is back; customers' own indexes stay aside until the end.
    const withWorker = seen.filter((x) => x.worker)
    expect(withWorker.length).toBeGreaterThanOrEqual(1)
    for (const x of withWorker) expect(x.indexes).toEqual(['contacts_customer'])
    expect(one(s, `SELECT count(*) FROM local_meta WHERE key = ?`, DROPPED_INDEXES_KEY)).toBe(0)
    expect(mark(s)).toBeUndefined()
    expect(customerSearchSnapshot(s)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('a crash after the worker has indexed part of the initial sync: the restart resumes from its mark and the index is exact', async () => {
    const { a, b: first } = await source()
    let b = first
    bulkLoad.workerProjects = false // batches projected on this thread (see the first test)
    const worker = await workerReady(b)
    // The third bulk batch crashes mid-way: the first two are committed and indexed by the worker.
    let batches = 0
    b.fault = (p, d) => { if (p === 'projector.midBatch' && d?.index === 10 && ++batches === 3) throw new Error('simulated crash') }
    await expect(syncAll([b], 1)).rejects.toThrow(/simulated crash/)
    await worker.idle()
    const s1 = b.t.app.database.sqlite
    const m = Number(mark(s1))
    expect(m).toBeGreaterThan(0)
    expect(one(s1, `SELECT count(*) FROM customers_fts`)).toBe(one(s1, `SELECT count(*) FROM customers WHERE rowid <= ?`, m))
    expect(one(s1, `SELECT count(*) FROM customers_fts WHERE rowid > ?`, m)).toBe(0)

    b = await restartAndSync(b)
    const s = b.t.app.database.sqlite
    expect(mark(s)).toBeUndefined()
    const projected = customerSearchSnapshot(s)
    expect(projected.fts).toHaveLength(N)
    expect(projected).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('a worker that cannot start changes nothing but speed: the main thread builds and checkpoints', async () => {
    const { a, b } = await source()
    const s = b.t.app.database.sqlite
    bulkWorkerEntry.path = join(b.dir, 'no-such-worker.js')
    const st = store(b)
    const worker = new BulkWorker(s)
    st.bulkWorker = worker
    await waitFor(() => worker.stats.failed !== null, 'the worker failing', 30_000)
    expect(worker.stats.failed).toMatch(/no-such-worker|Cannot find|ENOENT/i)
    expect(worker.builds('customers.search')).toBe(false)
    await syncAll([b], 1)
    expect(worker.stats.runs).toBe(0)
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(mark(s)).toBeUndefined()
    expect(customerSearchSnapshot(s).fts).toHaveLength(N)
    expect(customerSearchSnapshot(s)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
  }, 180_000)

  it('projects batches of new documents on its own connection while the sync goes on: rows, sync_docs and search data equal a main-thread projection', async () => {
    const { a, b, another } = await source()
    // Its batches after the half-way point also bring the set-aside indexes back (restoreAhead, 0.07 in the app).
    bulkLoad.restoreAhead = 1
    const worker = await workerReady(b)
    const toWorker: number[] = []
    b.fault = (p) => { if (p === 'projector.toWorker') toWorker.push(one(b.t.app.database.sqlite, `SELECT count(*) FROM customers`) as number) }
    await syncAll([b], 1)
    expect(worker.stats.failed).toBeNull()
    // The first bulk batch went to the worker too (workerFirst): nothing was projected before it,
    // and its transaction set the empty tables' indexes aside there (they come back below).
    expect(worker.stats.projected).toBeGreaterThanOrEqual(2)
    expect(toWorker[0]).toBe(0)
    // The customers' indexes (and those of the other tables set aside) came back with a worker batch; the keys' unique index waited for the final build.
    expect(worker.stats.restoredTables).toContain('customers')
    expect(worker.stats.restoredTables).not.toContain('customer_keys')
    expect(one(b.t.app.database.sqlite, `SELECT count(*) FROM local_meta WHERE key = ?`, DROPPED_INDEXES_KEY)).toBe(0)
    expect(one(b.t.app.database.sqlite, `SELECT count(*) FROM sqlite_master WHERE name IN ('customers_owner_updated', 'customer_keys_key', 'contacts_customer')`)).toBe(3)

    // The same documents projected on the main thread only.
    bulkLoad.workerProjects = false
    const c = await another()
    const mainWorker = await workerReady(c)
    await syncAll([c], 1)
    expect(mainWorker.stats.projected).toBe(0)

    const rows = (d: SyncDevice, q: string) => d.t.app.database.sqlite.prepare(q).all()
    for (const q of [
      `SELECT * FROM customers ORDER BY id`,
      `SELECT * FROM contacts ORDER BY id`,
      `SELECT id, doc_type, rev, hlc, doc, dirty, acked_hlc FROM sync_docs ORDER BY id`,
    ]) expect(rows(b, q)).toEqual(rows(c, q))
    expect(rows(b, `SELECT count(*) AS n FROM customers`)).toEqual([{ n: N }])
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(customerSearchSnapshot(c.t.app.database.sqlite))
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    // The clock moved past every stamp received (that the worker saves it: fresh.test.ts).
    const hlc = one(b.t.app.database.sqlite, `SELECT value FROM local_meta WHERE key = 'hlc'`) as string
    expect(hlc >= (one(b.t.app.database.sqlite, `SELECT max(hlc) FROM sync_docs`) as string)).toBe(true)
    expect(one(b.t.app.database.sqlite, `SELECT count(*) FROM outbox`)).toBe(0)
    expect(one(b.t.app.database.sqlite, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('the sync time is saved once the bulk worker is idle, not while it may hold the write lock (the main thread would sleep in the busy handler)', async () => {
    const { b } = await source(5)
    const s = b.t.app.database.sqlite
    const saved = () => one(s, `SELECT value FROM local_meta WHERE key = 'sync.lastSyncAt'`) as string | undefined
    const engine = b.engine as unknown as { markSynced(): void }
    // No worker: saved at once.
    engine.markSynced()
    const first = saved()!
    expect(Number(first)).toBe(b.engine.status().lastSyncAt)
    s.prepare(`UPDATE local_meta SET value = 'earlier' WHERE key = 'sync.lastSyncAt'`).run()
    // A worker that is writing (its idle() still pending).
    let release!: () => void
    const idle = new Promise<void>((r) => { release = r })
    store(b).bulkWorker = { idle: () => idle } as unknown as BulkWorker
    try {
      engine.markSynced()
      // Shown at once, saved only once the worker is idle.
      expect(b.engine.status().lastSyncAt).toBe(Number(first))
      await new Promise((r) => setTimeout(r, 20))
      expect(saved()).toBe('earlier')
      release()
      await waitFor(() => saved() === first, 'sync time saved')
    } finally {
      store(b).bulkWorker = null
    }
  })

  it('a worker running the built file does not inherit the module hooks of a process that runs the sources (a TypeScript loader), and keeps its other options', async () => {
    expect(workerExecArgv(['--import', 'tsx', '--max-old-space-size=4096', '--require=./hook.cjs', '-r', 'x', '--loader', 'y', '--experimental-loader=z', '--inspect=9230', '--enable-source-maps'])).toEqual(['--max-old-space-size=4096', '--inspect=9230', '--enable-source-maps'])
    expect(workerExecArgv([])).toBeUndefined()
    // What a started worker gets: a stand-in for the built file reports its options as its document types.
    const t = createTestDb()
    const file = join(t.dir, 'worker-stand-in.cjs')
    writeFileSync(file, `const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ type: 'ready', indexes: [], docTypes: process.execArgv })`)
    const parentArgv = process.execArgv
    onTestFinished(() => { process.execArgv = parentArgv; t.cleanup() })
    bulkWorkerEntry.path = file
    const optionsOf = async (execArgv: string[]) => {
      process.execArgv = execArgv
      const w = new BulkWorker(t.sqlite)
      await w.started(30_000)
      const got = [...(w as unknown as { docTypes: Set<string> }).docTypes]
      w.close()
      return got
    }
    expect(await optionsOf(['--import', 'tsx', '--trace-warnings'])).toEqual(['--trace-warnings'])
    // One a worker refuses (a V8 option, accepted only when inherited): none rather than no worker.
    expect(await optionsOf(['--import', 'tsx', '--max-old-space-size=512'])).toEqual([])
    // No hook to leave out: no options are given, the thread inherits them (unchecked) as before.
    expect(workerExecArgv(['--max-old-space-size=512', '--inspect=0'])).toBeUndefined()
    expect(workerExecArgv(['--require', 'x', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512'])
  })

  it('a crash inside the first bulk batch, taken by the worker: no mark, no index set aside, nothing written; the restart resumes and the result is exact', async () => {
    const { a, b: first } = await source()
    let b = first
    await workerReady(b)
    const s1 = b.t.app.database.sqlite
    const indexes = (s: Sqlite) => s.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck().all()
    const before = indexes(s1)
    let sent = 0
    b.fault = (p, d) => { if (p === 'projector.toWorker' && ++sent === 1) d!.failAfter = 10 }
    await expect(syncAll([b], 1)).rejects.toThrow(/simulated crash/)
    expect(one(s1, `SELECT count(*) FROM customers`)).toBe(0)
    expect(one(s1, `SELECT count(*) FROM sync_docs`)).toBe(0)
    expect(mark(s1)).toBeUndefined()
    expect(one(s1, `SELECT count(*) FROM local_meta WHERE key = ?`, DROPPED_INDEXES_KEY)).toBe(0)
    expect(indexes(s1)).toEqual(before)

    b = await restartAndSync(b)
    const s = b.t.app.database.sqlite
    expect(one(s, `SELECT count(*) FROM customers`)).toBe(N)
    expect(mark(s)).toBeUndefined()
    expect(indexes(s)).toEqual(before)
    expect(customerSearchSnapshot(s)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('a crash inside a batch the worker projects: nothing of it is written; the restart resumes and the result is exact', async () => {
    const { a, b: first } = await source()
    let b = first
    await workerReady(b)
    let sent = 0
    const s1 = b.t.app.database.sqlite
    const state = () => ({ customers: one(s1, `SELECT count(*) FROM customers`), docs: one(s1, `SELECT count(*) FROM sync_docs`), seq: one(s1, `SELECT value FROM local_meta WHERE key = 'sync.pull_seq'`) })
    let before: ReturnType<typeof state> | null = null
    b.fault = (p, d) => { if (p === 'projector.toWorker' && ++sent === 2) { before = state(); d!.failAfter = 10 } }
    await expect(syncAll([b], 1)).rejects.toThrow(/simulated crash/)
    // Rows, sync_docs and checkpoint exactly as before the batch: its first ten rows were rolled back.
    expect(state()).toEqual(before)
    // Each committed batch holds its rows with their sync_docs rows: none of the failed batch's ten.
    expect(one(s1, `SELECT count(*) FROM customers WHERE 'customer:' || id NOT IN (SELECT id FROM sync_docs)`)).toBe(0)
    expect(one(s1, `SELECT count(*) FROM sync_docs WHERE doc_type = 'customer' AND substr(id, 10) NOT IN (SELECT id FROM customers)`)).toBe(0)
    const written = one(s1, `SELECT count(*) FROM customers`) as number
    expect(written).toBeGreaterThan(0)
    expect(written).toBeLessThan(N)

    b = await restartAndSync(b)
    const s = b.t.app.database.sqlite
    expect(one(s, `SELECT count(*) FROM customers`)).toBe(N)
    expect(one(s, `SELECT count(*) FROM sync_docs WHERE doc_type = 'customer'`)).toBe(N)
    expect(mark(s)).toBeUndefined()
    expect(customerSearchSnapshot(s)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('a worker that dies with a batch in hand: the main thread projects that batch and the rest', async () => {
    const { a, b } = await source()
    const worker = await workerReady(b)
    let sent = 0
    b.fault = (p) => { if (p === 'projector.toWorker' && ++sent === 2) void (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate() }
    await syncAll([b], 1)
    expect(worker.stats.failed).toMatch(/exited/)
    const s = b.t.app.database.sqlite
    expect(one(s, `SELECT count(*) FROM customers`)).toBe(N)
    expect(customerSearchSnapshot(s)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(one(s, `PRAGMA integrity_check`)).toBe('ok')
  }, 180_000)

  it('starts when a large catch-up pull begins, before its first documents arrive, and takes the first batch once running; a worker no bulk batch took up is not kept', async () => {
    const starts: { behind: number; tapped: number; engine: SyncDevice['engine'] }[] = []
    const start = SyncStore.prototype.startBulkWorker
    onTestFinished(() => { SyncStore.prototype.startBulkWorker = start })
    let current: SyncDevice | null = null
    let started: BulkWorker | null = null
    SyncStore.prototype.startBulkWorker = function (behind) {
      const tap = (current?.engine as unknown as { tap: { heldDocs(): number } | null } | undefined)?.tap
      if (current && this === store(current) && !this.bulkWorker) starts.push({ behind, tapped: tap?.heldDocs() ?? -1, engine: current.engine })
      start.call(this, behind)
      if (current && this === store(current)) started ??= this.bulkWorker
    }
    bulkLoad.workerMinBacklog = 1000
    const { a, b, goLive } = await source()
    current = b
    // The batches this thread projects, with how many the worker had projected by then.
    const mainBatches: number[] = []
    b.fault = (p, x) => { if (p === 'projector.midBatch' && x?.index === 0) mainBatches.push(started?.stats.projected ?? -1) }
    await goLive(b)
    // Up to date: the live replication is running (closing it while it starts leaves PouchDB requests behind).
    const upToDate = (d: SyncDevice) => d.engine.status().state === 'idle' && d.engine.status().lastSyncAt !== null
    await waitFor(() => one(b.t.app.database.sqlite, `SELECT count(*) FROM customers`) === N && mark(b.t.app.database.sqlite) === undefined && store(b).bulkWorker === null && upToDate(b), 'live initial sync', 120_000)
    // Asked for by the pull, with nothing replicated yet (the tap empty), not by the first bulk batch.
    // (Behind: the server's documents, the contacts included.)
    expect(starts[0]).toMatchObject({ behind: one(a.t.app.database.sqlite, `SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM contacts)`), tapped: 0 })
    // The first batches waited for it while it loaded (waitForWorker): this thread projected
    // nothing before the worker's first batch, only the batch that caught up (or others the
    // worker could not take) after it.
    expect(mainBatches.length).toBeGreaterThanOrEqual(1)
    expect(mainBatches[0]).toBeGreaterThanOrEqual(1)
    expect(customerSearchSnapshot(b.t.app.database.sqlite)).toEqual(customerSearchSnapshot(a.t.app.database.sqlite))

    // A catch-up too small for the bulk mode: a worker asked for by the pull is stopped once it ends.
    bulkLoad.workerMinBacklog = 1
    const small = await source(20)
    current = small.b
    starts.length = 0
    await small.goLive(small.b)
    await waitFor(() => one(small.b.t.app.database.sqlite, `SELECT count(*) FROM customers`) === 20 && store(small.b).bulkWorker === null && upToDate(small.b), 'small live sync', 60_000)
    expect(starts[0]).toMatchObject({ behind: 21, tapped: 0 }) // 20 customers and a contact
  }, 180_000)
})
