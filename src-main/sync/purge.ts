import { eq, getTableName } from 'drizzle-orm'
import type { SyncedTable, SyncedTableDef } from '../core/synced'
import { syncDocs } from '../modules/sync/sync.table'
import type { EngineCtx } from './context'
import { bodyOf, canonical, isSyncDoc, parseDocId, type SyncDoc } from './doc'
import { mergeDocs } from './merge'
import type { ChangeRow, PouchDoc } from './pouch'
import { homesOf, READER_TYPES, routeOf } from './topology-names'

/**
 * Removing records this device may no longer hold (docs/SYNC.md, "Reassignment and purge").
 * A record leaves a device when the server moved its document out of a database the device
 * reads (the agent's tombstone becomes the winner) or when it routes to a database the device
 * no longer replicates (reassigned away, scope reduced). This is not a user delete: no audit,
 * no outbox; the row and its search-index entries go, and so does the `sync_docs` copy.
 */

/** Hard-deletes a record's row (inside the caller's transaction). Returns true if there was one. */
/** local_meta key marking a document the server moved away while this device had an edit of it. */
export function movedKey(docId: string): string { return `sync.moved:${docId}` }

export function purgeRow(c: EngineCtx, def: SyncedTableDef, recordId: string, docId: string): boolean {
  c.store.db.delete(syncDocs).where(eq(syncDocs.id, docId)).run()
  c.store.deleteMeta(movedKey(docId))
  const row = c.store.row(def, recordId)
  if (!row) return false
  // First as a soft delete, so afterWrite hooks drop the record from indexes (the customers FTS
  // row is keyed by the row's rowid, gone after the DELETE); then the row itself, then the hooks
  // again for indexes kept on a parent (a contact's phone in its customer's search keys).
  if (row.deletedAt == null) c.store.writeRow(def, { deletedAt: c.now() }, row)
  const table = def.table as SyncedTable
  c.store.db.delete(table).where(eq(table.id, recordId)).run()
  def.afterWrite?.(c.store.db, row)
  return true
}

/** Live winners routed to a database this device does not replicate (never its own pending work). */
export function outsideWinners(c: EngineCtx, rows: ChangeRow[]): ChangeRow[] {
  if (!c.keeps) return []
  return rows.filter((ch) => {
    const doc = ch.doc
    if (!doc || ch.deleted || !isSyncDoc(doc) || c.keeps!(doc)) return false
    const parsed = parseDocId(doc._id)
    return !!parsed && !c.store.isOwnPending(doc._id, parsed.recordId)
  })
}

/**
 * Local tombstones on top of the given winners: the feed brings them back as deleted winners,
 * which the projector purges. They are never pushed (the router finds no body for them once the
 * record is purged). Local PouchDB (leveldb) cannot purge a document, so the tombstone stays; a
 * compaction afterwards drops the old revisions' bodies.
 */
export async function tombstone(c: EngineCtx, docs: { _id: string; _rev?: string }[]): Promise<number> {
  const writes = docs.filter((d) => d._rev).map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true }))
  if (!writes.length) return 0
  const res = await c.pouch.bulkDocs(writes)
  for (const r of res) if (!r.ok && r.status !== 409) c.log.warn('sync purge: tombstone failed', r)
  return writes.length
}

/**
 * The server moved a document out of a database (the agent's tombstone carries `lb.moved`) while
 * this device still has its own unacknowledged edit on another branch, one that would be pushed
 * to that same database. CouchDB validates a replicated revision against its own ancestor, so
 * pushed as is the edit would pass and bring the document back. Instead the edit is re-written on
 * top of the tombstone (and its old branch deleted): the server then judges it against the
 * tombstone and refuses it, and the device reports the refusal like any other (rejected outbox
 * rows with the server's reason, nothing dropped silently).
 */
export async function rebaseOntoMoved(c: EngineCtx, rows: ChangeRow[]): Promise<void> {
  const writes: PouchDoc[] = []
  for (const ch of rows) {
    if (ch.deleted || ch.changes.length < 2 || !ch.doc) continue
    const parsed = parseDocId(ch.id)
    if (!parsed || !c.store.isOwnPending(ch.id, parsed.recordId)) continue
    const leaves = (await c.pouch.get(ch.id, { open_revs: 'all' })).map((r) => r.ok).filter((d): d is PouchDoc => !!d)
    const moved = leaves.find((l) => l._deleted && typeof (l.lb as { moved?: unknown } | undefined)?.moved === 'string')
    if (!moved) continue
    const from = routeOf(moved as { lb?: { type?: string; owner?: string | null } })
    const stale = leaves.filter((l): l is SyncDoc => !l._deleted && isSyncDoc(l) && routeOf(l) === from)
    if (!stale.length) continue
    const { doc } = mergeDocs(stale.map((s) => ({ ...bodyOf(s), _id: s._id, lb: s.lb }) as SyncDoc))
    writes.push(canonical({ ...doc, _rev: moved._rev }))
    // Remembered for "discard": the record is then removed, not restored (its parent is a tombstone).
    c.store.setMeta(movedKey(ch.id), String((moved.lb as { moved: string }).moved), c.now())
    for (const s of stale) writes.push({ _id: s._id, _rev: s._rev, _deleted: true })
  }
  if (!writes.length) return
  const res = await c.pouch.bulkDocs(writes)
  for (const r of res) if (!r.ok && r.status !== 409) c.log.warn('sync: rebase onto a moved tombstone failed', r)
}

export function tableOf(def: SyncedTableDef): string { return getTableName(def.table) }

/**
 * After the device's databases changed (org data, role, scope): every record routed to a
 * database it no longer replicates is tombstoned locally (then purged by the projector), except
 * this device's own unaccepted work. Returns how many.
 */
export async function dropOutside(c: EngineCtx, replicated: ReadonlySet<string>): Promise<number> {
  let after = ''
  let total = 0
  for (;;) {
    const page = c.store.ownedDocs(after, 500)
    if (!page.length) break
    after = page[page.length - 1]!.id
    const out = page.filter((d) => {
      if (replicated.has(routeOf({ lb: { type: d.docType, owner: d.owner } }))) return false
      // Also held through a reader's database (an approval this user decides).
      if (READER_TYPES.has(d.docType) && homesOf(c.store.syncDoc(d.id)?.doc ?? {}).some((x) => replicated.has(x))) return false
      const parsed = parseDocId(d.id)
      return !!parsed && !c.store.isOwnPending(d.id, parsed.recordId)
    })
    if (!out.length) continue
    const live = (await c.pouch.allDocs({ keys: out.map((d) => d.id) })).rows.filter((r) => r.value && !r.value.deleted)
    total += await tombstone(c, live.map((r) => ({ _id: r.key, _rev: r.value!.rev })))
  }
  return total
}
