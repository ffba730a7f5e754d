import { sql } from 'drizzle-orm'
import { defineSyncedTable } from '../../core/synced'
import { approvalDecisions, approvalFlows, approvalInstances } from './approvals.table'
import { refreshDerived } from './derived'

/**
 * Flows are company configuration. Instances and their decisions live with the submitter's
 * data (lb_u_<submitter>), read by the submitter and by everyone whose data scope covers them
 * — normally their supervisors. A decision finds its submitter through its instance.
 */
export const approvalsSynced = [
  defineSyncedTable({ table: approvalFlows, docType: 'approval_flow', partition: 'company' }),
  defineSyncedTable({
    table: approvalInstances, docType: 'approval_instance',
    partition: { ownerOf: (row) => (typeof row.submitterId === 'string' ? row.submitterId : undefined) },
    afterWrite: (db, row) => refreshDerived(db, row.id as string),
  }),
  defineSyncedTable({
    table: approvalDecisions, docType: 'approval_decision', ledger: true,
    partition: {
      ownerOf: (row, db) => db.get<{ s: string } | undefined>(sql`SELECT submitter_id AS s FROM approval_instances WHERE id = ${row.instanceId as string}`)?.s,
    },
    afterWrite: (db, row) => refreshDerived(db, row.instanceId as string),
  }),
]
