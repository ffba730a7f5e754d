import type { Writer } from '../../core/mutation'
import { reassignCustomerReminders } from '../reminders/source-reminders'
import { followups, opportunities } from './followups.table'
import './followups.synced'
import { FollowupsRepository } from './followups.repository'
import { OpportunitiesRepository } from './opportunities.repository'

/**
 * For the reassignment (客户分配) and pool modules: inside their mutation, when a customer gets
 * a new owner, the new owner inherits the customer's follow-ups, opportunities and the pending
 * reminders that come from them (users' own reminders stay with their authors). Merges move
 * rows by customer id (registerCustomerReference in followups.synced.ts); when the survivor's
 * owner differs, the merge should call this for the survivor too.
 */
export function reassignCustomerRecords(w: Writer, customerId: string, toOwnerId: string): { followups: number; opportunities: number; reminders: number } {
  let nf = 0
  let no = 0
  for (const f of new FollowupsRepository(w.db).idsForCustomer(customerId)) {
    if (f.ownerId !== toOwnerId) { w.update(followups, f.id, { ownerId: toOwnerId }); nf++ }
  }
  for (const o of new OpportunitiesRepository(w.db).idsForCustomer(customerId)) {
    if (o.ownerId !== toOwnerId) { w.update(opportunities, o.id, { ownerId: toOwnerId }); no++ }
  }
  return { followups: nf, opportunities: no, reminders: reassignCustomerReminders(w, customerId, toOwnerId) }
}
