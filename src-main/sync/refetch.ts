import type { SyncStore } from './store'
import type { EngineCtx } from './context'
import type { Pouch, PouchDoc } from './pouch'

/** local_meta: databases this device replicated and then stopped (scope reduced, purged). */
const DROPPED_KEY = 'sync.dropped'
/** local_meta: databases back in the device's set whose purged documents must be fetched again. */
const REFETCH_KEY = 'sync.refetch'

const readSet = (store: SyncStore, key: string) => new Set(JSON.parse(store.meta(key) ?? '[]') as string[])
const writeSet = (store: SyncStore, key: string, s: Set<string>, now: number) => store.setMeta(key, JSON.stringify([...s].sort()), now)

/**
 * Bookkeeping when the device's databases change (SyncEngine.setTopology): a database left
 * behind is remembered as dropped; one that comes back is queued for a re-fetch. Why a re-fetch
 * at all: leaving, the device tombstoned its copies locally (purge.ts; leveldb cannot purge), so
 * when the database returns, replication — from its old checkpoint or even from zero — finds the
 * server's revisions already known (ancestors of the local tombstones) and the records would
 * stay missing until someone edits them on the server.
 */
export function noteDatabases(store: SyncStore, before: readonly string[], after: readonly string[], now: number): void {
  const dropped = readSet(store, DROPPED_KEY)
  const refetch = readSet(store, REFETCH_KEY)
  const keep = new Set(after)
  for (const db of before) if (!keep.has(db)) dropped.add(db)
  for (const db of after) if (dropped.delete(db)) refetch.add(db)
  // A database dropped again before its re-fetch ran: nothing to fetch any more.
  for (const db of [...refetch]) if (!keep.has(db)) refetch.delete(db)
  writeSet(store, DROPPED_KEY, dropped, now)
  writeSet(store, REFETCH_KEY, refetch, now)
}

/** Databases waiting for a re-fetch. */
export function pendingRefetch(store: SyncStore): string[] { return [...readSet(store, REFETCH_KEY)] }

/**
 * The targeted fetch: for every live document of a returning database whose local winner is a
 * (purge) tombstone, the server's current body is written on top of that tombstone in the local
 * PouchDB. The projector then writes the row back like any pulled change, and replication pushes
 * that revision (same business fields and routing as the server's, which validate rule 5
 * accepts; other devices' merge finds nothing new). Documents the device never had, or still
 * has, are left to replication. Done per database; a failure (offline) leaves it queued.
 * Returns the number of records restored.
 */
export async function refetchReturning(c: EngineCtx, remoteOf: (db: string) => Pouch, onlyIn: readonly string[]): Promise<number> {
  let restored = 0
  for (const db of pendingRefetch(c.store)) {
    if (!onlyIn.includes(db)) continue
    const remote = remoteOf(db)
    let startkey: string | undefined
    for (;;) {
      const page = await remote.allDocs({ limit: 500, ...(startkey === undefined ? {} : { startkey }) })
      const rows = startkey === undefined ? page.rows : page.rows.slice(1)
      const ids = rows.map((r) => r.key).filter((id) => !id.startsWith('_'))
      if (ids.length) {
        const local = await c.pouch.allDocs({ keys: ids })
        const dead = new Map(local.rows.filter((r) => r.value?.deleted).map((r) => [r.key, r.value!.rev]))
        if (dead.size) {
          const docs = (await remote.allDocs({ keys: [...dead.keys()], include_docs: true })).rows
            .map((r) => r.doc).filter((d): d is PouchDoc => !!d && !d._deleted)
          const writes = docs.map((d) => {
            const { _rev: _r, _conflicts: _c, _revisions: _h, ...body } = d
            return { ...body, _rev: dead.get(d._id)! } as PouchDoc
          })
          const res = writes.length ? await c.pouch.bulkDocs(writes) : []
          restored += res.filter((r) => r.ok).length
        }
      }
      if (page.rows.length < 500) break
      startkey = page.rows[page.rows.length - 1]!.key
    }
    const left = readSet(c.store, REFETCH_KEY)
    left.delete(db)
    writeSet(c.store, REFETCH_KEY, left, c.now())
    if (restored) c.log.info(`sync: ${db} returned, ${restored} records fetched again`)
  }
  return restored
}
