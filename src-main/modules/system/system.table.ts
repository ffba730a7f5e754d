import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Device-local list of the records the demo-data generator wrote (演示数据), so they can be
 * shown as demo data and removed without touching anything a user created. Never synced:
 * demo data exists only on the device that loaded it (docs/PERFORMANCE.md, "Demo data").
 */
export const demoRecords = sqliteTable('demo_records', {
  tableName: text('table_name').notNull(),
  recordId: text('record_id').notNull(),
}, (t) => [primaryKey({ columns: [t.tableName, t.recordId] })])
