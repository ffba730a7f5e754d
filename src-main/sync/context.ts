import type { HybridClock } from '../core/hlc'
import type { SyncedTableDef } from '../core/synced'
import type { LogPort } from '../platform/ports'
import type { ConflictField } from '../modules/sync/sync.table'
import { defsByDocType, defsByTable, docIdOf, type SyncDoc, type WriterMeta } from './doc'
import type { Pouch, PouchDoc } from './pouch'
import type { SyncStore } from './store'
import type { WriteTap } from './tap'

/**
 * Named points where tests inject a crash (a throw): the engine must converge after a restart
 * whatever step failed. Production passes no hooks.
 */
export type FaultPoint = 'pump.beforePouchWrite' | 'pump.afterPouchWrite' | 'projector.midBatch' | 'projector.beforeCommit' | 'projector.toWorker' | 'resolver.afterWrite'
/** `failAfter` (projector.toWorker): a test asks the bulk worker to fail its transaction after that many rows. */
export interface FaultDetail { index?: number; failAfter?: number }
export type FaultHook = (point: FaultPoint, detail?: FaultDetail) => void

/** What pump, projector and conflict resolver share. */
export interface EngineCtx {
  store: SyncStore
  pouch: Pouch
  clock: HybridClock
  writer: WriterMeta
  now: () => number
  log: LogPort
  fault?: FaultHook
  byType: Map<string, SyncedTableDef>
  byTable: Map<string, SyncedTableDef>
  /**
   * Whether this device replicates the database a document routes to (the topology). Absent:
   * everything is kept. The pump reports a local write it cannot push as rejected; the
   * projector purges documents routed elsewhere.
   */
  keeps?: (doc: PouchDoc) => boolean
  /** The database a document routes to, for messages. */
  routeOf?: (doc: PouchDoc) => string | null
  /**
   * Documents the running catch-up pull is still bringing (server count minus received; 0 when
   * no pull is running). Counted in the projector's backlog: an initial sync is far behind from
   * its first batch, not only once the local PouchDB has 1,000 unprojected documents.
   */
  incoming?: () => number
  /** Replicated writes of the local PouchDB held for the projector (tap.ts); absent: the feed only. */
  tap?: WriteTap
}

export function tableMaps(): Pick<EngineCtx, 'byType' | 'byTable'> { return { byType: defsByDocType(), byTable: defsByTable() } }

export const PULL_SEQ_KEY = 'sync.pull_seq'

/** Records a conflict-inbox entry for a merge that was a guess or that undid a delete. */
export function noteConflict(c: EngineCtx, def: SyncedTableDef, tableName: string, recordId: string, doc: SyncDoc, kind: 'fields' | 'restored', fields: Record<string, ConflictField>): void {
  if (Object.keys(fields).length === 0) return
  const ownerId = typeof doc.ownerId === 'string' ? doc.ownerId : null
  c.store.addConflict({ docId: docIdOf(def.docType, recordId), docType: def.docType, tableName, recordId, ownerId, kind, fields }, c.now())
}

/** The inbox entry for a restored record: what each side had for `deletedAt`. */
export function restoredFields(mine: SyncDoc, theirs: SyncDoc): Record<string, ConflictField> {
  return { deletedAt: { base: null, mine: mine.deletedAt ?? null, theirs: theirs.deletedAt ?? null, mineHlc: mine.lb.fieldHlc.deletedAt ?? null, theirsHlc: theirs.lb.fieldHlc.deletedAt ?? null } }
}
