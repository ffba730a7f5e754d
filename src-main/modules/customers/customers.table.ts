import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

export const CUSTOMER_STATUSES = ['potential', 'active', 'lost'] as const
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number]

/**
 * 客户资料. `ownerId` null means the customer is in the pool (公海). Derived columns
 * (`nameNorm`, `pinyin`) are computed at write time by the module's derive hook; the FTS5 index
 * (customers_fts, bigrams of name and contact names) and customer_keys are local derived data.
 */
export const customers = sqliteTable('customers', {
  ...baseColumns(),
  ownerId: text('owner_id'),
  name: text('name').notNull(),
  /** Name normalised for duplicate checks: half-width, no spaces/punctuation, no legal suffix. */
  nameNorm: text('name_norm').notNull(),
  /** Pinyin initials of the name (contextual reading), e.g. 北京莱邦 → bjlb. */
  pinyin: text('pinyin').notNull(),
  creditCode: text('credit_code'),
  level: text('level'),
  category: text('category'),
  industry: text('industry'),
  source: text('source'),
  province: text('province'),
  city: text('city'),
  address: text('address'),
  phone: text('phone'),
  website: text('website'),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
  status: text('status', { enum: CUSTOMER_STATUSES }).notNull().default('potential'),
  notes: text('notes'),
  custom: text('custom', { mode: 'json' }).$type<Record<string, string | number | null>>().notNull().default({}),
  /** Pool (公海) bookkeeping. */
  lastFollowupAt: integer('last_followup_at'),
  releasedAt: integer('released_at'),
  previousOwnerId: text('previous_owner_id'),
  locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
  won: integer('won', { mode: 'boolean' }).notNull().default(false),
}, (t) => [
  // Every list sort has a pair of indexes (all owners / one owner) ending in id, so keyset
  // pages are index range scans: (sort key, id) > cursor. The name sort is by pinyin initials.
  index('customers_owner_updated').on(t.ownerId, t.updatedAt, t.id),
  index('customers_updated').on(t.updatedAt, t.id),
  index('customers_owner_created').on(t.ownerId, t.createdAt, t.id),
  index('customers_created').on(t.createdAt, t.id),
  index('customers_owner_pinyin').on(t.ownerId, t.pinyin, t.name, t.id),
  index('customers_pinyin').on(t.pinyin, t.name, t.id),
  // Never followed up sorts as -1 so the keyset needs no NULL cases.
  index('customers_owner_followup').on(t.ownerId, sql`ifnull(last_followup_at, -1)`, t.id),
  index('customers_followup').on(sql`ifnull(last_followup_at, -1)`, t.id),
  index('customers_name_norm').on(t.nameNorm),
  index('customers_credit_code').on(t.creditCode),
  // Counts and classification statistics read only this (partial, covering) index.
  index('customers_live').on(t.ownerId, t.level, t.category, t.status).where(sql`deleted_at IS NULL`),
  index('customers_level').on(t.level, t.updatedAt),
  index('customers_status').on(t.status, t.updatedAt),
])

/** 联系人: any number per customer. */
export const contacts = sqliteTable('contacts', {
  ...baseColumns(),
  customerId: text('customer_id').notNull(),
  name: text('name').notNull(),
  title: text('title'),
  mobile: text('mobile'),
  phone: text('phone'),
  email: text('email'),
  wechat: text('wechat'),
  birthday: text('birthday'),
  isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
}, (t) => [index('contacts_customer').on(t.customerId)])

/**
 * Local search keys (never synced, rebuilt from customers and contacts): alternative pinyin
 * initials (`p:` prefix) and reversed phone digits (`r:`) so a phone suffix is a range scan.
 */
export const customerKeys = sqliteTable('customer_keys', {
  customerId: text('customer_id').notNull(),
  key: text('key').notNull(),
}, (t) => [uniqueIndex('customer_keys_key').on(t.key, t.customerId), index('customer_keys_customer').on(t.customerId)])

/** 客户级别: configurable grades; pool rules per level. */
export const customerLevels = sqliteTable('customer_levels', {
  ...baseColumns(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  /** Days without follow-up before reclaim into the pool; null = the pool rules' defaultDays. */
  poolDays: integer('pool_days'),
}, (t) => [uniqueIndex('customer_levels_code').on(t.code)])

/** Custom fields an administrator defines for customers. */
export const customerFields = sqliteTable('customer_fields', {
  ...baseColumns(),
  key: text('key').notNull(),
  label: text('label').notNull(),
  type: text('type', { enum: ['text', 'number', 'date', 'option'] }).notNull(),
  options: text('options', { mode: 'json' }).$type<string[]>().notNull().default([]),
  sort: integer('sort').notNull().default(0),
}, (t) => [uniqueIndex('customer_fields_key').on(t.key)])

/** Saved list views (filters + sort) per user. */
export const savedViews = sqliteTable('saved_views', {
  ...baseColumns(),
  ownerId: text('owner_id').notNull(),
  module: text('module').notNull(),
  name: text('name').notNull(),
  query: text('query', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
}, (t) => [index('saved_views_owner').on(t.ownerId, t.module)])
