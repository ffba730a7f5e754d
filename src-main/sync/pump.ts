import { getTableName } from 'drizzle-orm'
import type { SyncedTableDef } from '../core/synced'
import { canonical, docIdOf, isSyncDoc, rowToDoc, sameContent, type SyncDoc } from './doc'
import { noteConflict, restoredFields, type EngineCtx } from './context'
import { askConflicts, mergeDocs } from './merge'
import type { PouchDoc } from './pouch'
import type { OutboxRow } from './store'
import { stampOwner } from './route'

/** Outbox rows waiting for a forced rewrite (the user asked to retry a rejected push). */
export const RETRY_MARK = 'retry'

/** Reason of a local write this device's account cannot push (after `forbidden: <database>`). */
export const GONE = 'not_found: 该记录已被转走或删除，本设备不再保存 / the record was moved away or removed and is no longer on this device'
export const NOT_WRITABLE = '本设备的同步账号不能写入该数据库 / this device\'s sync account cannot write to that database'

interface Pending { def: SyncedTableDef; recordId: string; seqs: number[]; last: OutboxRow; force: boolean }

/**
 * Moves pending outbox rows into the local PouchDB. Rows are coalesced per record; each record
 * is written as the field-level merge of its current SQLite row and PouchDB's current revision
 * (so a remote change that arrived meanwhile is never overwritten), on top of that revision.
 * Idempotent: after a crash between the PouchDB write and the outbox update the merge equals
 * what PouchDB holds, nothing is written twice, and the rows are simply marked pushed.
 * Returns how many outbox rows it settled (0 = nothing to do or no progress possible now).
 */
export async function pumpOnce(c: EngineCtx, limit = 500): Promise<number> {
  const rows = c.store.pendingOutbox(limit)
  if (rows.length === 0) return 0
  const byDoc = new Map<string, Pending>()
  const unknown: number[] = []
  for (const r of rows) {
    const def = c.byTable.get(r.tableName)
    if (!def) { unknown.push(r.seq); continue }
    const id = docIdOf(def.docType, r.recordId)
    const p = byDoc.get(id) ?? { def, recordId: r.recordId, seqs: [], last: r, force: false }
    p.seqs.push(r.seq)
    p.last = r
    p.force ||= r.error === RETRY_MARK
    byDoc.set(id, p)
  }
  const ids = [...byDoc.keys()]
  const current = ids.length ? (await c.pouch.allDocs({ keys: ids, include_docs: true })).rows : []
  const known = c.store.syncDocsByIds(ids)

  const writes: PouchDoc[] = []
  const written: { id: string; p: Pending; doc: SyncDoc }[] = []
  const done: number[] = [...unknown]
  const notes: (() => void)[] = []
  const gone: { seqs: number[]; reason: string }[] = []
  ids.forEach((id, i) => {
    const p = byDoc.get(id)!
    const cur = current[i]
    const curDoc = isSyncDoc(cur?.doc) && !cur.doc._deleted ? cur.doc : null
    const curRev = cur?.value?.rev
    const rowNow = c.store.row(p.def, p.recordId)
    // Purged here meanwhile (the server moved the record away): not pushed, reported instead.
    if (!rowNow && cur?.value?.deleted) { gone.push({ seqs: p.seqs, reason: GONE }); return }
    const row = rowNow ?? p.last.payload
    const local = rowToDoc(p.def, row, { ...c.writer, mutation: p.last.mutationId })
    if (p.def.ledger && curDoc) { done.push(...p.seqs); return } // created once, never rewritten
    // Without the PouchDB copy (rebuilt endpoint), sync_docs still knows fields this app does not.
    const other = curDoc ?? (curRev ? null : known.get(id)?.doc ?? null)
    const { doc: mergedDoc, restored } = other && !p.def.ledger ? mergeDocs([other, local]) : { doc: local, restored: false }
    // Routing key from SQLite now (a child follows its customer's current owner).
    const merged = stampOwner(p.def, mergedDoc, row, c.store.db)
    // The merge keeps no derived values; this row's (receivers check them against the merged fields).
    if (local.lb.carry) merged.lb.carry = local.lb.carry
    // Handed to an owner whose database this device does not write: through the one it lives in.
    // Route changed (reassigned, released): the agent clears the old database (agent/handover.ts).
    // Kept on later revisions with the same route: replication sends only the latest one, and an
    // edit made before the next sync must not drop the hand-over. (Before `via`, which routes too.)
    const before = curDoc ? c.routeOf?.(curDoc) ?? null : null
    if (before && before !== c.routeOf?.(merged)) merged.lb.from = before
    else if (curDoc?.lb.from) merged.lb.from = curDoc.lb.from
    else delete merged.lb.from
    if (c.keeps && curDoc && !c.keeps(merged) && c.keeps(curDoc)) { const home = c.routeOf?.(curDoc); if (home) merged.lb.via = home }
    if (curDoc && !p.force && sameContent(merged, curDoc) && merged.lb.owner === curDoc.lb.owner) { done.push(...p.seqs); return }
    if (curDoc) {
      const base = known.get(id)?.doc ?? null
      const tableName = getTableName(p.def.table)
      const asks = base ? askConflicts(p.def, local, curDoc, base) : {}
      notes.push(() => noteConflict(c, p.def, tableName, p.recordId, merged, 'fields', asks))
      if (restored) notes.push(() => noteConflict(c, p.def, tableName, p.recordId, merged, 'restored', restoredFields(local, curDoc)))
    }
    writes.push(canonical(curRev ? { ...merged, _rev: curRev } : merged))
    written.push({ id, p, doc: merged })
  })

  c.fault?.('pump.beforePouchWrite')
  const results = writes.length ? await c.pouch.bulkDocs(writes) : []
  c.fault?.('pump.afterPouchWrite')

  const refused = gone
  c.store.tx(() => {
    results.forEach((r, i) => {
      const w = written[i]!
      if (r.ok && r.rev) {
        // A record this account cannot push (it routes to a database the device does not
        // replicate, e.g. handed to someone outside the writer's scope): refused here, visibly.
        const pushable = !c.keeps || c.keeps(w.doc)
        c.store.saveSyncDoc(w.doc, r.rev, c.now(), pushable)
        c.store.setSyncRev(w.p.def, w.p.recordId, r.rev)
        if (pushable) done.push(...w.p.seqs)
        else refused.push({ seqs: w.p.seqs, reason: `forbidden: ${c.routeOf?.(w.doc) ?? '?'} ${NOT_WRITABLE}` })
      } else if (r.status !== 409) {
        // 409: a replicated revision landed meanwhile; the rows stay pending for the next round.
        c.log.warn('sync pump: write failed', { id: w.id, error: r.error, reason: r.reason })
      }
    })
    for (const n of notes) n()
    c.store.markPushed(done, c.now())
    for (const f of refused) c.store.markRejected(f.seqs, f.reason)
  })
  return done.length + refused.reduce((n, f) => n + f.seqs.length, 0)
}
