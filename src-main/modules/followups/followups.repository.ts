import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { FollowupRow } from '../../../src-preload/contracts/followups'
import { cachedSqlOf } from '../../core/cached-sql'
import type { Db } from '../../core/db'
import { contacts } from '../customers/customers.table'
import { followups } from './followups.table'
import { rowVisibleSql, type Visible } from './scope-sql'

export type FollowupRecord = typeof followups.$inferSelect

const SELECT = sql.raw(`SELECT f.id, f.customer_id AS customerId, c.name AS customerName, f.owner_id AS ownerId, u.display_name AS ownerName,
  f.type, f.at, f.content, f.contact_id AS contactId, ct.name AS contactName, f.opportunity_id AS opportunityId, o.name AS opportunityName,
  f.stage, f.next_step AS nextStep, f.next_at AS nextAt
  FROM followups f LEFT JOIN customers c ON c.id = f.customer_id LEFT JOIN users u ON u.id = f.owner_id
  LEFT JOIN contacts ct ON ct.id = f.contact_id LEFT JOIN opportunities o ON o.id = f.opportunity_id`)

export interface FollowupListQuery {
  customerId?: string
  ownerId?: string
  opportunityId?: string
  /** Null when the customer was already opened through loadVisibleCustomer. */
  visible: Visible | null
  after: { t: number; id: string } | null
  limit: number
}

export class FollowupsRepository {
  constructor(private readonly db: Db) {}

  byId(id: string): FollowupRecord | undefined {
    return this.db.select().from(followups).where(and(eq(followups.id, id), isNull(followups.deletedAt))).get()
  }

  row(id: string): FollowupRow | undefined {
    return this.db.get<FollowupRow | undefined>(sql`${SELECT} WHERE f.id = ${id}`)
  }

  /** Newest first, keyset on (at, id); one row more than asked tells whether a next page exists. */
  list(q: FollowupListQuery): FollowupRow[] {
    const conds: SQL[] = [sql`f.deleted_at IS NULL`]
    if (q.customerId) conds.push(sql`f.customer_id = ${q.customerId}`)
    if (q.ownerId) conds.push(sql`f.owner_id = ${q.ownerId}`)
    if (q.opportunityId) conds.push(sql`f.opportunity_id = ${q.opportunityId}`)
    if (q.visible) conds.push(rowVisibleSql(q.visible, 'f.customer_id', 'f.owner_id'))
    if (q.after) conds.push(sql`(f.at, f.id) < (${q.after.t}, ${q.after.id})`)
    // Prepared once per shape (core/cached-sql.ts): compiling it cost as much as running a customer's page.
    return cachedSqlOf(this.db).all<FollowupRow>(sql`${SELECT} WHERE ${sql.join(conds, sql` AND `)} ORDER BY f.at DESC, f.id DESC LIMIT ${q.limit + 1}`)
  }

  /** Time of the customer's latest live follow-up (customers.lastFollowupAt after an edit or removal). */
  lastAt(customerId: string): number | null {
    return this.db.get<{ t: number | null }>(sql`SELECT max(at) AS t FROM followups WHERE customer_id = ${customerId} AND deleted_at IS NULL`)?.t ?? null
  }

  contact(id: string): { customerId: string; name: string } | undefined {
    return this.db.select({ customerId: contacts.customerId, name: contacts.name }).from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get()
  }

  idsForCustomer(customerId: string): { id: string; ownerId: string }[] {
    return this.db.select({ id: followups.id, ownerId: followups.ownerId }).from(followups)
      .where(and(eq(followups.customerId, customerId), isNull(followups.deletedAt))).all()
  }
}
