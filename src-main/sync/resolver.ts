import { getTableName } from 'drizzle-orm'
import { bodyOf, canonical, isSyncDoc, parseDocId, sameContent, type SyncDoc } from './doc'
import { noteConflict, restoredFields, type EngineCtx } from './context'
import { askConflicts, mergeDocs } from './merge'
import type { PouchDoc } from './pouch'

/**
 * Resolves CouchDB conflicts (several live leaf revisions of one document) in the local
 * PouchDB: the field-level merge of all live leaves is written on top of the winning revision
 * and every losing leaf is deleted, all in one bulkDocs. The merge and the revision it sits on
 * depend only on the leaves (CouchDB's winner is deterministic, the merged JSON is canonical and
 * PouchDB's revision id is a hash of JSON + parent), so two devices resolving the same conflict
 * write the same revisions and replication finds nothing to exchange. Ledger documents are
 * never merged: the winner stays, the losers go.
 */
export async function resolveConflicts(c: EngineCtx, winners: PouchDoc[]): Promise<void> {
  const writes: PouchDoc[] = []
  const notes: (() => void)[] = []
  for (const w of winners) {
    const leaves = (await c.pouch.get(w._id, { open_revs: 'all', revs: true }))
      .map((r) => r.ok).filter((d): d is SyncDoc => !!d && !d._deleted && isSyncDoc(d))
    const top = leaves.find((l) => l._rev === w._rev)
    if (leaves.length < 2 || !top) continue
    // This device's own edit the server has not accepted yet is merged onto the server's branch,
    // not the other way round: CouchDB validates a revision against its stored ancestor, so the
    // server then judges the edit against its current version (a reassignment, a role change).
    // Only this device has that leaf, so no other device resolves this conflict differently.
    const known = c.store.syncDoc(w._id)
    const own = known?.dirty ? leaves.find((l) => l._rev === known.rev) : undefined
    const serverSide = own ? leaves.filter((l) => l !== own) : []
    const winner = own && serverSide.length ? serverSide.reduce((a, b) => (revOrder(b, a) > 0 ? b : a)) : top
    const losers = leaves.filter((l) => l !== winner)
    const parsed = parseDocId(w._id)
    const def = parsed ? c.byType.get(parsed.docType) : undefined
    if (def && !def.ledger) {
      const { doc: merged, restored } = mergeDocs(leaves.map(strip))
      if (!sameContent(merged, strip(winner))) writes.push(canonical({ ...merged, _rev: winner._rev }))
      // The inbox entry is this device's view: "mine" is the branch it last saw.
      const seen = c.store.syncDoc(w._id)?.rev
      const mine = leaves.find((l) => l._rev === seen) ?? winner
      const others = leaves.filter((l) => l !== mine).map(strip)
      const theirs = others.length === 1 ? others[0]! : mergeDocs(others).doc
      const base = await commonAncestor(c, leaves)
      const tableName = getTableName(def.table)
      const asks = askConflicts(def, strip(mine), theirs, base)
      notes.push(() => noteConflict(c, def, tableName, parsed!.recordId, merged, 'fields', asks))
      if (restored) notes.push(() => noteConflict(c, def, tableName, parsed!.recordId, merged, 'restored', restoredFields(strip(mine), theirs)))
    }
    for (const l of losers) writes.push(canonical({ _id: w._id, _rev: l._rev, _deleted: true }))
  }
  if (writes.length === 0) return
  const results = await c.pouch.bulkDocs(writes)
  for (const r of results) if (!r.ok && r.status !== 409) c.log.warn('sync resolver: write failed', r)
  c.fault?.('resolver.afterWrite')
  if (notes.length) c.store.tx(() => { for (const n of notes) n() })
}

/** CouchDB's winner order among live leaves: longer history, then the higher revision id. */
function revOrder(a: PouchDoc, b: PouchDoc): number {
  const [pa, ia] = splitRev(a._rev!)
  const [pb, ib] = splitRev(b._rev!)
  return pa !== pb ? pa - pb : ia < ib ? -1 : ia > ib ? 1 : 0
}
function splitRev(rev: string): [number, string] {
  const i = rev.indexOf('-')
  return [Number(rev.slice(0, i)), rev.slice(i + 1)]
}

function strip(d: SyncDoc): SyncDoc {
  return { ...bodyOf(d), _id: d._id, lb: d.lb } as SyncDoc
}

/** Body of the newest revision all leaves descend from, if PouchDB still has it. */
async function commonAncestor(c: EngineCtx, leaves: PouchDoc[]): Promise<SyncDoc | null> {
  const paths = leaves.map((l) => {
    const r = l._revisions
    if (!r) return new Map<number, string>()
    return new Map(r.ids.map((id, i) => [r.start - i, `${r.start - i}-${id}`]))
  })
  const first = paths[0]
  if (!first) return null
  const positions = [...first.keys()].sort((a, b) => b - a)
  for (const pos of positions) {
    const rev = first.get(pos)!
    if (paths.every((p) => p.get(pos) === rev)) {
      try {
        const doc = await c.pouch.get(leaves[0]!._id, { rev })
        return isSyncDoc(doc) ? doc : null
      } catch {
        return null
      }
    }
  }
  return null
}
