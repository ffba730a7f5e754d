import type { Statement } from 'better-sqlite3'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { CategoryNode, ProductListItem, ProductSort, ProductStatus } from '../../../src-preload/contracts/catalogue'
import type { Db, Sqlite } from '../../core/db'
import { productCategories, productCosts, productImages, products } from './catalogue.table'
import {
  andSql, CATEGORY_SORT_INDEX, categoryScanSql, CODE_KEY_SORTS, codeKeysSql, encodeCursor, filterConditions, keysetCondition, orderBy, priceRangeSql, searchCondition, searchCte, searchParts, searchRowids, sortKeys, sources,
  type ListSpec, type Sql, type Source,
} from './product-list-query'
import { normCode, PREFIX_END, type ProductSearch } from './search'

export type ProductRecord = typeof products.$inferSelect
export type CategoryRecord = typeof productCategories.$inferSelect
export type CostRecord = typeof productCosts.$inferSelect

export interface ListQuery { spec: ListSpec; sort: ProductSort; after: (string | number)[] | null; limit: number; withCost: boolean }

/**
 * How a page is found. A search is first sized on its own indexes (capped counts of key
 * entries / FTS rows, no product read), dropping the parts that match nothing: under DRIVE_MAX,
 * its matches are read and sorted in the page query itself ("drive:search"). A category filter
 * over at most ARMS_MAX categories reads one short range of each category's (category_id, sort
 * key) index and merges them ("arms"). A status or price filter matching fewer than DRIVE_MAX
 * rows drives likewise. Otherwise the sort index is walked and rows are filtered on the index
 * alone ("walk"), which stops after a page; a search then checks rows against its matches read
 * once into the CTE `m`, or — matching at least DENSE_SHARE of all products — each walked row's
 * own FTS text or keys, as the walk then stops early. Two shortcuts come first: a search whose
 * only matching part is a code prefix reads its page from product_code_keys alone
 * ("codeKeys"); a Chinese (FTS) search within categories holding at most SCAN_PER_MATCH × its
 * matches (and SCAN_MAX) products scans their category index whole against the matches
 * ("scan"): index entries are ~20× cheaper than the product rows a drive reads. For the same
 * reason a price drive reads products_price alone (it carries the code and updated_at sort keys),
 * and a walk in code order checks a pinyin prefix in product_pinyin_keys, kept in code order.
 * Figures: bench/catalogue.bench.ts.
 */
export const DRIVE_MAX = 1000
export const DENSE_SHARE = 0.08
export const ARMS_MAX = 32
export const SCAN_PER_MATCH = 10
export const SCAN_MAX = 30_000
/** A search count stops here ("1,000+"): a list page never needs all matches counted. */
export const COUNT_CAP = 1000

/** `pinyinKeys`, `priceIndex`: the per-row pinyin probe in code order and the covering price drive (off: as before, for tests and the benchmark's before/after). */
export interface ListLimits { driveMax: number; denseShare: number; armsMax: number; scanMax: number; codeKeys: boolean; pinyinKeys: boolean; priceIndex: boolean }
export type Strategy = 'walk' | 'arms' | 'codeKeys' | 'scan' | 'drive:search' | `drive:${Source['name']}`
/** `ids`: the matches of a small FTS-only search, read while sizing it (FTS yields rowids, no join). */
type SearchMode = { kind: 'drive' | 'materialized' | 'perRow'; search: ProductSearch; ids?: number[]; n: number } | null

const COLUMNS = `p.id, p.code, p.name, p.spec, p.unit, p.barcode, p.category_id AS categoryId, cat.name AS categoryName,
  p.list_price AS listPrice, p.tax_rate AS taxRate, p.status, p.image_ref AS imageRef, p.updated_at AS updatedAt`
const COST_COLUMNS = ', pc.floor_price AS floorPrice, pc.standard_cost AS standardCost'
const COST_JOIN = 'LEFT JOIN product_costs pc ON pc.product_id = p.id AND pc.deleted_at IS NULL'

/** All SQL of the catalogue module. List queries are prepared once per shape and cached. */
export class CatalogueRepository {
  private readonly statements = new Map<string, Statement>()
  private readonly limits: ListLimits
  /** `limits` exists for tests, to run every strategy on small data. */
  constructor(private readonly db: Db, private readonly sqlite: Sqlite, limits: Partial<ListLimits> = {}) {
    this.limits = { driveMax: DRIVE_MAX, denseShare: DENSE_SHARE, armsMax: ARMS_MAX, scanMax: SCAN_MAX, codeKeys: true, pinyinKeys: true, priceIndex: true, ...limits }
  }

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

