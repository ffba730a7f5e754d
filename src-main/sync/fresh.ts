import { getTableName } from 'drizzle-orm'
import type { SyncedTableDef } from '../core/synced'
import { PULL_SEQ_KEY } from './context'
import { carriedFor, docToRow, parseDocId, type SyncDoc } from './doc'
import { bulkLoad, type SyncStore } from './store'

/**
 * The projector's write of a document whose record has no row here yet: the row as the
 * document says (nothing local to merge with), its revision, derived values it carries when
 * valid. Shared by the projector's loop (projector.ts) and the bulk worker's batches.
 */
export function writeNew(store: SyncStore, def: SyncedTableDef, doc: SyncDoc, recordId: string): void {
  const next = docToRow(def, doc, recordId)
  next.syncRev = doc._rev // a merge result has no `_rev` of its own
  store.writeRow(def, next, undefined, bulkLoad.carry ? carriedFor(def, doc, next) : undefined)
}

/** What the bulk worker is told with a batch besides its documents (bulk-worker.ts ProjectRequest). */
export interface NewBatchCheckpoint { lastSeq: number | string; hlc: string; backlog: number; now: number; failAfter?: number }

class NotNew extends Error {}

/**
 * Projects a batch of the changes feed that holds only documents new to this device (each the
 * single live leaf of its tree, of a type `byType` knows), exactly as the projector's loop would:
 * sync_docs, rows, the batch's index work and the checkpoint (pull sequence and clock) in one
 * transaction. The bulk worker runs it on its own connection while the main thread replicates.
 * Returns the tables written, or null, with nothing written, if a record already has a row (the
 * projector then merges the batch itself).
 */
export function projectNewBatch(store: SyncStore, byType: ReadonlyMap<string, SyncedTableDef>, docs: SyncDoc[], at: NewBatchCheckpoint): string[] | null {
  // Never the batch that catches up: with no backlog the transaction would end the bulk load
  // (store.ts finishDeferred), which is the main thread's to do.
  if (!(at.backlog > 0)) throw new Error('a batch for the bulk worker must leave a backlog')
  const items = docs.map((doc) => {
    const parsed = parseDocId(doc._id)
    if (!parsed || !doc._rev) throw new Error(`not a sync document: ${doc._id}`)
    return { doc, recordId: parsed.recordId, def: byType.get(parsed.docType) }
  })
  try {
    return store.tx(() => {
      const known = items.flatMap((x) => (x.def ? [{ def: x.def, recordId: x.recordId }] : []))
      const absent = store.absentRowsOf(known)
      if (known.some((x) => !absent.get(x.def)!.has(x.recordId))) throw new NotNew()
      const tables = new Set<string>()
      let n = 0
      for (const x of items) {
        store.saveSyncDoc(x.doc, x.doc._rev!, at.now)
        if (!x.def) continue
        writeNew(store, x.def, x.doc, x.recordId)
        tables.add(getTableName(x.def.table))
        if (++n === at.failAfter) throw new Error('simulated crash')
      }
      store.setMeta(PULL_SEQ_KEY, JSON.stringify(at.lastSeq), at.now)
      store.setMeta('hlc', at.hlc, at.now)
      return [...tables]
    }, { backlog: at.backlog, now: at.now })
  } catch (err) {
    if (err instanceof NotNew) return null
    throw err
  }
}
