import { afterEach, describe, expect, it } from 'vitest'
import { HybridClock } from '../../core/hlc'
import { uuidv7 } from '../../core/uuid'
import { customersSynced } from '../../modules/customers/customers.synced'
import type { SyncService } from '../../modules/sync/sync.service'
import { createTestApp, type TestApp } from '../../testing'
import { tableMaps, type EngineCtx } from '../context'
import { rowToDoc } from '../doc'
import type { PouchDoc } from '../pouch'
import { projectOnce } from '../projector'
import { DEFER_MIN_BACKLOG, SyncStore } from '../store'

const apps: TestApp[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) {
    await (t.app.services.sync as SyncService).engine.stop()
    t.close()
  }
})

/** Customer documents as replication writes them into the local PouchDB (first revisions). */
function customerDocs(n: number): PouchDoc[] {
  const def = customersSynced[0]!
  const t0 = 1_790_000_000_000
  return Array.from({ length: n }, (_, i) => {
    const stamp = `${String(t0 + i).padStart(13, '0')}-0000-testserver0001`
    const row = {
      id: uuidv7(t0 + i), createdAt: t0, createdBy: null, updatedAt: t0, updatedBy: null, deletedAt: null, hlc: stamp, syncRev: null, fieldHlc: { name: stamp },
      ownerId: null, name: `长安${i}号贸易有限公司`, nameNorm: '', pinyin: '', creditCode: null, level: null, category: null, industry: null, source: null,
      province: null, city: null, address: null, phone: `020-6666${String(i).padStart(4, '0')}`, website: null, tags: [], status: 'active', notes: null, custom: {},
      lastFollowupAt: null, releasedAt: null, previousOwnerId: null, locked: false, won: false,
    }
    return { ...rowToDoc(def, row, { device: 'server', appVersion: 'test', schema: 1, mutation: null }), _rev: `1-${(i + 1).toString(16).padStart(32, '0')}` }
  })
}

describe('projector backlog during a catch-up pull', () => {
  it('counts what the pull is still bringing: the first small batch already defers the search index, and the build waits for the pull to end', async () => {
    const t = createTestApp()
    apps.push(t)
    const sqlite = t.app.database.sqlite
    const pouch = (t.app.services.sync as SyncService).engine.local()
    // Fewer documents than the local threshold: on its own, this batch would be indexed as it goes.
    const n = 300
    expect(n).toBeLessThan(DEFER_MIN_BACKLOG)
    await pouch.bulkDocs(customerDocs(n), { new_edits: false })
    let incoming = 5_000
    const c: EngineCtx = {
      store: new SyncStore(t.app.database.db, sqlite), pouch, clock: new HybridClock('device0001', () => t.clock.now()),
      writer: { device: 'device0001', appVersion: 'test', schema: 1 }, now: () => t.clock.now(),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined }, ...tableMaps(), incoming: () => incoming,
    }
    const meta = (key: string) => sqlite.prepare(`SELECT value FROM local_meta WHERE key = ?`).pluck().get(key) as string | undefined
    const fts = () => sqlite.prepare(`SELECT count(*) FROM customers_fts`).pluck().get() as number
    const customerIndexes = () => sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL`).pluck().get() as number
    const indexesBefore = customerIndexes()

    expect((await projectOnce(c)).count).toBe(n)
    expect(sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(n)
    // Deferred from an empty table (mark 0), secondary indexes set aside: bulk mode from the first batch.
    expect(meta('index.deferred:customers.search')).toBe('0')
    expect(meta('index.dropped')).toBeDefined()
    expect(fts()).toBe(0)

    // Nothing new locally, the pull still running: no build yet (it would put the indexes back mid-pull).
    expect((await projectOnce(c)).count).toBe(0)
    expect(meta('index.deferred:customers.search')).toBe('0')
    expect(fts()).toBe(0)

    // The pull ended: the projector finding nothing to do builds everything, as a full rebuild would.
    incoming = 0
    const done = await projectOnce(c)
    expect(done.tables).toContain('customers')
    expect(meta('index.deferred:customers.search')).toBeUndefined()
    expect(meta('index.dropped')).toBeUndefined()
    expect(fts()).toBe(n)
    expect(customerIndexes()).toBe(indexesBefore)
    const hit = sqlite.prepare(`SELECT count(*) FROM customer_keys WHERE key = 'p:ca12hmyyxgs'`).pluck().get() as number
    expect(hit).toBe(1)
  })
})
