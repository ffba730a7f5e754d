import { integer, text } from 'drizzle-orm/sqlite-core'

/**
 * Columns every synced table carries. `hlc` is the record's latest hybrid-logical-clock stamp;
 * `fieldHlc` holds the stamp of each field's last change (field-level merge in sync);
 * `syncRev` is the last CouchDB revision seen for the record.
 */
export function baseColumns() {
  return {
    id: text('id').primaryKey(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by'),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by'),
    deletedAt: integer('deleted_at'),
    hlc: text('hlc').notNull(),
    fieldHlc: text('field_hlc', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    syncRev: text('sync_rev'),
  }
}

export const BASE_FIELDS = ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'hlc', 'fieldHlc', 'syncRev'] as const
export type BaseField = (typeof BASE_FIELDS)[number]
