import { eq } from 'drizzle-orm'
import { defineSyncedTable } from '../../core/synced'
import type { Writer } from '../../core/mutation'
import { withCustomer } from '../customers/customer-partition'
import { activities } from './timeline.table'

/**
 * About a customer: with the customer. Otherwise in the database of the record's owner, else of
 * the user who acted (an import); an entry with neither is company data.
 */
const activityPartition = withCustomer('ownerId')
export const activitiesSynced = defineSyncedTable({
  table: activities, docType: 'activity', ledger: true,
  partition: {
    ownerOf: (row, db) => activityPartition.ownerOf(row, db) ?? (typeof row.actorId === 'string' ? row.actorId : undefined),
    // An approver's decision on the submitter's timeline: also in the approver's database, the
    // one an approver outside the submitter's scope can write (topology-names.ts READER_TYPES).
    readersOf: (row) => (row.kind === 'approval' && typeof row.actorId === 'string' ? [row.actorId] : []),
  },
})

export interface ActivityInput {
  kind: string
  summaryKey: string
  params?: Record<string, string | number | null>
  customerId?: string | null
  ownerId?: string | null
  recordId?: string | null
  body?: string | null
  at?: number
  /**
   * A fixed id when several devices may record the same event (a rules-based reclaim): they then
   * write one document that sync merges instead of two entries.
   */
  id?: string
}

/**
 * The timeline's registration point: any module records its events here, inside its own
 * mutation, so the entry commits (and syncs) together with the change it describes.
 */
export function recordActivity(w: Writer, actorId: string | null, e: ActivityInput): void {
  if (e.id && w.db.select({ id: activities.id }).from(activities).where(eq(activities.id, e.id)).get()) return
  w.insert(activities, {
    ...(e.id ? { id: e.id } : {}),
    at: e.at ?? w.now, actorId, ownerId: e.ownerId ?? null, customerId: e.customerId ?? null, kind: e.kind, summaryKey: e.summaryKey,
    params: e.params ?? {}, recordId: e.recordId ?? null, body: e.body ?? null,
  })
}
