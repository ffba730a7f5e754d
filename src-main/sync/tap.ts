import type { ChangeRow, Pouch, PouchDoc } from './pouch'
import { bulkLoad } from './store'

/**
 * Replicated documents handed to the projector as they are written into the local PouchDB, so an
 * initial sync does not read every document back from its changes feed (measured: ~80 µs per
 * document, a third of what LaiBang adds to a plain replication; `include_docs: false` saves
 * nothing, the leveldb adapter reads each body to find the change anyway).
 *
 * How it stays exact. The leveldb adapter runs writes one at a time and gives the documents a
 * write stores consecutive sequence numbers. When a replication write (`new_edits: false`) ends,
 * before the adapter starts the next one, the tap reads the sequence it ended at and records the
 * range it filled — (end − documents stored, end] — with the documents. The projector takes the
 * range that continues its checkpoint (`take`) and applies the bodies only if each document is,
 * right now, the single leaf of its revision tree (`simpleChanges`): exactly what the changes
 * feed would have returned for that range. Anything else (a conflict, a deletion, a later
 * revision) sends the projector back to the feed. The checkpoint itself still moves in the
 * SQLite transaction of the rows; the tap is memory only, so after a crash the feed is read.
 */

/** Writes the projector may take, oldest first: documents stored with sequences (from, to]. */
interface Range { from: number; to: number; docs: PouchDoc[] }

/** The part of the leveldb adapter the tap hooks (internal methods; pinned PouchDB version). */
interface LevelInternals {
  _bulkDocs(req: { docs: PouchDoc[] }, opts: { new_edits?: boolean }, cb: (err: unknown, res?: ({ ok?: boolean } | undefined)[]) => void): void
  _info(cb: (err: unknown, info: { update_seq: number }) => void): void
  _getRevisionTree(id: string, cb: (err: unknown, tree?: RevTree) => void): void
}
type RevNode = [string, { deleted?: boolean; status?: string }, RevNode[]]
type RevTree = { pos: number; ids: RevNode }[]

export class WriteTap {
  private ranges: Range[] = []
  private held = 0

  /**
   * `maxDocs`: bodies held at most; past it, writes are not recorded (the feed covers them).
   * `store`: the local database's leveldown (LevelStore), for reading a batch's revision trees in
   * one call; without it, one adapter read per document.
   */
  constructor(private readonly maxDocs = 20_000, private readonly store?: LevelStore) {}

  /** Hooks a local (leveldb) PouchDB right after it is created. False if it is not one. */
  install(pouch: Pouch): boolean {
    const db = pouch as unknown as Partial<LevelInternals>
    if (typeof db._bulkDocs !== 'function' || typeof db._info !== 'function' || typeof db._getRevisionTree !== 'function') return false
    const write = db._bulkDocs.bind(pouch)
    const info = db._info.bind(pouch)
    db._bulkDocs = (req, opts, cb) => {
      // The array is copied (the adapter may empty it), the documents are not: copying each body
      // cost ~5 µs a document. The adapter adds `_rev_tree` to each and leaves replication's
      // `_revisions`; neither is part of the body, so both are cleared once the write is done
      // (set undefined, not deleted: the objects keep their shape, and JSON leaves them out).
      const docs = bulkLoad.tap && opts.new_edits === false && this.held < this.maxDocs ? req.docs.slice() : null
      write(req, opts, (err, res) => {
        // Still inside the write: the adapter starts the next one only after this callback, and
        // `_info` reads its update sequence when called (the answer only comes a tick later).
        if (!err && docs && res) {
          for (const d of docs as (PouchDoc & { _revisions?: unknown; _rev_tree?: unknown })[]) { d._revisions = undefined; d._rev_tree = undefined }
          const stored = res.filter((r) => r?.ok === true).length
          info((e, i) => { if (!e && stored > 0) this.record(i.update_seq - stored, i.update_seq, docs) })
        }
        cb(err, res)
      })
    }
    return true
  }

  private record(from: number, to: number, docs: PouchDoc[]): void {
    this.ranges.push({ from, to, docs })
    this.held += docs.length
  }

  /**
   * Recorded writes continuing a checkpoint: from the range holding `since + 1` through the
   * ranges that follow it without a gap, up to about `limit` documents. Ranges before the
   * checkpoint are dropped. Null when the feed must be read.
   */
  take(since: number | string, limit: number): { docs: PouchDoc[]; lastSeq: number } | null {
    if (typeof since !== 'number') return null
    while (this.ranges.length && this.ranges[0]!.to <= since) this.held -= this.ranges.shift()!.docs.length
    const first = this.ranges[0]
    if (!first || first.from > since) return null
    const docs: PouchDoc[] = []
    let last = since
    for (const r of this.ranges) {
      if (r.from !== last && r !== first) break
      if (docs.length && docs.length + r.docs.length > limit) break
      docs.push(...r.docs)
      last = r.to
    }
    return { docs, lastSeq: last }
  }

