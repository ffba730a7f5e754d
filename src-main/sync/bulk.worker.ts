/**
 * The sync's bulk worker thread (bulk-worker.ts starts it): during an initial sync it builds the
 * deferred search entries of rows the projector has committed, and runs the WAL checkpoints, on
 * its own connection to the app's database, while the main thread goes on replicating.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { droppedIndexTables, restoreDroppedIndexes } from '../core/bulk-indexes'
import { openConnection } from '../core/db'
import { lowerThreadPriority } from '../core/thread-priority'
import type { BatchIndex } from '../core/synced'
import { customerSearchIndex } from '../modules/customers/search-index'
// The customer module's synced tables (customers, contacts, ...): the batches it projects.
import '../modules/customers/customers.synced'
import type { FromBulkWorker, ToBulkWorker } from './bulk-worker'
import { defsByDocType, type SyncDoc } from './doc'
import { projectNewBatch } from './fresh'
import { DEFERRED_KEY, SyncStore } from './store'

const data = workerData as { file: string; nativeBinding?: string; nice?: number }
// Background work: on a machine with few cores the main thread (replication, the user's saves) goes first.
if (data.nice) lowerThreadPriority(data.nice)
const sqlite = openConnection(data.file, { nativeBinding: data.nativeBinding })
/** The saved marks are read and moved the way the main thread's store does (local_meta). */
const store = new SyncStore(drizzle(sqlite), sqlite)
store.inWorker = true
/** The document types it projects: those of the synced tables imported above. */
const byType = defsByDocType()
/** The deferred indexes this worker can build (the main thread asks only for these). */
const indexes = new Map<string, BatchIndex>([[customerSearchIndex.name, customerSearchIndex]])
/** Tables of the derived data those builds write, whose set-aside indexes wait for the final build. */
const builtTables = new Set([...indexes.values()].flatMap((i) => i.defer?.workerDrops ?? []).map((d) => d.table))
const port = parentPort!
const post = (m: FromBulkWorker) => port.postMessage(m)
/**
 * Rows per transaction, and per message: the worker does one chunk and answers, and the main
 * thread asks for the next one when its event loop runs. A user's write waiting for the lock
 * (in SQLite's busy handler, which sleeps between tries) thus finds it free after at most one
 * chunk; chunks back to back would have kept it until the whole build was done.
 */
const CHUNK = 500

/** Builds the next chunk of (saved mark, upTo], with its mark, unless the main thread finished the index meanwhile. True if more is left. */
function buildChunk(index: BatchIndex, upTo: number): { rows: number; more: boolean } {
  return sqlite.transaction(() => {
    const saved = store.meta(DEFERRED_KEY + index.name)
    if (saved === null || Number(saved) >= upTo) return { rows: 0, more: false }
    const from = Number(saved)
    const to = Math.min(upTo, from + CHUNK)
    index.defer!.build!(sqlite, from, to)
    store.setMeta(DEFERRED_KEY + index.name, String(to), Date.now())
    return { rows: to - from, more: to < upTo }
  })()
}

port.on('message', (m: ToBulkWorker) => {
  if (m.type === 'close') { sqlite.close(); port.close(); return }
  const started = performance.now()
  if (m.type === 'project') {
    try {
      const tables = projectNewBatch(store, byType, JSON.parse(m.docs) as SyncDoc[], m)
      // Near the end: the tables' own indexes come back here, in a transaction of their own,
      // instead of in the main thread's last batch. Those of the derived data still being built
      // stay aside. The batch is committed either way: a failure here only leaves the indexes to
      // the last batch (or the next opening of the database), and is reported apart.
      let restored: string[] = []
      let restoreError: string | undefined
      if (tables && m.restoreIndexes) {
        try {
          // One transaction per index: a user's save waits for one index at most.
          restored = restoreDroppedIndexes(sqlite, droppedIndexTables(sqlite).filter((t) => !builtTables.has(t)), { each: true })
        } catch (err) {
          restoreError = err instanceof Error ? err.message : String(err)
        }
      }
      post({ type: 'projected', result: tables ? { ok: true, tables } : { ok: false, fresh: false }, ms: performance.now() - started, restored, ...(restoreError ? { restoreError } : {}) })
    } catch (err) {
      post({ type: 'projectFailed', message: err instanceof Error ? err.message : String(err) })
    }
    return
  }
  try {
    let rows = 0
    let more = false
    for (const b of m.builds) {
      const r = buildChunk(indexes.get(b.index)!, b.upTo)
      rows += r.rows
      more ||= r.more
    }
    const buildMs = performance.now() - started
    // Checkpointed once the builds asked for are done (and after every commit of the projector's).
    const [c] = more ? [{ busy: 0, log: 0, checkpointed: 0 }] : sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
    post({ type: 'done', rows, more, ms: performance.now() - started, buildMs, checkpoint: c! })
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
  }
})
post({ type: 'ready', indexes: [...indexes.keys()], docTypes: [...byType.keys()] })
