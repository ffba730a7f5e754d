import { isSyncDoc } from '../sync/doc'
import type { PouchDoc } from '../sync/pouch'
import type { AgentCtx } from './context'
import { CouchError, type Leaf } from './couch'
import { copyLeaves, liveLeaves, tombstone, type OwnedMeta } from './versions'

/** Whether the document carries the routing stamp (`lb.owner`, possibly null). */
function stamped(d: PouchDoc): boolean {
  const lb = d.lb as OwnedMeta | undefined
  return !!lb && 'owner' in lb && lb.owner !== undefined
}

/**
 * Rule 2, misplaced documents: a document in `db` whose route (its `lb.owner`) is another
 * database — a customer reassigned or released on a device, its children — is copied there
 * with its revision history (replication semantics, so a target that already has these or
 * newer revisions changes nothing, and devices reading the target get a descendant of what
 * they knew) and then deleted in `db` (a tombstone on each moved leaf), so devices reading only
 * `db` lose it. Decided per live leaf: leaves that belong here stay. Documents without the
 * routing stamp (written before routing existed) are left alone rather than guessed.
 * Returns the number of leaves moved.
 */
export async function relocate(c: AgentCtx, db: string, winner: PouchDoc): Promise<number> {
  if (winner._id.startsWith('_') || winner._deleted || !isSyncDoc(winner)) return 0
  const conflicted = (winner._conflicts?.length ?? 0) > 0
  if (!conflicted && (!stamped(winner) || c.topology.homes(winner).includes(db))) return 0
  const leaves = liveLeaves(await c.couch.leaves(db, winner._id)).filter(stamped)
  const byTarget = new Map<string, Leaf[]>()
  for (const l of leaves) {
    // A reader's copy (approvals) is in place too: agent/fanout.ts keeps it.
    if (c.topology.homes(l).includes(db)) continue
    const target = c.topology.route(l)
    byTarget.set(target, [...(byTarget.get(target) ?? []), l])
  }
  let moved = 0
  for (const [target, ls] of byTarget) {
    try {
      await copyLeaves(c.couch, target, ls)
    } catch (err) {
      // No such database yet (a user couch:setup has not created): leave it here, retried on its next change.
      if (err instanceof CouchError && err.status === 404) { c.log(`move ${winner._id} ${db} -> ${target} skipped: no database ${target}`); continue }
      throw err
    }
    await c.fault?.('relocate.afterCopy')
    moved += await tombstone(c.couch, db, ls, target)
    c.log(`move ${winner._id} ${db} -> ${target} (${ls.length} revision${ls.length > 1 ? 's' : ''}, owner ${String((ls[0]!.lb as OwnedMeta).owner)})`)
  }
  return moved
}
