/** The catalogue list repository before the issue-5 search work (git HEAD at that time), kept for the interleaved before/after rows of bench/catalogue.bench.ts. */
import type { Statement } from 'better-sqlite3'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { CategoryNode, ProductListItem, ProductSort, ProductStatus } from '../../../src-preload/contracts/catalogue'
import type { Db, Sqlite } from '../../../src-main/core/db'
import { productCategories, productCosts, productImages, products } from '../../../src-main/modules/catalogue/catalogue.table'
import {
  andSql, CATEGORY_SORT_INDEX, encodeCursor, filterConditions, keysetCondition, matchCounter, orderBy, searchCondition, searchRowids, sortKeys, sources,
  type ListSpec, type Sql, type Source,
} from './product-list-query'
import { normCode } from '../../../src-main/modules/catalogue/search'

export type ProductRecord = typeof products.$inferSelect
export type CategoryRecord = typeof productCategories.$inferSelect
export type CostRecord = typeof productCosts.$inferSelect

export interface ListQuery { spec: ListSpec; sort: ProductSort; after: (string | number)[] | null; limit: number; withCost: boolean }

/**
 * How a page is found. Search matches are read first, at most DRIVE_MAX of them: fewer, and
 * exactly those rows are read and sorted ("drive:search"). A category filter over at most
 * ARMS_MAX categories reads one short range of each category's (category_id, sort key) index
 * and merges them ("arms"). A status or price filter matching fewer than DRIVE_MAX rows drives
 * likewise. Otherwise the sort index is walked and rows are filtered on the index alone
 * ("walk"), which stops after a page; a search then checks rows against its matches read once
 * into a lookup table, or — matching at least DENSE_SHARE of all products — each walked row's
 * own FTS text or keys, as the walk then stops early. Figures: bench/catalogue.bench.ts.
 */
export const DRIVE_MAX = 1000
export const DENSE_SHARE = 0.08
export const ARMS_MAX = 32

export type Strategy = 'walk' | 'arms' | 'drive:search' | `drive:${Source['name']}`
type SearchMode = { kind: 'ids'; ids: number[] } | { kind: 'materialized' | 'perRow' } | null

const COLUMNS = `p.id, p.code, p.name, p.spec, p.unit, p.barcode, p.category_id AS categoryId, cat.name AS categoryName,
  p.list_price AS listPrice, p.tax_rate AS taxRate, p.status, p.image_ref AS imageRef, p.updated_at AS updatedAt`
const COST_COLUMNS = ', pc.floor_price AS floorPrice, pc.standard_cost AS standardCost'
const COST_JOIN = 'LEFT JOIN product_costs pc ON pc.product_id = p.id AND pc.deleted_at IS NULL'

/** All SQL of the catalogue module. List queries are prepared once per shape and cached. */
export class CatalogueRepository {
  private readonly statements = new Map<string, Statement>()
  /** `limits` exists for tests, to run every strategy on small data. */
  constructor(private readonly db: Db, private readonly sqlite: Sqlite, private readonly limits = { driveMax: DRIVE_MAX, denseShare: DENSE_SHARE, armsMax: ARMS_MAX }) {}

  private prepare(text: string): Statement {
    let st = this.statements.get(text)
    if (!st) {
      if (this.statements.size > 500) this.statements.clear()
      st = this.sqlite.prepare(text)
      this.statements.set(text, st)
    }
    return st
  }

  // ---- list ----

