import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { join } from 'node:path'
import { useCouchServer } from '../../testing/shared-db'
import { serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { insertCustomer, tempDir } from '../../testing'
import { leveldown, pouchDb, type ChangesResult, type Pouch, type PouchDoc } from '../pouch'
import { LevelStore, WriteTap } from '../tap'
import type { FaultPoint } from '../context'

/** A replicated revision as the replicator writes it (new_edits: false, with its history). */
const rev = (id: string, n: number, hash: string, body: Record<string, unknown> = {}, deleted = false): PouchDoc =>
  ({ _id: id, _rev: `${n}-${hash}`, _revisions: { start: n, ids: [hash] }, ...body, ...(deleted ? { _deleted: true } : {}) })

// Revision trees read one adapter call per document, or in one leveldown call per batch (the engine's way).
describe.each([['adapter reads', false], ['bulk reads', true]])('the write tap (tap.ts), %s', (_, bulk) => {
  let dir: ReturnType<typeof tempDir>
  let db: Pouch
  let tap: WriteTap
  let store: LevelStore
  beforeAll(() => { dir = tempDir('laibang-tap-') })
  afterAll(() => dir.cleanup())
  afterEach(async () => { await db.close() })

  async function open(name: string): Promise<void> {
    const P = pouchDb()
    store = new LevelStore()
    db = bulk ? new P(join(dir.dir, name), { db: store.factory(leveldown()!) }) : new P(join(dir.dir, name))
    tap = new WriteTap(undefined, bulk ? store : undefined)
    expect(tap.install(db)).toBe(true)
    await db.info()
  }

  /**
   * Four replication writes (seqs 1–3, 4, 5, 6): x:4, x:5, x:6; then x:4 gets a second branch,
   * x:5 a later revision, and x:7 arrives deleted.
   */
  async function writeHistories(): Promise<void> {
    await db.bulkDocs([rev('x:4', 1, 'c4'), rev('x:5', 1, 'c5'), rev('x:6', 1, 'c6')], { new_edits: false })
    await db.bulkDocs([rev('x:4', 1, 'd4')], { new_edits: false })
    await db.bulkDocs([{ ...rev('x:5', 2, 'e5'), _revisions: { start: 2, ids: ['e5', 'c5'] } }], { new_edits: false })
    await db.bulkDocs([rev('x:7', 1, 'f7', {}, true)], { new_edits: false })
  }

  it('reads revision trees in bulk exactly as the adapter reads them one by one', async () => {
    await open('trees')
    await writeHistories()
    await db.put({ _id: 'x:ü 中文/\u00ff', v: 1 })
    const ids = ['x:4', 'x:5', 'x:6', 'x:7', 'x:ü 中文/\u00ff', 'x:missing']
    const adapter = db as unknown as { _getRevisionTree(id: string, cb: (err: unknown, tree?: unknown) => void): void }
    const one = await Promise.all(ids.map((id) => new Promise((resolve) => adapter._getRevisionTree(id, (err, tree) => resolve(err ? null : tree)))))
    const many = await store.revisionTrees(ids)
    if (!bulk) { expect(many).toBeNull(); return } // no leveldown at hand: the adapter is asked
    expect(many).toEqual(one)
    expect(many!.slice(0, 5).every((t) => Array.isArray(t))).toBe(true)
    expect(many![5]).toBeNull()
  })

  it('hands over a replication write as the sequence range it filled, without _revisions', async () => {
    await open('a')
    await db.bulkDocs([rev('x:1', 1, 'a1', { v: 1 }), rev('x:2', 1, 'a2', { v: 2 })], { new_edits: false })
    const taken = tap.take(0, 100)
    expect(taken?.lastSeq).toBe(2)
    expect(taken?.docs.map((d) => d._id)).toEqual(['x:1', 'x:2'])
    expect(taken?.docs[0]!._revisions).toBeUndefined()
    // The adapter's own additions are not part of the body either (the documents are not copied).
    expect(JSON.stringify(taken?.docs)).not.toMatch(/_rev_tree|_revisions/)
    const rows = await tap.simpleChanges(db, taken!.docs, taken!.lastSeq)
    expect(rows?.map((r) => r.changes[0]!.rev)).toEqual(['1-a1', '1-a2'])
    // Past the checkpoint: dropped.
    expect(tap.take(2, 100)).toBeNull()
    expect(tap.heldDocs()).toBe(0)
  })

  it('leaves a range after another writer to the changes feed (a gap before it)', async () => {
    await open('b')
    await db.put({ _id: 'x:local', v: 0 }) // seq 1: the pump's kind of write, not recorded
    await db.bulkDocs([rev('x:3', 1, 'b3')], { new_edits: false }) // seq 2
    expect(tap.take(0, 100)).toBeNull() // seq 1 is not in any recorded range
    expect(tap.take(1, 100)?.lastSeq).toBe(2)
  })

  it('refuses conflicts, deletions and documents written again since', async () => {
    await open('c')
    await writeHistories()
    const first = tap.take(0, 1)!
    expect(first.lastSeq).toBe(3)
    expect(await tap.simpleChanges(db, first.docs, first.lastSeq)).toBeNull()
    expect(await tap.simpleChanges(db, first.docs.filter((d) => d._id === 'x:6'), first.lastSeq)).not.toBeNull()
    const conflict = tap.take(3, 1)!
    expect(await tap.simpleChanges(db, conflict.docs, conflict.lastSeq)).toBeNull()
    const later = tap.take(4, 1)!
    expect((await tap.simpleChanges(db, later.docs, later.lastSeq))?.map((r) => r.changes[0]!.rev)).toEqual(['2-e5'])
    const deleted = tap.take(5, 1)!
    expect(await tap.simpleChanges(db, deleted.docs, deleted.lastSeq)).toBeNull()
  })
})

describe('projecting from the tap', () => {
  const couch = useCouchServer()

  const count = (d: SyncDevice, q: string) => d.t.app.database.sqlite.prepare(q).pluck().get() as number

  /** Counts the entries read back from the local changes feed (the projector's, and the push's). */
  function feedReads(d: SyncDevice): { n: number } {
    const local = d.engine.local() as unknown as { changes(o: { live?: boolean }): unknown }
    const changes = local.changes.bind(local)
    const reads = { n: 0 }
    local.changes = (o) => {
      const r = changes(o)
      if (!o.live) void (r as Promise<ChangesResult>).then((x) => { reads.n += x.results.length }, () => undefined)
      return r
    }
    return reads
  }

  it('projects without reading the feed back; a crash before the checkpoint commits loses nothing', async () => {
    const users = [{ name: 'tap_a', password: 'pw-a' }, { name: 'tap_b', password: 'pw-b' }]
    await serverWithDatabase(couch.server(), 'tap1', users)
    const a = await couch.device({ username: 'tap_a', password: 'pw-a', database: 'tap1' })
    for (let i = 0; i < 40; i++) insertCustomer(a.t, { name: `接收客户${i}`, ownerId: null, phone: `1390000${String(i).padStart(4, '0')}` })
    await a.engine.syncOnce()

    // The engine's tap reads revision trees in bulk (LevelStore on the engine's own leveldown).
    const bulkReads = { n: 0 }
    const revisionTrees = LevelStore.prototype.revisionTrees
    LevelStore.prototype.revisionTrees = async function (ids) {
      const trees = await revisionTrees.call(this, ids)
      if (trees) bulkReads.n += trees.length
      return trees
    }
    onTestFinished(() => { LevelStore.prototype.revisionTrees = revisionTrees })
    let b = await couch.device({ username: 'tap_b', password: 'pw-b', database: 'tap1' })
    const reads = feedReads(b)
    // Crash at the checkpoint of the first batch taken from the tap: rows and checkpoint roll back together.
    b.fault = (p: FaultPoint) => { if (p === 'projector.beforeCommit' && count(b, `SELECT count(*) FROM customers`) > 0) throw new Error('simulated crash') }
    await expect(b.engine.syncOnce()).rejects.toThrow(/simulated crash/)
    expect(reads.n).toBe(0) // the batch came from the tap
    expect(bulkReads.n).toBeGreaterThan(0)
    expect(count(b, `SELECT count(*) FROM customers`)).toBe(0)
    expect(count(b, `SELECT count(*) FROM local_meta WHERE key = 'sync.pull_seq'`)).toBe(0)

    // Restarted: the tap is empty (memory only), the feed brings every document from the checkpoint.
    b = couch.track(await b.restart())
    const after = feedReads(b)
    await syncAll([b], 1)
    expect(after.n).toBeGreaterThan(0)
    expect(count(b, `SELECT count(*) FROM customers`)).toBe(40)
    expect(count(b, `SELECT count(*) FROM customers_fts`)).toBe(40)
    expect(count(b, `SELECT count(*) FROM sync_docs WHERE doc LIKE '%_revisions%' OR doc LIKE '%_rev_tree%'`)).toBe(0)
  })
})