  /**
   * Number of products of a list. A search counts at most `cap` matches (then `capped`): a
   * dense term would otherwise read all its matches for a number the page does not need.
   */
  count(spec: ListSpec, cap = COUNT_CAP): { total: number; capped: boolean } {
    const sort: ProductSort = { field: 'code', dir: 'asc' }
    const f = spec.filters
    if (spec.search && !spec.search.fts && !spec.categories && !f.status && f.minPrice === undefined && f.maxPrice === undefined) {
      // Keys only, no filter: the key index alone (a removed product has no keys, see reindexProduct).
      const parts = spec.search.keyPrefixes.map(() => 'SELECT product_id FROM product_keys WHERE key >= ? AND key < ?')
      const n = this.prepare(`SELECT count(*) FROM (SELECT DISTINCT product_id FROM (${parts.join(' UNION ALL ')}) LIMIT ?)`)
        .pluck().get(...spec.search.keyPrefixes.flatMap((k) => [k, k + PREFIX_END]), cap + 1) as number
      return n > cap ? { total: cap, capped: true } : { total: n, capped: false }
    }
    if (spec.search) {
      const m = searchRowids(spec.search)
      const w = andSql(filterConditions(spec, sort, false))
      const n = this.prepare(`SELECT count(*) FROM (SELECT 1 FROM (SELECT DISTINCT rid FROM (${m.text})) m CROSS JOIN products p ON p.rowid = m.rid WHERE ${w.text} LIMIT ?)`)
        .pluck().get(...m.params, ...w.params, cap + 1) as number
      return n > cap ? { total: cap, capped: true } : { total: n, capped: false }
    }
    const w = andSql(filterConditions(spec, sort, false))
    // The category index is covering for every filter; with no filter the small status index is.
    const from = spec.categories ? 'products p INDEXED BY products_cat_code' : w.params.length === 0 ? 'products p INDEXED BY products_live_status' : 'products p'
    return { total: this.prepare(`SELECT count(*) FROM ${from} WHERE ${w.text}`).pluck().get(...w.params) as number, capped: false }
  }

