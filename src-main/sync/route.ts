import type { Db } from '../core/db'
import type { SyncedTableDef } from '../core/synced'
import { isSyncDoc, type SyncDoc } from './doc'
import type { PouchDoc } from './pouch'
import type { SyncTopology } from './remote'
import { homesOf, routeOf } from './topology-names'

/**
 * Sets `lb.owner` (the routing key, topology-names.ts) on a document about to be written by
 * this device: owner-partitioned tables get their owner from the table's `partition` (looked up
 * in SQLite now, so a child follows its customer's current owner); company data has no key.
 */
export function stampOwner(def: SyncedTableDef, doc: SyncDoc, row: Record<string, unknown>, db: Db): SyncDoc {
  const p = def.partition
  const owner = !p || p === 'company' ? undefined : p.ownerOf(row, db)
  const lb = { ...doc.lb }
  if (owner === undefined) delete lb.owner
  else lb.owner = owner
  const readers = !p || p === 'company' ? undefined : p.readersOf?.(row, db)
  const others = [...new Set((readers ?? []).map((r) => r.toLowerCase()))].filter((r) => r !== owner?.toLowerCase()).sort()
  if (others.length) lb.readers = others
  else delete lb.readers
  return { ...doc, lb }
}

/**
 * The production topology: the databases this device replicates (computed from the org data,
 * modules/sync/sync.topology.ts) and `routeOf` as the router. A tombstone without a body is
 * routed by the last body this device saw for it (sync_docs); one it never saw is not pushed.
 */
export class PartitionedTopology implements SyncTopology {
  private readonly set: Set<string>
  constructor(readonly databases: readonly string[], private readonly lastBody: (id: string) => SyncDoc | null) {
    this.set = new Set(databases)
  }

  route(doc: PouchDoc): string | null {
    if (doc._id.startsWith('_')) return null
    const body = isSyncDoc(doc) ? doc : this.lastBody(doc._id)
    if (!body) return null
    const home = routeOf(body)
    if (this.set.has(home)) return home
    const via = body.lb.via
    if (typeof via === 'string' && this.set.has(via)) return via
    // A reader's copy (an approval outside the reader's scope): into the reader's own database.
    return homesOf(body).find((d) => this.set.has(d)) ?? home
  }

  replicates(db: string): boolean { return this.set.has(db) }
}

/** Same databases in any order. */
export function sameDatabases(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const s = new Set(a)
  return b.every((x) => s.has(x))
}
