import { isSyncDoc } from '../sync/doc'
import type { PouchDoc } from '../sync/pouch'
import { userOfDb } from '../sync/topology-names'
import type { AgentCtx } from './context'
import { CouchError } from './couch'
import { agentVersion, liveLeaves, mergeLive, placeVersion, stampAfter, tombstone, type OwnedMeta } from './versions'

/** The view of `_design/laibang` listing a database's documents by `customerId` (server/validate.ts). */
export const CHILDREN_VIEW = 'by_customer'

/**
 * Rule 2b, hand-overs: a document that arrived in its home database with `lb.from` (the pump
 * sets it when the record's route changed on a device: a customer reassigned A → B or released
 * to the 公海, a follow-up following it) leaves the database it came from. Replication only
 * carries the new revision to the new home, so without this the old owner's database would keep
 * the old revision live and the old owner's devices would keep the record.
 *
 * In `from`: every live leaf of the document is tombstoned (moved → here), and for a customer
 * every child still there (contacts, activities, quotes, orders … found by `customerId` through
 * the view; ledgers included) is written, re-stamped to the customer's new owner, into its new
 * home and tombstoned in `from`. Only hand-overs between a user database and another home:
 * claims out of the pool are the claim judge's (agent/claims.ts). Idempotent (only live leaves
 * are touched, placeVersion skips what is already there), so a restart repeats it harmlessly.
 * Returns the number of leaves removed from `from`.
 */
export async function handOver(c: AgentCtx, db: string, doc: PouchDoc): Promise<number> {
  if (doc._deleted || !isSyncDoc(doc)) return 0
  const from = doc.lb.from
  if (typeof from !== 'string' || from === db || !userOfDb(from) || !c.topology.homes(doc).includes(db)) return 0
  let removed = 0
  if (doc.lb.type === 'customer') removed += await moveChildren(c, from, doc._id.slice('customer:'.length), (doc.lb as OwnedMeta).owner ?? null)
  removed += await tombstone(c.couch, from, liveLeaves(await c.couch.leaves(from, doc._id)), db)
  if (removed) c.log(`hand-over ${doc._id} ${from} -> ${db} (${removed} removed there)`)
  return removed
}

async function moveChildren(c: AgentCtx, from: string, customerId: string, owner: string | null): Promise<number> {
  let removed = 0
  for (const id of await childIds(c, from, customerId)) {
    const live = liveLeaves(await c.couch.leaves(from, id))
    if (live.length === 0) continue
    const merged = mergeLive(live)
    const version = agentVersion(merged, {}, stampAfter(c.clock, live), owner)
    const target = c.topology.route(version)
    if (target === from) continue
    const there = liveLeaves(await c.couch.leaves(target, id))
    if (!there.some((l) => (l.lb as OwnedMeta).owner === owner)) await placeVersion(c.couch, target, version, live)
    removed += await tombstone(c.couch, from, live, target)
  }
  return removed
}

const warned = new Set<string>()

/** Ids of `from`'s documents of this customer (not the customer itself, not pool claims). */
async function childIds(c: AgentCtx, from: string, customerId: string): Promise<string[]> {
  try {
    return (await c.couch.viewIds(from, 'laibang', CHILDREN_VIEW, customerId)).filter((id) => id !== `customer:${customerId}`)
  } catch (err) {
    if (!(err instanceof CouchError) || err.status !== 404) throw err
    // A database set up by an older couch:setup has no view yet (rerun it): read it all instead.
    if (!warned.has(from)) { warned.add(from); c.log(`no view ${CHILDREN_VIEW} in ${from}: scanning it (rerun couch:setup)`) }
    const ids: string[] = []
    for await (const d of c.couch.byPrefix(from, '')) if (isSyncDoc(d) && d.customerId === customerId && d.lb.type !== 'pool_claim' && !d._deleted) ids.push(d._id)
    return ids
  }
}
