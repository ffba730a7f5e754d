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

  /** `maxDocs`: bodies held at most; past it, writes are not recorded (the feed covers them). */
  constructor(private readonly maxDocs = 20_000) {}

  /** Hooks a local (leveldb) PouchDB right after it is created. False if it is not one. */
  install(pouch: Pouch): boolean {
    const db = pouch as unknown as Partial<LevelInternals>
    if (typeof db._bulkDocs !== 'function' || typeof db._info !== 'function' || typeof db._getRevisionTree !== 'function') return false
    const write = db._bulkDocs.bind(pouch)
    const info = db._info.bind(pouch)
    db._bulkDocs = (req, opts, cb) => {
      // Copied before the adapter parses them; `_revisions` is replication's, not part of the body.
      const docs = bulkLoad.tap && opts.new_edits === false && this.held < this.maxDocs ? req.docs.map(({ _revisions, ...d }) => d as PouchDoc) : null
      write(req, opts, (err, res) => {
        // Still inside the write: the adapter starts the next one only after this callback, and
        // `_info` reads its update sequence when called (the answer only comes a tick later).
        if (!err && docs && res) {
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
    const db = pouch as unknown as LevelInternals
    const ids = new Set<string>()
    for (const d of docs) {
      if (d._deleted || !d._rev || ids.has(d._id)) return null
      ids.add(d._id)
    }
    const trees = await Promise.all(docs.map((d) => new Promise<RevTree | null>((resolve) => db._getRevisionTree(d._id, (err, tree) => resolve(err ? null : tree ?? null)))))
    for (const [i, d] of docs.entries()) if (soleLeaf(trees[i] ?? null) !== d._rev) return null
    return docs.map((doc) => ({ id: doc._id, seq: lastSeq, changes: [{ rev: doc._rev! }], doc }))
  }

  /** Bodies currently held (tests). */
  heldDocs(): number { return this.held }
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
