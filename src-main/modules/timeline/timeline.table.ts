import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

/**
 * The activity ledger behind the timeline: one immutable entry per business event
 * (follow-up logged, stage moved, customer transferred, quote sent…), written by each module
 * through `recordActivity` in the same mutation as the event. Edits come from the audit log.
 */
export const activities = sqliteTable('activities', {
  ...baseColumns(),
  at: integer('at').notNull(),
  actorId: text('actor_id'),
  /** The customer's owner when it happened: scope checks and the salesperson's timeline. */
  ownerId: text('owner_id'),
  customerId: text('customer_id'),
  kind: text('kind').notNull(),
  summaryKey: text('summary_key').notNull(),
  params: text('params', { mode: 'json' }).$type<Record<string, string | number | null>>().notNull().default({}),
  recordId: text('record_id'),
  body: text('body'),
}, (t) => [index('activities_customer_at').on(t.customerId, t.at), index('activities_actor_at').on(t.actorId, t.at), index('activities_owner_at').on(t.ownerId, t.at)])
