import { sql } from 'drizzle-orm'
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

export const PRODUCT_STATUSES = ['active', 'inactive'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]
const LIVE = sql`deleted_at IS NULL`

/**
 * 产品分类 (WH-1): a tree by `parentId` (null = top level), siblings ordered by `sort`. No
 * FOREIGN KEY: sync may deliver a child before its parent; the service keeps the tree sound
 * (no cycles, no deleting a category that still holds products or subcategories).
 */
export const productCategories = sqliteTable('product_categories', {
  ...baseColumns(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
  sort: integer('sort').notNull().default(0),
}, (t) => [index('product_categories_parent').on(t.parentId, t.sort)])

/**
 * 产品资料 (WH-2). Money in fen, `taxRate` in basis points (1300 = 13 %). `code` is unique
 * among live products (checked by the service: sync may bring a clash from another device,
 * which must not fail the projector). `pinyin` (initials of the name) is derived at write
 * time. Floor price and standard cost live in product_costs so they can later replicate
 * only to devices whose users may see them.
 */
export const products = sqliteTable('products', {
  ...baseColumns(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  pinyin: text('pinyin').notNull(),
  /** 规格型号 */
  spec: text('spec'),
  unit: text('unit'),
  barcode: text('barcode'),
  categoryId: text('category_id'),
  listPrice: integer('list_price').notNull().default(0),
  taxRate: integer('tax_rate').notNull().default(1300),
  status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('active'),
  /** sha256 of an image in product_images (device-local bytes; see images.ts). */
  imageRef: text('image_ref'),
  notes: text('notes'),
}, (t) => [
  // Each sort has two partial indexes over live products, both ending with the filter columns
  // so filtering while walking one reads only the index (walking the table rows instead was
  // 20× slower at 100,000 products): (sort key, id, …) for all products, and (category_id,
  // sort key, id, …) so a category's page is one short range per category of its subtree.
  index('products_code').on(t.code, t.id, t.categoryId, t.status, t.listPrice).where(LIVE),
  index('products_pinyin').on(t.pinyin, t.name, t.id, t.categoryId, t.status, t.listPrice).where(LIVE),
  // Also carries the code and updated_at sort keys: a price range drives a page from this index
  // alone (no product row read per candidate, only the page's), see product-list-query sources().
  index('products_price').on(t.listPrice, t.id, t.categoryId, t.status, t.code, t.updatedAt).where(LIVE),
  index('products_updated').on(t.updatedAt, t.id, t.categoryId, t.status, t.listPrice).where(LIVE),
  index('products_cat_code').on(t.categoryId, t.code, t.id, t.status, t.listPrice).where(LIVE),
  index('products_cat_pinyin').on(t.categoryId, t.pinyin, t.name, t.id, t.status, t.listPrice).where(LIVE),
  index('products_cat_price').on(t.categoryId, t.listPrice, t.id, t.status).where(LIVE),
  index('products_cat_updated').on(t.categoryId, t.updatedAt, t.id, t.status, t.listPrice).where(LIVE),
  index('products_live_status').on(t.status).where(LIVE),
  index('products_barcode').on(t.barcode),
])

/**
 * Live products per category ('' = no category): local, derived, kept by SQL triggers on
 * products (migration 0023) in the same statement as every product write — services, sync,
 * imports, bulk loads, demo removal — so the category tree's counts read one row per category
 * instead of counting 100,000 products. Subtree totals are summed over the live tree on read
 * (a category move changes no direct count).
 */
export const productCategoryCounts = sqliteTable('product_category_counts', {
  categoryId: text('category_id').primaryKey(),
  n: integer('n').notNull().default(0),
})

/**
 * 最低价 and 标准成本 of a product: a separate document (id derived from the product id) so
 * cost data can be routed away from devices of users without catalogue.viewCost.
 */
export const productCosts = sqliteTable('product_costs', {
  ...baseColumns(),
  productId: text('product_id').notNull(),
  floorPrice: integer('floor_price'),
  standardCost: integer('standard_cost'),
}, (t) => [index('product_costs_product').on(t.productId)])

/**
 * Local search keys (never synced, rebuilt from products): `p:` pinyin initials (alternatives
 * for polyphonic characters), `c:` code, `b:` barcode, `w:` latin/digit words of name and spec,
 * all lower case, so any latin or digit prefix is one index range scan.
 */
export const productKeys = sqliteTable('product_keys', {
  productId: text('product_id').notNull(),
  key: text('key').notNull(),
}, (t) => [
  uniqueIndex('product_keys_key').on(t.key, t.productId),
  // (product, key): checking one walked product's keys against a prefix is one range probe.
  index('product_keys_product').on(t.productId, t.key),
])

// product_code_keys (migration 0027, SQL only: drizzle cannot declare WITHOUT ROWID): each live
// product's `c:` key with its rowid and list columns, kept by triggers, so a code-prefix page is
// one covering range (catalogue.repository.ts, strategy "codeKeys").

/**
 * Product images, content-addressed (ref = sha256 hex), at most 1 MB each, kept in this
 * device's database and never in the sync stream: a product record carries only `imageRef`,
 * so records sync at once and a device without the bytes shows a placeholder.
 */
export const productImages = sqliteTable('product_images', {
  ref: text('ref').primaryKey(),
  mime: text('mime').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  size: integer('size').notNull(),
  createdAt: integer('created_at').notNull(),
})
