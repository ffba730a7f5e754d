import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * The last full document this device saw in its local PouchDB for each `_id` (never synced).
 * It keeps fields an older app does not know (merged under the local row when pushing), is the
 * common base for "changed on both sides" checks, and lets the local PouchDB be rebuilt.
 * `dirty` = written by this device's pump and not yet acknowledged by the server.
 */
export const syncDocs = sqliteTable('sync_docs', {
  id: text('id').primaryKey(),
  docType: text('doc_type').notNull(),
  rev: text('rev').notNull(),
  hlc: text('hlc').notNull(),
  doc: text('doc', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  dirty: integer('dirty').notNull().default(0),
  /** Highest record HLC the server acknowledged (push replication reported it written). */
  ackedHlc: text('acked_hlc'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('sync_docs_dirty').on(t.dirty).where(sql`dirty = 1`)])

/**
 * Conflict inbox: one open entry per record where a merge was a guess (an `ask` field changed
 * on both sides) or where an edit undid a delete. `fields` holds base / mine / theirs per field.
 */
export const syncConflicts = sqliteTable('sync_conflicts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  docId: text('doc_id').notNull(),
  docType: text('doc_type').notNull(),
  tableName: text('table_name').notNull(),
  recordId: text('record_id').notNull(),
  /** Owner of the record when the conflict was found (scope check for the inbox). */
  ownerId: text('owner_id'),
  kind: text('kind', { enum: ['fields', 'restored'] }).notNull(),
  fields: text('fields', { mode: 'json' }).$type<Record<string, ConflictField>>().notNull(),
  createdAt: integer('created_at').notNull(),
  resolvedAt: integer('resolved_at'),
  resolvedBy: text('resolved_by'),
}, (t) => [index('sync_conflicts_open').on(t.resolvedAt, t.id), index('sync_conflicts_record').on(t.recordId, t.resolvedAt)])

export interface ConflictField {
  base: unknown
  mine: unknown
  theirs: unknown
  mineHlc: string | null
  theirsHlc: string | null
}
