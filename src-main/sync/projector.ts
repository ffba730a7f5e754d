import { getTableName } from 'drizzle-orm'
import { carriedFor, docToRow, isSyncDoc, parseDocId, rowToDoc, sameContent, type SyncDoc } from './doc'
import { noteConflict, PULL_SEQ_KEY, restoredFields, type EngineCtx, type FaultDetail } from './context'
import { BulkWorkerStopped } from './bulk-worker'
import { writeNew } from './fresh'
import { resolveConflicts } from './resolver'
import { askConflicts, mergeDocs } from './merge'
import { outsideWinners, purgeRow, rebaseOntoMoved, tombstone } from './purge'
import { bulkLoad } from './store'
import type { ChangesResult } from './pouch'
import type { SyncedTableDef } from '../core/synced'

/**
 * Applies the local PouchDB's changes feed to SQLite. One batch = one SQLite transaction that
 * also saves the checkpoint (`sync.pull_seq` in local_meta), so a crash mid-batch replays the
 * whole batch and a committed batch is never replayed. Applying is itself idempotent: each doc
 * is merged field by field into the current row (a doc this device wrote, or one the row
 * already contains, changes nothing). Documents with conflicting branches are first resolved
 * in PouchDB; their merged revision arrives later in the feed and is applied then. Documents a
 * replication has just written are taken from the engine's write tap instead of being read back
 * from the feed, when they are exactly the feed's next entries (tap.ts).
 * Returns the number of feed entries consumed and the tables written.
 */
export async function projectOnce(c: EngineCtx, batch = 500): Promise<{ count: number; tables: string[]; purged?: number }> {
  // Far behind (the previous batch said so): bigger batches, fewer commits of the same index pages.
  const limit = c.store.catchingUp ? batch * bulkLoad.batchFactor : batch
  const saved = c.store.meta(PULL_SEQ_KEY)
  // Local leveldb sequences are numbers; kept as JSON so an opaque string would survive too.
  const since = saved === null ? 0 : (JSON.parse(saved) as number | string)
  // Replicated writes the tap holds (tap.ts) stand for the feed when they are exactly its entries.
  const tapped = await tappedChanges(c, since, limit)
  // all_docs: every leaf (deleted ones too) is listed, so a moved tombstone beside a live edit shows.
  const res = tapped ?? await c.pouch.changes({ since, limit, include_docs: true, conflicts: true, style: 'all_docs' })
  const incoming = bulkLoad.incoming ? (c.incoming?.() ?? 0) : 0
  // Ahead of a catch-up pull still running: the deferred build waits for its end (it would
  // otherwise run at every pause of the pull, and put the indexes back on a filling table).
  if (res.results.length === 0) {
    if (incoming > 0) return { count: 0, tables: [] }
    await c.store.bulkIdle()
    return { count: 0, tables: c.store.settleDeferred(c.now()) }
  }
  await rebaseOntoMoved(c, res.results)
  // Routed to a database this device does not read: tombstoned here, purged when it comes back.
  const outside = outsideWinners(c, res.results)
  if (outside.length) await tombstone(c, outside.map((o) => o.doc!))
  const skip = new Set(outside.map((o) => o.id))
  const conflicted = res.results.filter((r) => r.doc && !r.deleted && (r.doc._conflicts?.length ?? 0) > 0).map((r) => r.doc!)
  if (conflicted.length) await resolveConflicts(c, conflicted)

  // Documents still to project after this batch (0: caught up); far behind, the search index is built in bulk (store.ts).
  // (A taken range ends where a write ended, not at `limit`: it says nothing about what follows.)
  const update = res.results.length < limit && !tapped ? 0 : Number((await c.pouch.info()).update_seq)
  const backlog = (Number.isFinite(update) && typeof res.last_seq === 'number' ? Math.max(0, update - res.last_seq) : 0) + incoming
  // A batch of only new documents while far behind: projected by the bulk worker, on its own
  // connection, while this thread goes on replicating (fresh.ts; docs/SYNC.md, "The bulk worker").
  // (Not the batch that catches up: it finishes the bulk mode on this thread.)
  const candidate = tapped && !outside.length && !conflicted.length && backlog > 0
  // The worker still loading (asked for as the pull began): the batch waits for it instead of
  // being projected here — the pull goes on meanwhile and the tap holds what it writes.
  if (candidate && bulkLoad.waitForWorker && c.store.bulkWorker?.starting) await c.store.bulkWorker.started()
  const forWorker = candidate ? newDocs(c, res.results) : null
  if (forWorker) {
    const done = await projectInWorker(c, forWorker, res.last_seq, backlog)
    if (done) return { count: res.results.length, tables: done }
  }
  const ids = res.results.map((r) => r.id)
  // The bulk worker writes on its own connection between the projector's transactions (bulk-worker.ts).
  await c.store.bulkIdle()
  const known = c.store.syncDocsByIds(ids)
  const tables = new Set<string>()
  let purged = 0
  c.store.tx(() => {
    // Records with no row yet, asked per table at once (inside the transaction, so it is what the loop sees).
    const absent = absentRows(c, res.results)
    let index = 0
    for (const ch of res.results) {
      const doc = ch.doc
      if (ch.deleted && !skip.has(ch.id)) {
        // The winner is a tombstone: the server moved the document away (or this device dropped it).
        const parsed = parseDocId(ch.id)
        const def = parsed ? c.byType.get(parsed.docType) : undefined
        if (parsed && def && purgeRow(c, def, parsed.recordId, ch.id)) { tables.add(getTableName(def.table)); purged++ }
        continue
      }
      if (!doc || ch.deleted || skip.has(ch.id) || ch.id.startsWith('_') || (doc._conflicts?.length ?? 0) > 0) continue
      const parsed = parseDocId(doc._id)
      if (!parsed || !isSyncDoc(doc) || !doc._rev) continue
      c.store.saveSyncDoc(doc, doc._rev, c.now())
      c.clock.receive(doc.lb.hlc)
      const def = c.byType.get(parsed.docType)
      if (!def) continue // a type from a newer app: kept in sync_docs and PouchDB, untouched
      const tableName = getTableName(def.table)
      const row = absent.get(def)?.has(parsed.recordId) ? undefined : c.store.row(def, parsed.recordId)
      if (!row) writeNew(c.store, def, doc, parsed.recordId)
      else {
        if (def.ledger) continue
        const local = rowToDoc(def, row, { ...c.writer, mutation: null })
        const { doc: merged, restored } = mergeDocs([local, doc])
        if (sameContent(merged, local)) continue
        const prev = known.get(doc._id)?.doc
        if (prev) noteConflict(c, def, tableName, parsed.recordId, merged, 'fields', askConflicts(def, local, doc, prev))
        if (restored) noteConflict(c, def, tableName, parsed.recordId, merged, 'restored', restoredFields(local, doc))
        const next = docToRow(def, merged, parsed.recordId)
        next.syncRev = doc._rev // a merge result has no `_rev` of its own
        // Checked against the row as written (a merge may have changed the fields they come from).
        c.store.writeRow(def, next, row, bulkLoad.carry ? carriedFor(def, doc, { ...row, ...next }) : undefined)
      }
      absent.get(def)?.delete(parsed.recordId)
      tables.add(tableName)
      c.fault?.('projector.midBatch', { index: index++ })
    }
    c.fault?.('projector.beforeCommit')
    c.store.setMeta(PULL_SEQ_KEY, JSON.stringify(res.last_seq), c.now())
    c.store.setMeta('hlc', c.clock.current(), c.now())
  }, { backlog, now: c.now() })
  return { count: res.results.length, tables: [...tables], purged }
}