  /**
   * Sizes a search on its own indexes, capped at the dense threshold (at most 8 % of the key
   * index entries, a covering range read each), and keeps only its parts that match something
   * (a pinyin term is rarely also a code prefix: each part left is a probe per walked row).
   */
  private searchMode(spec: ListSpec): SearchMode {
    const s = spec.search
    if (!s) return null
    const total = Math.max(1, (this.prepare('SELECT max(rowid) FROM products').pluck().get() as number | null) ?? 1)
    const denseMin = Math.max(this.limits.driveMax, Math.ceil(this.limits.denseShare * total))
    let n = 0
    const live: ProductSearch = { fts: null, needle: null, keyPrefixes: [] }
    // Within categories the capped count below decides (scan or not) and is read anyway: no need of the ids.
    if (s.fts && s.keyPrefixes.length === 0 && !Array.isArray(spec.categories)) {
      const ids = this.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT ?').pluck().all(s.fts, this.limits.driveMax) as number[]
      if (ids.length < this.limits.driveMax) return { kind: 'drive', search: s, ids, n: ids.length }
    }
    for (const { part, count } of searchParts(s)) {
      const c = count(denseMin)
      const k = this.prepare(c.text).pluck().get(...c.params) as number
      if (k === 0) continue
      n += k
      if (part.fts) { live.fts = part.fts; live.needle = part.needle }
      live.keyPrefixes.push(...part.keyPrefixes)
    }
    if (n < this.limits.driveMax) return { kind: 'drive', search: live, n }
    return { kind: n >= Math.ceil(this.limits.denseShare * total) ? 'perRow' : 'materialized', search: live, n }
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
    const byCode = this.limits.pinyinKeys && sort.field === 'code'
    const searchCond = mode && mode.kind !== 'drive' ? [searchCondition(mode.search, mode.kind, byCode)] : []
    const drive = (rowids: Sql, extra: Sql[]): Sql => {
      // Few candidates: read exactly those (CROSS JOIN fixes the loop order), then sort them.
      const w = andSql([...filterConditions(spec, sort, true), ...extra, ...keyset])
      return { text: `SELECT p.rowid AS rid FROM (${rowids.text}) m CROSS JOIN products p ON p.rowid = m.rid WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...rowids.params, ...w.params, q.limit] }
    }
    let inner: Sql
    let strategy: Strategy
    const cats = spec.categories === 'none' ? [null] : spec.categories
    const shortcut = this.shortcut(q, mode)
    if (shortcut) return this.wrap(q, shortcut.inner, shortcut.strategy, null)
    // A search of moderate size (under DENSE_SHARE) with several categories also drives: each
    // arm would walk ~limit / density entries of its category, more than the matches themselves.
    const driveSearch = mode?.kind === 'drive' || (mode?.kind === 'materialized' && !!cats && cats.length > 1)
    const small = driveSearch ? null : this.smallSource(spec)
    if (mode && driveSearch) {
      // Matches read once, here: no part left means no match.
      const m = mode.ids ? { text: 'SELECT value AS rid FROM json_each(?)', params: [JSON.stringify(mode.ids)] }
        : mode.search.fts || mode.search.keyPrefixes.length ? searchRowids(mode.search) : { text: 'SELECT NULL AS rid WHERE 0', params: [] }
      inner = drive({ text: `SELECT DISTINCT rid FROM (${m.text})`, params: m.params }, [])
      strategy = 'drive:search'
    } else if (cats && cats.length <= this.limits.armsMax && !small) {
      inner = this.armsSql(q, cats, [...searchCond, ...keyset])
      strategy = 'arms'
    } else if (small) {
      const perRow = mode ? [searchCondition(mode.search, 'perRow', byCode)] : []
      inner = small.name === 'price' && this.limits.priceIndex ? priceRangeSql(spec, sort, [...perRow, ...keyset], q.limit) : drive(small.rowids, perRow)
      strategy = `drive:${small.name}`
    } else {
      const w = andSql([...filterConditions(spec, sort, true), ...searchCond, ...keyset])
      inner = { text: `SELECT p.rowid AS rid FROM products p WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...w.params, q.limit] }
      strategy = 'walk'
    }
    // Materialized matches: one CTE read by every arm or the walk.
    const cte = mode?.kind === 'materialized' && (strategy === 'arms' || strategy === 'walk') ? searchCte(mode.search) : null
    return this.wrap(q, inner, strategy, cte)
  }

  /** The page query around the rowids of a page (`inner`): the listed columns, in order. */
  private wrap(q: ListQuery, inner: Sql, strategy: Strategy, cte: Sql | null): { sql: Sql; strategy: Strategy } {
    const { sort } = q
    return {
      strategy,
      sql: {
        text: `WITH ${cte ? `${cte.text}, ` : ''}page(rid) AS MATERIALIZED (SELECT rid FROM (${inner.text}))
          SELECT ${COLUMNS}${q.withCost ? COST_COLUMNS : ''}, json_array(${sortKeys(sort).join(', ')}) AS k
          FROM page CROSS JOIN products p ON p.rowid = page.rid LEFT JOIN product_categories cat ON cat.id = p.category_id
          ${q.withCost ? COST_JOIN : ''} ORDER BY ${orderBy(sort)}`,
        params: [...(cte?.params ?? []), ...inner.params],
      },
    }
  }

  /** The codeKeys or scan strategy when it applies (see DRIVE_MAX). */
  private shortcut(q: ListQuery, mode: SearchMode): { inner: Sql; strategy: Strategy } | null {
    if (!mode) return null
    const { spec, sort } = q
    const live = mode.search
    // Only a code prefix matches (parseProductSearch makes at most one): its page from its own table.
    if (this.limits.codeKeys && !live.fts && live.keyPrefixes.length === 1 && live.keyPrefixes[0]!.startsWith('c:') && CODE_KEY_SORTS[sort.field] && mode.kind !== 'perRow') {
      return { inner: codeKeysSql(spec, sort, live.keyPrefixes[0]!, q.after, q.limit), strategy: 'codeKeys' }
    }
    const cats = spec.categories
    if (!live.fts || live.keyPrefixes.length || !Array.isArray(cats) || cats.length === 0) return null
    const size = this.prepare('SELECT ifnull(sum(n), 0) FROM product_category_counts WHERE category_id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(cats)) as number
    // A dense term (perRow) matches about as many as the categories hold: only SCAN_MAX bounds it.
    if (size > this.limits.scanMax || (mode.kind !== 'perRow' && size > SCAN_PER_MATCH * mode.n)) return null
    const matches = mode.ids ? { text: 'SELECT value FROM json_each(?)', params: [JSON.stringify(mode.ids)] } : searchRowids(live)
    const keyset = q.after ? [keysetCondition(sort, q.after)] : []
    return { inner: categoryScanSql(spec, sort, cats, matches, keyset, q.limit), strategy: 'scan' }
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
