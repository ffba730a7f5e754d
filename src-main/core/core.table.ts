import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Changes waiting to be pushed by the sync engine. Written by `mutation` in the same
 * transaction as the business rows, so no committed change can miss the outbox.
 */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  mutationId: text('mutation_id').notNull(),
  tableName: text('table_name').notNull(),
  docType: text('doc_type').notNull(),
  recordId: text('record_id').notNull(),
  op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
  hlc: text('hlc').notNull(),
  payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer('created_at').notNull(),
  status: text('status', { enum: ['pending', 'pushed', 'rejected'] }).notNull().default('pending'),
  error: text('error'),
  pushedAt: integer('pushed_at'),
}, (t) => [index('outbox_status_seq').on(t.status, t.seq), index('outbox_record').on(t.recordId)])

/** Append-only history of every change: who, when, which record, which fields, before/after. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  userId: text('user_id'),
  mutationId: text('mutation_id').notNull(),
  tableName: text('table_name').notNull(),
  recordId: text('record_id').notNull(),
  action: text('action', { enum: ['insert', 'update', 'delete', 'restore'] }).notNull(),
  changes: text('changes', { mode: 'json' }).$type<Record<string, { before: unknown; after: unknown }>>().notNull(),
}, (t) => [index('audit_record').on(t.recordId, t.id), index('audit_user_at').on(t.userId, t.at)])

/** Device-local key/value state (device id, last HLC stamp); never synced. */
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
})