/**
 * The batch's documents if each is a live sync document, the only leaf of its tree, of a type the
 * bulk worker projects, and the worker can take a batch now; otherwise null.
 */
function newDocs(c: EngineCtx, results: ChangesResult['results']): SyncDoc[] | null {
  const docs: SyncDoc[] = []
  const types = new Set<string>()
  for (const ch of results) {
    const doc = ch.doc
    if (!doc || ch.deleted || ch.id.startsWith('_') || (doc._conflicts?.length ?? 0) > 0 || !doc._rev || !isSyncDoc(doc)) return null
    const parsed = parseDocId(doc._id)
    if (!parsed || !c.byType.has(parsed.docType)) return null
    types.add(parsed.docType)
    docs.push(doc)
  }
  return c.store.workerProjects(types) ? docs : null
}

/**
 * Hands a batch of new documents to the bulk worker (fresh.ts `projectNewBatch`). The clock
 * receives their stamps here, and the worker saves it with the checkpoint. Returns the tables
 * written, or null: a record had a row after all, or the worker is gone; the caller projects the
 * batch itself (applying twice changes nothing). A failed transaction (nothing written) throws.
 */
async function projectInWorker(c: EngineCtx, docs: SyncDoc[], lastSeq: number | string, backlog: number): Promise<string[] | null> {
  for (const doc of docs) c.clock.receive(doc.lb.hlc)
  const detail: FaultDetail = { index: 0 }
  c.fault?.('projector.toWorker', detail)
  try {
    // Nearly done (what is left takes the main thread about as long as rebuilding the set-aside
    // indexes takes the worker): the worker rebuilds them now instead of the last batch.
    const restoreIndexes = typeof lastSeq === 'number' && backlog <= lastSeq * bulkLoad.restoreAhead
    const r = await c.store.bulkWorker!.project({ docs: JSON.stringify(docs), lastSeq, hlc: c.clock.current(), backlog, now: c.now(), ...(restoreIndexes ? { restoreIndexes } : {}), ...(detail.failAfter ? { failAfter: detail.failAfter } : {}) })
    if (!r.ok) return null
    c.store.workerBatchDone(backlog)
    return r.tables
  } catch (err) {
    if (err instanceof BulkWorkerStopped) return null
    throw err
  }
}

/** Per synced table: the records of this batch's live documents that have no row. */
function absentRows(c: EngineCtx, results: ChangesResult['results']): Map<SyncedTableDef, Set<string>> {
  return c.store.absentRowsOf(results.flatMap((ch) => {
    const parsed = ch.doc && !ch.deleted ? parseDocId(ch.id) : null
    const def = parsed ? c.byType.get(parsed.docType) : undefined
    return def ? [{ def, recordId: parsed!.recordId }] : []
  }))
}

/** The feed's next entries from the tap's recorded writes, or null: read the feed. */
async function tappedChanges(c: EngineCtx, since: number | string, limit: number): Promise<ChangesResult | null> {
  const tap = bulkLoad.tap ? c.tap : undefined
  const taken = tap?.take(since, limit)
  if (!tap || !taken) return null
  const results = await tap.simpleChanges(c.pouch, taken.docs, taken.lastSeq)
  return results ? { results, last_seq: taken.lastSeq } : null
}
