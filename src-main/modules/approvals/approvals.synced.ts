import { sql } from 'drizzle-orm'
import { defineSyncedTable } from '../../core/synced'
import { approvalDecisions, approvalFlows, approvalInstances } from './approvals.table'
import { refreshDerived } from './derived'

/**
 * Flows are company configuration. Instances and their decisions live with the submitter's
 * data (lb_u_<submitter>), read by the submitter and by everyone whose data scope covers them
 * — normally their supervisors — and also in every named approver's database (`readers`,
 * topology-names.ts READER_TYPES; the server agent keeps the copies equal), so an approver in
 * another department sees and decides them. A decision finds its submitter through its instance.
 */

/** Every approver named in an instance's step snapshot (a JSON column: array or its text). */
function approversOf(steps: unknown): string[] {
  let list = steps
  if (typeof list === 'string') { try { list = JSON.parse(list) as unknown } catch { return [] } }
  if (!Array.isArray(list)) return []
  const out = new Set<string>()
  for (const s of list as { approverIds?: unknown }[]) for (const a of Array.isArray(s?.approverIds) ? s.approverIds : []) if (typeof a === 'string') out.add(a)
  return [...out]
}
export const approvalsSynced = [
  defineSyncedTable({ table: approvalFlows, docType: 'approval_flow', partition: 'company' }),
  defineSyncedTable({
    table: approvalInstances, docType: 'approval_instance',
    partition: {
      ownerOf: (row) => (typeof row.submitterId === 'string' ? row.submitterId : undefined),
      readersOf: (row) => approversOf(row.steps),
    },
    afterWrite: (db, row) => refreshDerived(db, row.id as string),
  }),
  defineSyncedTable({
    table: approvalDecisions, docType: 'approval_decision', ledger: true,
    partition: {
      ownerOf: (row, db) => db.get<{ s: string } | undefined>(sql`SELECT submitter_id AS s FROM approval_instances WHERE id = ${row.instanceId as string}`)?.s,
      readersOf: (row, db) => approversOf(db.get<{ steps: string } | undefined>(sql`SELECT steps FROM approval_instances WHERE id = ${row.instanceId as string}`)?.steps),
    },
    afterWrite: (db, row) => refreshDerived(db, row.instanceId as string),
  }),
]
