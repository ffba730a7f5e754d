import type { HybridClock } from '../core/hlc'
import { bodyOf, canonical, isSyncDoc, sameContent, type LbMeta, type SyncDoc } from '../sync/doc'
import { mergeDocs } from '../sync/merge'
import type { PouchDoc } from '../sync/pouch'
import { movedTombstone, POOL_DB, POOL_HIDDEN_DB, userOfDb } from '../sync/topology-names'
import type { Couch, Leaf } from './couch'

/** The agent's node id in HLC stamps and `lb.device`. */
export const AGENT_NODE = 'agent'
export const AGENT_VERSION = 'agent-1'

/** `lb` with the owner stamp the device router writes (docs/SYNC.md, topology-names.ts). */
export type OwnedMeta = LbMeta & { owner?: string | null }
export type OwnedDoc = SyncDoc & { lb: OwnedMeta }

/** Lets later agent stamps sort after every stamp of these documents. */
export function receiveAll(clock: HybridClock, docs: readonly SyncDoc[]): void {
  for (const d of docs) {
    clock.receive(d.lb.hlc)
    for (const s of Object.values(d.lb.fieldHlc)) clock.receive(s)
  }
}

/** A fresh stamp after everything in `docs`. */
export function stampAfter(clock: HybridClock, docs: readonly SyncDoc[]): string {
  receiveAll(clock, docs)
  return clock.now()
}

/**
 * A new version of `doc` written by the agent: `patch` applied with `stamp` as the fields'
 * stamps, so the device merge (highest stamp per field) takes them; other fields and their
 * stamps unchanged. `owner` (when given) becomes `lb.owner`, the routing stamp.
 */
export function agentVersion(doc: SyncDoc, patch: Record<string, unknown>, stamp: string, owner?: string | null): OwnedDoc {
  const fieldHlc = { ...doc.lb.fieldHlc }
  for (const k of Object.keys(patch)) fieldHlc[k] = stamp
  const lb: OwnedMeta = { ...(doc.lb as OwnedMeta), hlc: stamp > doc.lb.hlc ? stamp : doc.lb.hlc, fieldHlc, device: AGENT_NODE, mutation: null, appVersion: AGENT_VERSION }
  if (owner !== undefined) lb.owner = owner
  const body = { ...bodyOf(doc), ...patch }
  if (body.deletedAt != null) lb.deleted = true
  else delete lb.deleted
  return canonical({ ...body, _id: doc._id, lb }) as OwnedDoc
}

/** Without `_rev`, `_revisions`, `_conflicts` (what the merge compares). */
export function strip(d: PouchDoc): SyncDoc {
  const { _rev: _r, _revisions: _h, _conflicts: _c, _deleted: _d, ...rest } = d
  return rest as SyncDoc
}

export function liveLeaves(leaves: readonly Leaf[]): (Leaf & SyncDoc)[] {
  return leaves.filter((l): l is Leaf & SyncDoc => !l._deleted && isSyncDoc(l))
}

/** Field-level merge of the live versions (the device's merge, so devices agree with it). */
export function mergeLive(leaves: readonly SyncDoc[]): SyncDoc { return mergeDocs(leaves.map(strip)).doc }

const ownerOf = (d: PouchDoc) => (d.lb as OwnedMeta | undefined)?.owner

/** CouchDB's winner among live leaves: longest history, then highest revision id. */
function winnerOf(leaves: readonly Leaf[]): Leaf {
  return leaves.reduce((a, b) => {
    const [pa, ha] = splitRev(a._rev!)
    const [pb, hb] = splitRev(b._rev!)
    return pb > pa || (pb === pa && hb > ha) ? b : a
  })
}
const splitRev = (rev: string): [number, string] => { const i = rev.indexOf('-'); return [Number(rev.slice(0, i)), rev.slice(i + 1)] }

/**
 * The moved-away tombstone of a leaf of `db`. Its `lb.owner` is set from `db` itself, not taken
 * from the leaf: a misplaced leaf already names its new owner, and a tombstone routing there
 * would be pushed by devices into the new database and delete the moved document.
 */
export function movedFrom(leaf: Leaf, db: string, movedTo: string): PouchDoc {
  const t = movedTombstone({ _id: leaf._id, _rev: leaf._rev, lb: { type: (leaf.lb as OwnedMeta | undefined)?.type ?? '' } }, movedTo)
  const lb: Record<string, unknown> = { ...t.lb }
  const user = userOfDb(db)
  if (user) lb.owner = user
  else if (db !== POOL_DB && db !== POOL_HIDDEN_DB) delete lb.owner // company data: no owner key
  return { ...t, lb }
}

/** Copies leaves into `db` with their revision histories (replication semantics: known revisions are no-ops). */
export async function copyLeaves(couch: Couch, db: string, leaves: readonly Leaf[]): Promise<void> {
  if (leaves.length === 0) return
  const res = await couch.bulkDocs(db, leaves.map((l) => ({ ...l })), false)
  const failed = res.filter((r) => r.error)
  if (failed.length) throw new Error(`copy into ${db} failed: ${JSON.stringify(failed[0])}`)
}

/**
 * Deletes the given live leaves in `db` because the document moved to `movedTo`: the tombstone
 * says so (movedTombstone: old routing + `lb.moved`), which devices use to purge the record and
 * to hand a concurrent offline edit to the server's judgement. Returns how many were deleted.
 */
export async function tombstone(couch: Couch, db: string, leaves: readonly Leaf[], movedTo: string): Promise<number> {
  const live = leaves.filter((l) => !l._deleted)
  if (live.length === 0) return 0
  const res = await couch.bulkDocs(db, live.map((l) => movedFrom(l, db, movedTo)))
  // 409: the leaf changed meanwhile; its new revision comes through the feed and is handled then.
  return res.filter((r) => r.ok).length
}

/**
 * Makes `version` the one live revision of its document in `db`: written on top of the winning
 * leaf there (after copying `seed`, other databases' leaves with their histories, when `db` has
 * no live copy, so devices see a descendant of what they hold), every other live leaf deleted.
 * Nothing is written when `db` already holds exactly this content. Returns whether it wrote.
 */
export async function placeVersion(couch: Couch, db: string, version: OwnedDoc, seed: readonly Leaf[]): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let leaves = await couch.leaves(db, version._id)
    if (liveLeaves(leaves).length === 0 && seed.length) {
      await copyLeaves(couch, db, seed)
      leaves = await couch.leaves(db, version._id)
    }
    const live = leaves.filter((l) => !l._deleted)
    if (live.length === 1 && isSyncDoc(live[0]) && sameContent(strip(live[0]), version) && ownerOf(live[0]) === ownerOf(version)) return false
    const writes: PouchDoc[] = []
    if (live.length) {
      const w = winnerOf(live)
      writes.push({ ...version, _rev: w._rev! })
      for (const l of live) if (l !== w) writes.push({ _id: l._id, _rev: l._rev!, _deleted: true })
    } else {
      // Deleted or never there: CouchDB accepts a new revision on top of a tombstone without _rev.
      const dead = leaves.length ? winnerOf(leaves) : null
      writes.push(dead ? { ...version, _rev: dead._rev! } : { ...version })
    }
    const res = await couch.bulkDocs(db, writes)
    if (res.every((r) => r.ok)) return true
    if (res.some((r) => r.error && r.status !== 409 && r.error !== 'conflict')) throw new Error(`write into ${db} failed: ${JSON.stringify(res)}`)
  }
  throw new Error(`write into ${db} of ${version._id}: too many conflicts`)
}
