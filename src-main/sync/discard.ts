import { AppError } from '../core/errors'
import type { HybridClock } from '../core/hlc'
import { tableMaps } from './context'
import { bodyOf, canonical, docToRow, isSyncDoc, rowToDoc, type SyncDoc, type WriterMeta } from './doc'
import type { Pouch, PouchDoc } from './pouch'
import { classifyError } from './remote'
import type { OutboxRow, SyncStore } from './store'

/** Outbox rows the user gave up keep this prefix in `error` (and are never re-marked rejected). */
export const DISCARDED_PREFIX = 'discarded: '

export interface DiscardDeps {
  store: SyncStore
  clock: HybridClock
  writer: WriterMeta
  now: () => number
  local: Pouch
  /** The remote database a document belongs to (the topology's router). */
  remoteFor(docId: string): Pouch
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
    try {
      server = await d.remoteFor(docId).get(docId)
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw new AppError('CONFLICT', classifyError(err))
    }
    const recordId = group[0]!.recordId
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
    const reason = group.map((r) => r.error ?? '').find(Boolean) ?? ''
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