  listPage(q: ListQuery): { items: ProductListItem[]; nextCursor: string | null } {
    const { sql: s } = this.pageSql({ ...q, limit: q.limit + 1 })
    const rows = this.prepare(s.text).all(...s.params) as (ProductListItem & { k: string })[]
    const more = rows.length > q.limit
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(({ k: _k, ...item }) => item),
      nextCursor: more && last ? encodeCursor(q.sort, JSON.parse(last.k) as (string | number)[]) : null,
    }
  }

  /** The chosen strategy and SQLite's plan of a page query (tests, benchmark). */
  explainList(q: ListQuery): { strategy: Strategy; plan: string[] } {
    const { sql: s, strategy } = this.pageSql(q)
    return { strategy, plan: (this.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.params) as { detail: string }[]).map((r) => r.detail) }
  }

  count(spec: ListSpec): number {
    const sort: ProductSort = { field: 'code', dir: 'asc' }
    if (spec.search) {
      // Driven by the matches, whatever their number: a count cannot stop early anyway.
      const m = searchRowids(spec.search)
      const w = andSql(filterConditions(spec, sort, false))
      return this.prepare(`SELECT count(*) FROM (SELECT DISTINCT rid FROM (${m.text})) m CROSS JOIN products p ON p.rowid = m.rid WHERE ${w.text}`).pluck().get(...m.params, ...w.params) as number
    }
    const w = andSql(filterConditions(spec, sort, false))
    // The category index is covering for every filter; with no filter the small status index is.
    const from = spec.categories ? 'products p INDEXED BY products_cat_code' : w.params.length === 0 ? 'products p INDEXED BY products_live_status' : 'products p'
    return this.prepare(`SELECT count(*) FROM ${from} WHERE ${w.text}`).pluck().get(...w.params) as number
  }

  private searchMode(spec: ListSpec): SearchMode {
    const s = spec.search
    if (!s) return null
    const m = searchRowids(s)
    const ids = this.prepare(`SELECT DISTINCT rid FROM (${m.text}) LIMIT ?`).pluck().all(...m.params, this.limits.driveMax) as number[]
    if (ids.length < this.limits.driveMax) return { kind: 'ids', ids }
    const total = Math.max(1, (this.prepare('SELECT max(rowid) FROM products').pluck().get() as number | null) ?? 1)
    const denseMin = Math.ceil(this.limits.denseShare * total)
    const c = matchCounter(s, denseMin)
    return { kind: (this.prepare(c.text).pluck().get(...c.params) as number) >= denseMin ? 'perRow' : 'materialized' }
  }

  /** A status or price source under the drive limit (the smallest), if any. */
  private smallSource(spec: ListSpec): Source | null {
    let best: Source | null = null
    let bestN = Infinity
    for (const src of sources(spec)) {
      const c = src.count(this.limits.driveMax)
      const n = this.prepare(c.text).pluck().get(...c.params) as number
      if (n < this.limits.driveMax && n < bestN) { best = src; bestN = n }
    }
    return best
  }

  private pageSql(q: ListQuery): { sql: Sql; strategy: Strategy } {
    const { spec, sort } = q
    const keyset = q.after ? [keysetCondition(sort, q.after)] : []
    const mode = this.searchMode(spec)
    const searchCond = spec.search && mode && mode.kind !== 'ids' ? [searchCondition(spec.search, mode.kind)] : []
    const drive = (rowids: Sql, extra: Sql[]): Sql => {
      // Few candidates: read exactly those (CROSS JOIN fixes the loop order), then sort them.
      const w = andSql([...filterConditions(spec, sort, true), ...extra, ...keyset])
      return { text: `SELECT p.rowid AS rid FROM (${rowids.text}) m CROSS JOIN products p ON p.rowid = m.rid WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...rowids.params, ...w.params, q.limit] }
    }
    let inner: Sql
    let strategy: Strategy
    const cats = spec.categories === 'none' ? [null] : spec.categories
    const small = mode?.kind === 'ids' ? null : this.smallSource(spec)
    if (mode?.kind === 'ids') {
      inner = drive({ text: 'SELECT value AS rid FROM json_each(?)', params: [JSON.stringify(mode.ids)] }, [])
      strategy = 'drive:search'
    } else if (cats && cats.length <= this.limits.armsMax && !small) {
      inner = this.armsSql(q, cats, [...searchCond, ...keyset])
      strategy = 'arms'
    } else if (small) {
      inner = drive(small.rowids, spec.search ? [searchCondition(spec.search, 'perRow')] : [])
      strategy = `drive:${small.name}`
    } else {
      const w = andSql([...filterConditions(spec, sort, true), ...searchCond, ...keyset])
      inner = { text: `SELECT p.rowid AS rid FROM products p WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...w.params, q.limit] }
      strategy = 'walk'
    }
    return {
      strategy,
      sql: {
        text: `WITH page(rid) AS MATERIALIZED (SELECT rid FROM (${inner.text}))
          SELECT ${COLUMNS}${q.withCost ? COST_COLUMNS : ''}, json_array(${sortKeys(sort).join(', ')}) AS k
          FROM page CROSS JOIN products p ON p.rowid = page.rid LEFT JOIN product_categories cat ON cat.id = p.category_id
          ${q.withCost ? COST_JOIN : ''} ORDER BY ${orderBy(sort)}`,
        params: inner.params,
      },
    }
  }

  /** One range of each category's (category_id, sort key) index, merged: a short read per category. */
  private armsSql(q: ListQuery, cats: (string | null)[], extra: Sql[]): Sql {
    const keys = sortKeys(q.sort)
    const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC'
    const rest = filterConditions({ ...q.spec, categories: null }, q.sort, true)
    const arms = cats.map((c) => {
      const w = andSql([c === null ? { text: 'p.category_id IS NULL', params: [] } : { text: 'p.category_id = ?', params: [c] }, ...rest, ...extra])
      return {
        text: `SELECT * FROM (SELECT p.rowid AS rid, ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM products p INDEXED BY ${CATEGORY_SORT_INDEX[q.sort.field]}
          WHERE ${w.text} ORDER BY ${orderBy(q.sort)} LIMIT ?)`,
        params: [...w.params, q.limit],
      }
    })
    return {
      text: `SELECT rid FROM (${arms.map((a) => a.text).join(' UNION ALL ')}) ORDER BY ${keys.map((_, i) => `k${i} ${dir}`).join(', ')} LIMIT ?`,
      params: [...arms.flatMap((a) => a.params), q.limit],
    }
  }

  // ---- products ----

  productById(id: string): ProductRecord | undefined {
    return this.db.select().from(products).where(eq(products.id, id)).get()
  }

  liveProduct(id: string): ProductRecord | undefined {
    return this.db.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).get()
  }

  costOf(productId: string): CostRecord | undefined {
    return this.db.select().from(productCosts).where(and(eq(productCosts.productId, productId), isNull(productCosts.deletedAt))).get()
  }

  costById(id: string): CostRecord | undefined {
    return this.db.select().from(productCosts).where(eq(productCosts.id, id)).get()
  }

  /**
   * A live product with this code, other than `exceptId`. Codes compare as people type them
   * (case and spaces ignored), through the `c:` search key, an index lookup.
   */
  codeTakenBy(code: string, exceptId?: string): { id: string; name: string } | undefined {
    return this.prepare(`SELECT p.id, p.name FROM product_keys k JOIN products p ON p.id = k.product_id WHERE k.key = ? AND p.deleted_at IS NULL AND p.id IS NOT ? LIMIT 1`)
      .get(`c:${normCode(code)}`, exceptId ?? null) as { id: string; name: string } | undefined
  }

  barcodeTakenBy(barcode: string, exceptId?: string): { id: string; code: string } | undefined {
    return this.prepare(`SELECT id, code FROM products WHERE barcode = ? AND deleted_at IS NULL AND id IS NOT ? LIMIT 1`).get(barcode, exceptId ?? null) as { id: string; code: string } | undefined
  }

  /** The live product with this code (compared as in codeTakenBy), for imports. */
  productByCode(code: string): ProductRecord | undefined {
    const hit = this.codeTakenBy(code)
    return hit ? this.productById(hit.id) : undefined
  }

  notesOf(ids: string[]): Map<string, string> {
    const rows = this.prepare(`SELECT id, notes FROM products WHERE id IN (SELECT value FROM json_each(?)) AND notes IS NOT NULL`).all(JSON.stringify(ids)) as { id: string; notes: string }[]
    return new Map(rows.map((r) => [r.id, r.notes]))
  }

  liveProductIdsIn(categoryId: string): string[] {
    return this.prepare(`SELECT id FROM products INDEXED BY products_cat_code WHERE category_id = ? AND deleted_at IS NULL`).pluck().all(categoryId) as string[]
  }

  // ---- categories ----

  categoryById(id: string): CategoryRecord | undefined {
    return this.db.select().from(productCategories).where(and(eq(productCategories.id, id), isNull(productCategories.deletedAt))).get()
  }

  liveCategories(): CategoryRecord[] {
    return this.db.select().from(productCategories).where(isNull(productCategories.deletedAt)).all()
  }

  /** Live children of a parent (null = top level), in order. */
  children(parentId: string | null): CategoryRecord[] {
    return this.db.select().from(productCategories)
      .where(and(parentId ? eq(productCategories.parentId, parentId) : isNull(productCategories.parentId), isNull(productCategories.deletedAt)))
      .orderBy(productCategories.sort, productCategories.name, productCategories.id).all()
  }

  /** A category and all its live descendants (UNION stops at any cycle a sync merge could make). */
  subtreeIds(id: string): string[] {
    return this.prepare(`WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION SELECT c.id, s.depth + 1 FROM product_categories c JOIN sub s ON c.parent_id = s.id
      WHERE c.deleted_at IS NULL AND s.depth < 64) SELECT DISTINCT id FROM sub`).pluck().all(id) as string[]
  }

  /** The category and its ancestors, top level first. */
  path(id: string): { id: string; name: string }[] {
    return this.prepare(`WITH RECURSIVE up(id, name, parent_id, depth) AS (SELECT id, name, parent_id, 0 FROM product_categories WHERE id = ? AND deleted_at IS NULL
      UNION SELECT c.id, c.name, c.parent_id, u.depth + 1 FROM product_categories c JOIN up u ON c.id = u.parent_id WHERE c.deleted_at IS NULL AND u.depth < 64)
      SELECT id, name FROM up ORDER BY depth DESC`).all(id) as { id: string; name: string }[]
  }

  /**
   * Every live category with its direct and subtree product counts, in one query: direct
   * counts from product_category_counts (kept by triggers on products, one row per category),
   * summed up every ancestor chain of the live tree — no product is read.
   */
  categoryTree(): { nodes: CategoryNode[]; uncategorized: number; total: number } {
    // The last row (id NULL) carries the totals: all live products, and those without a category.
    const rows = this.prepare(`WITH RECURSIVE
      live AS (SELECT id, name, parent_id, sort FROM product_categories WHERE deleted_at IS NULL),
      direct AS MATERIALIZED (SELECT category_id AS cat, n FROM product_category_counts WHERE n > 0),
      anc(ancestor, cat, depth) AS (SELECT id, id, 0 FROM live
        UNION ALL SELECT l.parent_id, a.cat, a.depth + 1 FROM anc a JOIN live l ON l.id = a.ancestor WHERE l.parent_id IS NOT NULL AND a.depth < 64),
      totals AS (SELECT a.ancestor AS id, sum(d.n) AS n FROM anc a JOIN direct d ON d.cat = a.cat GROUP BY a.ancestor)
      SELECT * FROM (SELECT l.id, l.name, l.parent_id AS parentId, l.sort,
        ifnull((SELECT n FROM direct WHERE cat = l.id), 0) AS productCount,
        ifnull((SELECT n FROM totals WHERE id = l.id), 0) AS totalCount,
        (SELECT count(*) FROM live c WHERE c.parent_id = l.id) AS childCount
      FROM live l ORDER BY l.parent_id, l.sort, l.name, l.id)
      UNION ALL SELECT NULL, NULL, NULL, NULL, ifnull((SELECT n FROM direct WHERE cat = ''), 0), ifnull((SELECT sum(n) FROM direct), 0), 0`).all() as (CategoryNode | (Omit<CategoryNode, 'id'> & { id: null }))[]
    const sum = rows.pop()!
    return { nodes: rows as CategoryNode[], uncategorized: sum.productCount, total: sum.totalCount }
  }

  // ---- images ----

  image(ref: string): { mime: string; bytes: Buffer } | undefined {
    return this.db.select({ mime: productImages.mime, bytes: productImages.bytes }).from(productImages).where(eq(productImages.ref, ref)).get()
  }

  saveImage(ref: string, mime: string, bytes: Buffer, now: number): void {
    this.db.insert(productImages).values({ ref, mime, bytes, size: bytes.length, createdAt: now }).onConflictDoNothing().run()
  }

  priceRow(productId: string): (Pick<ProductRecord, 'id' | 'code' | 'name' | 'spec' | 'unit' | 'listPrice' | 'taxRate'> & { status: ProductStatus; floorPrice: number | null; standardCost: number | null }) | undefined {
    return this.db.get(sql`SELECT p.id, p.code, p.name, p.spec, p.unit, p.list_price AS listPrice, p.tax_rate AS taxRate, p.status,
      pc.floor_price AS floorPrice, pc.standard_cost AS standardCost FROM products p ${sql.raw(COST_JOIN)} WHERE p.id = ${productId} AND p.deleted_at IS NULL`)
  }
}