  /**
   * The changes feed's entries for taken documents, if each is the single, live leaf of its
   * revision tree at its own revision (and appears once); otherwise null.
   */
  async simpleChanges(pouch: Pouch, docs: PouchDoc[], lastSeq: number): Promise<ChangeRow[] | null> {
    const ids = new Set<string>()
    for (const d of docs) {
      if (d._deleted || !d._rev || ids.has(d._id)) return null
      ids.add(d._id)
    }
    const trees = await this.store?.revisionTrees([...ids]) ?? await revisionTrees(pouch, [...ids])
    for (const [i, d] of docs.entries()) if (soleLeaf(trees[i] ?? null) !== d._rev) return null
    return docs.map((doc) => ({ id: doc._id, seq: lastSeq, changes: [{ rev: doc._rev! }], doc }))
  }

  /** Bodies currently held (tests). */
  heldDocs(): number { return this.held }
}

/** Revision trees through the adapter, one read per document (null: no such document). */
function revisionTrees(pouch: Pouch, ids: string[]): Promise<(RevTree | null)[]> {
  const db = pouch as unknown as LevelInternals
  return Promise.all(ids.map((id) => new Promise<RevTree | null>((resolve) => db._getRevisionTree(id, (err, tree) => resolve(err ? null : tree ?? null)))))
}

/** The part of a leveldown instance LevelStore reads with (abstract-leveldown 7). */
interface LevelDown {
  status?: string
  getMany?(keys: string[], opts: { asBuffer: boolean; fillCache?: boolean }, cb: (err: unknown, values?: (string | undefined)[]) => void): void
}
export type LevelDownFactory = ((location: string) => LevelDown) & { destroy?: unknown; repair?: unknown }

/**
 * The local PouchDB's leveldown, kept at hand to read revision trees in bulk: the projector checks
 * every document a replication wrote (tap.ts `simpleChanges`), and one adapter read each — a
 * sublevel lookup, a codec, a callback — cost ~15 µs per document of an initial sync, while
 * leveldown's `getMany` reads a whole batch in one call. PouchDB takes the factory as its `db`
 * option (the leveldb adapter's documented hook for another leveldown). The trees are read the
 * way the adapter stores them: metadata JSON under `ÿdocument-storeÿ<id>` (sublevel-pouchdb's
 * key encoding; pinned PouchDB version, checked against the adapter's own reads in sync-tap.test.ts).
 * Null (the caller then asks the adapter) whenever the instance is not open or cannot do it.
 */
export class LevelStore {
  private instance: LevelDown | null = null

  /** Wraps the leveldown module PouchDB would use; pass as `new PouchDB(name, { db })`. */
  factory(leveldown: LevelDownFactory): LevelDownFactory {
    const wrapped = Object.assign((location: string) => (this.instance = leveldown(location)), { destroy: leveldown.destroy, repair: leveldown.repair })
    // PouchDB caches open stores per factory *name*: keep this one apart from the plain module's.
    Object.defineProperty(wrapped, 'name', { value: 'LaiBangLevelDown' })
    return wrapped
  }

  /** The documents' revision trees in one read (null per missing document), or null. */
  async revisionTrees(ids: string[]): Promise<(RevTree | null)[] | null> {
    const db = this.instance
    if (!db || db.status !== 'open' || typeof db.getMany !== 'function' || ids.length === 0) return null
    const values = await new Promise<(string | undefined)[] | null>((resolve) => db.getMany!(ids.map((id) => `\xffdocument-store\xff${id}`), { asBuffer: false, fillCache: false }, (err, v) => resolve(err || !v ? null : v)))
    if (!values || values.length !== ids.length) return null
    try {
      return values.map((v) => (v === undefined ? null : (JSON.parse(v) as { rev_tree?: RevTree }).rev_tree ?? null))
    } catch {
      return null // not JSON (the adapter falls back to a stack-safe parser for deep trees)
    }
  }
}

/** The revision of the tree's only leaf if it is live, otherwise null. */
function soleLeaf(tree: RevTree | null): string | null {
  if (!tree) return null
  let leaf: string | null = null
  let leaves = 0
  const walk = (pos: number, [id, opts, children]: RevNode): void => {
    if (children.length === 0) { leaves++; leaf = opts.deleted ? null : `${pos}-${id}` }
    for (const c of children) walk(pos + 1, c)
  }
  for (const root of tree) walk(root.pos, root.ids)
  return leaves === 1 ? leaf : null
}
