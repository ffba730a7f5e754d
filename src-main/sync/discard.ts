import { AppError } from '../core/errors'
import type { HybridClock } from '../core/hlc'
import { tableMaps } from './context'
import { bodyOf, canonical, docToRow, isSyncDoc, rowToDoc, type SyncDoc, type WriterMeta } from './doc'
import type { Pouch, PouchDoc } from './pouch'
import { classifyError } from './remote'
import { movedKey } from './purge'
import type { OutboxRow, SyncStore } from './store'

/** Outbox rows the user gave up keep this prefix in `error` (and are never re-marked rejected). */
export const DISCARDED_PREFIX = 'discarded: '

export interface DiscardDeps {
  store: SyncStore
  clock: HybridClock
  writer: WriterMeta
  now: () => number
  local: Pouch
  /** The remote databases to look for a document in, its home first (the topology's router). */
  remotesFor(docId: string): Pouch[]
  /** Hard-deletes a record this device must no longer hold (the projector's purge). */
  purge(tableName: string, recordId: string, docId: string): void
}

/**
 * Gives up rejected changes: each record goes back to the server's current version (fetched
 * now; a record the server never accepted is deleted locally). That version is written to
 * SQLite as is and on top of the local PouchDB branch, so the refused values cannot win a later
 * merge; its push is a revert the server's validate_doc_update lets through (docs/SYNC.md).
 * Returns the tables written.
 */
export async function discardRejected(d: DiscardDeps, rows: OutboxRow[]): Promise<string[]> {
  const { byTable } = tableMaps()
  const byDoc = new Map<string, OutboxRow[]>()
  for (const r of rows) {
    const key = `${r.docType}:${r.recordId}`
    byDoc.set(key, [...(byDoc.get(key) ?? []), r])
  }
  const tables = new Set<string>()
  for (const [docId, group] of byDoc) {
    const def = byTable.get(group[0]!.tableName)
    if (!def) continue
    let server: PouchDoc | null = null
    let removed = false
    for (const remote of d.remotesFor(docId)) {
      try {
        server = await remote.get(docId)
        break
      } catch (err) {
        const e = err as { status?: number; reason?: string; message?: string }
        if (e.status !== 404) throw new AppError('CONFLICT', classifyError(err))
        removed ||= e.reason === 'deleted' || e.message === 'deleted'
      }
    }
    const recordId = group[0]!.recordId
    const reason = group.map((r) => r.error ?? '').find(Boolean) ?? ''
    // Some servers answer "missing" for a deleted document: this device also remembers that the
    // server moved it away while it had an edit (purge.ts).
    if (!server && !removed) removed = d.store.meta(movedKey(docId)) !== null
    if (!server && removed) {
      // The server removed it (moved to another owner's database): the record leaves this
      // device. The local tombstone is never pushed (nothing routes it once purged).
      const local = await d.local.get(docId).catch(() => null)
      if (local?._rev) await d.local.bulkDocs([{ _id: docId, _rev: local._rev, _deleted: true }])
      d.store.tx(() => {
        d.purge(group[0]!.tableName, recordId, docId)
        d.store.setOutboxStatus(group.map((r) => r.seq), 'pushed', `${DISCARDED_PREFIX}${reason}`.slice(0, 500), d.now())
      })
      tables.add(group[0]!.tableName)
      continue
    }
    const row = d.store.row(def, recordId)
    let target: SyncDoc | null = isSyncDoc(server) ? ({ ...bodyOf(server), _id: docId, lb: server.lb } as SyncDoc) : null
    if (!target && row) {
      const stamp = d.clock.now()
      target = rowToDoc(def, { ...row, deletedAt: d.now(), hlc: stamp, fieldHlc: { ...(row.fieldHlc as Record<string, string>), deletedAt: stamp } }, { ...d.writer, mutation: null })
    }
    if (!target) continue
    const local = await d.local.get(docId).catch(() => null)
    const [res] = await d.local.bulkDocs([canonical(local?._rev ? { ...target, _rev: local._rev } : target)])
    if (!res?.ok || !res.rev) throw new AppError('CONFLICT', 'errors.syncFailed', { docId })
    const rev = res.rev
    const doc = target
    d.store.tx(() => {
      d.store.writeRow(def, { ...docToRow(def, doc, recordId), syncRev: rev })
      d.store.saveSyncDoc(doc, rev, d.now(), false)
      d.store.setOutboxStatus(group.map((r) => r.seq), 'pushed', `${DISCARDED_PREFIX}${reason}`.slice(0, 500), d.now())
    })
    tables.add(group[0]!.tableName)
  }
  return [...tables]
}
