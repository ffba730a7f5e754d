import { eq } from 'drizzle-orm'
import type { Writer } from '../../core/mutation'
import { customers } from '../customers/customers.table'
import { reassignCustomerRecords } from '../followups/reassign'
import { recordActivity } from '../timeline/activity'
import type { CustomerRow } from './pool.repository'
import { customerTransfers, type TransferKind } from './pool.table'
import './pool.synced'

export interface OwnerChange {
  customer: CustomerRow
  kind: TransferKind
  /** Null = into the pool. */
  toOwnerId: string | null
  reason: string
  /** Who did it; null for the rules (sweep). */
  byId: string | null
  /** Display names of the users involved, for the timeline entry. */
  names: ReadonlyMap<string, string>
  claimId?: string
  /** When the customer entered the pool (release: now; reclaim: its deadline). */
  releasedAt?: number
  /** Fixed ids when several devices may record the same change (reclaim by the rules). */
  ids?: { transfer: string; activity: string }
  /** Timeline summary other than the kind's own (a lost or rejected claim undone). */
  summaryKey?: string
  /** Into the pool without making the current owner the "previous owner" (no reclaim block). */
  keepPreviousOwner?: boolean
  /** Extra timeline params (e.g. the days of a reclaim). */
  params?: Record<string, string | number | null>
}

const SUMMARY: Record<TransferKind, string> = {
  transfer: 'timeline.transfer',
  release: 'timeline.pool.release',
  claim: 'timeline.pool.claim',
  reclaim: 'timeline.pool.reclaim',
}

/**
 * Every change of a customer's owner goes through here, inside the caller's mutation: the
 * customer row, the append-only ledger (customer_transfers), the timeline entry, and the
 * follow-ups, opportunities and reminders that move with the customer, so the new owner
 * inherits the whole history.
 */
export function changeOwner(w: Writer, c: OwnerChange): void {
  const from = c.customer.ownerId
  const patch = c.toOwnerId === null
    ? { ownerId: null, releasedAt: c.releasedAt ?? w.now, ...(c.keepPreviousOwner ? {} : { previousOwnerId: from }) }
    : { ownerId: c.toOwnerId, releasedAt: null }
  w.update(customers, c.customer.id, patch)
  const at = c.toOwnerId === null ? patch.releasedAt ?? w.now : w.now
  // A fixed-id row may already have arrived from another device that applied the same rule.
  const known = c.ids ? w.db.select({ id: customerTransfers.id }).from(customerTransfers).where(eq(customerTransfers.id, c.ids.transfer)).get() : undefined
  const t = known ?? w.insert(customerTransfers, {
    ...(c.ids ? { id: c.ids.transfer } : {}),
    customerId: c.customer.id, kind: c.kind, fromOwnerId: from, toOwnerId: c.toOwnerId, reason: c.reason, at, byId: c.byId, claimId: c.claimId ?? null,
  })
  const name = (id: string | null) => (id ? c.names.get(id) ?? null : null)
  recordActivity(w, c.byId, {
    ...(c.ids ? { id: c.ids.activity } : {}),
    kind: c.kind, summaryKey: c.summaryKey ?? SUMMARY[c.kind], at,
    params: { from: name(from), to: name(c.toOwnerId), reason: c.reason || null, ...c.params },
    customerId: c.customer.id, ownerId: c.toOwnerId ?? from, recordId: t.id, body: c.reason || null,
  })
  if (c.toOwnerId) reassignCustomerRecords(w, c.customer.id, c.toOwnerId)
}
