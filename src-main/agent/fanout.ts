import type { PouchDoc } from '../sync/pouch'
import type { AgentCtx } from './context'
import { CouchError } from './couch'
import { copyLeaves } from './versions'

/**
 * Rule 5, documents with readers (approvals, topology-names.ts READER_TYPES): a document lives in
 * its owner's database and in each named reader's; whatever changes in one is copied into the
 * others with its revision history (replication semantics: revisions a database already holds
 * change nothing, so the copies converge and the echo stops). Every leaf is copied, deleted ones
 * too, so a conflict resolved in one database is resolved in all. Returns the databases written.
 */
export async function fanOut(c: AgentCtx, db: string, winner: PouchDoc): Promise<number> {
  const homes = c.topology.homes(winner as { lb?: { type?: string; owner?: string | null; readers?: unknown } })
  if (homes.length < 2 || !homes.includes(db)) return 0
  const leaves = await c.couch.leaves(db, winner._id)
  if (leaves.length === 0) return 0
  let written = 0
  for (const target of homes) {
    if (target === db) continue
    try {
      await copyLeaves(c.couch, target, leaves)
      written++
    } catch (err) {
      // A reader without a database yet (couch:setup not rerun for a new user): retried on the next change.
      if (err instanceof CouchError && err.status === 404) { c.log(`copy ${winner._id} ${db} -> ${target} skipped: no database ${target}`); continue }
      throw err
    }
  }
  return written
}
