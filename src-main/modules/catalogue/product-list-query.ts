/**
 * SQL pieces of the product list (alias `p`): sort keys, opaque keyset cursors, filter
 * conditions and the "sources" a page can be driven from when they match few rows.
 */
import type { ProductFilters, ProductSort } from '../../../src-preload/contracts/catalogue'
import { AppError } from '../../core/errors'
import { PREFIX_END, type ProductSearch } from './search'

/** SQL text with positional parameters. */
export interface Sql { text: string; params: unknown[] }

/** The categories a list covers: ids (a subtree, resolved by the service), 'none', or no filter. */
export type CategoryScope = string[] | 'none' | null

export interface ListSpec { filters: ProductFilters; categories: CategoryScope; search: ProductSearch | null }

/** Sort keys per field, each followed by p.id; each has an index (see catalogue.table.ts). */
const SORT_KEYS: Record<ProductSort['field'], string[]> = {
  code: ['p.code'],
  // 拼音 order by the stored initials, then the name for ties.
  name: ['p.pinyin', 'p.name'],
  listPrice: ['p.list_price'],
  updatedAt: ['p.updated_at'],
}

export function sortKeys(sort: ProductSort): string[] { return [...SORT_KEYS[sort.field], 'p.id'] }
export function orderBy(sort: ProductSort): string {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
  return sortKeys(sort).map((k) => `${k} ${dir}`).join(', ')
}

type KeyValue = string | number
export function encodeCursor(sort: ProductSort, key: KeyValue[]): string {
  return Buffer.from(JSON.stringify({ s: `${sort.field}:${sort.dir}`, k: key })).toString('base64url')
}

export function decodeCursor(cursor: string | null | undefined, sort: ProductSort): KeyValue[] | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown }
    if (v.s === `${sort.field}:${sort.dir}` && Array.isArray(v.k) && v.k.length === sortKeys(sort).length && v.k.every((x) => typeof x === 'string' || typeof x === 'number')) return v.k as KeyValue[]
  } catch { /* a cursor of another sort, or tampered with */ }
  throw new AppError('VALIDATION', 'errors.validation', { issues: [{ path: 'cursor', code: 'invalid_cursor' }] })
}

/** Row-value comparison on the sort index: (k, id) > (?, ?). */
export function keysetCondition(sort: ProductSort, after: KeyValue[]): Sql {
  const keys = sortKeys(sort)
  return { text: `(${keys.join(', ')}) ${sort.dir === 'asc' ? '>' : '<'} (${keys.map(() => '?').join(', ')})`, params: after }
}

export function andSql(parts: Sql[]): Sql {
  return { text: parts.map((p) => p.text).join(' AND ') || '1', params: parts.flatMap((p) => p.params) }
}

/**
 * Filter conditions. `unary` puts + before the columns so the planner keeps walking the sort
 * index instead of switching to a filter's index and sorting everything it matches.
 */
export function filterConditions(spec: ListSpec, sort: ProductSort, unary: boolean): Sql[] {
  const u = unary ? '+' : ''
  const f = spec.filters
  const out: Sql[] = [{ text: 'p.deleted_at IS NULL', params: [] }]
  if (spec.categories === 'none') out.push({ text: `${u}p.category_id IS NULL`, params: [] })
  else if (spec.categories) out.push({ text: `${u}p.category_id IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(spec.categories)] })
  if (f.status) out.push({ text: `${u}p.status = ?`, params: [f.status] })
  // A price range on the price sort is that index's own range.
  const pu = sort.field === 'listPrice' ? '' : u
  if (f.minPrice !== undefined) out.push({ text: `${pu}p.list_price >= ?`, params: [f.minPrice] })
  if (f.maxPrice !== undefined) out.push({ text: `${pu}p.list_price <= ?`, params: [f.maxPrice] })
  return out
}

/** Product rowids matching a search, as `rid` (UNION ALL: a product may appear more than once). */
export function searchRowids(s: ProductSearch): Sql {
  const parts: Sql[] = []
  if (s.fts) parts.push({ text: 'SELECT rowid AS rid FROM products_fts WHERE products_fts MATCH ?', params: [s.fts] })
  for (const k of s.keyPrefixes) {
    parts.push({ text: 'SELECT kp.rowid AS rid FROM product_keys k JOIN products kp ON kp.id = k.product_id WHERE k.key >= ? AND k.key < ?', params: [k, k + PREFIX_END] })
  }
  return { text: parts.map((p) => p.text).join(' UNION ALL '), params: parts.flatMap((p) => p.params) }
}

/**
 * Capped number of index entries of each part of a search (keys may count a product twice, so
 * an upper bound of its matches): covering-index reads of product_keys / the FTS doclist only,
 * no product is read. One row per part, in the order of `searchParts`.
 */
export function searchParts(s: ProductSearch): { part: ProductSearch; count: (cap: number) => Sql }[] {
  const out: { part: ProductSearch; count: (cap: number) => Sql }[] = []
  if (s.fts) {
    const fts = s.fts
    out.push({ part: { fts, needle: s.needle, keyPrefixes: [] }, count: (cap) => ({ text: 'SELECT count(*) FROM (SELECT 1 FROM products_fts WHERE products_fts MATCH ? LIMIT ?)', params: [fts, cap] }) })
  }
  for (const k of s.keyPrefixes) {
    out.push({ part: { fts: null, needle: null, keyPrefixes: [k] }, count: (cap) => ({ text: 'SELECT count(*) FROM (SELECT 1 FROM product_keys WHERE key >= ? AND key < ? LIMIT ?)', params: [k, k + PREFIX_END, cap] }) })
  }
  return out
}

/** The CTE `m` of distinct matching rowids, read once by the page query (materialized mode). */
export function searchCte(s: ProductSearch): Sql {
  const m = searchRowids(s)
  return { text: `m(rid) AS MATERIALIZED (SELECT DISTINCT rid FROM (${m.text}))`, params: m.params }
}

/**
 * Membership of row p in the search matches: read once into a lookup table, or checked per walked
 * row. Per row, with `byCode` (a walk in code order), a pinyin prefix is probed in
 * product_pinyin_keys (migration 0029), whose entries are in that same order: the probes of one
 * page stay on a few pages of it, where probes of product_keys by product id land anywhere.
 */
export function searchCondition(s: ProductSearch, how: 'materialized' | 'perRow', byCode = false): Sql {
  // The matches are read once into the page query's CTE `m` (see searchCte), whatever the number of arms.
  if (how === 'materialized') return { text: '+p.rowid IN (SELECT rid FROM m)', params: [] }
  const parts: Sql[] = []
  if (s.needle) parts.push({ text: `instr(' ' || (SELECT f.text FROM products_fts f WHERE f.rowid = p.rowid) || ' ', ?) > 0`, params: [s.needle] })
  for (const k of s.keyPrefixes) {
    const probe = byCode && k.startsWith('p:') ? 'product_pinyin_keys k WHERE k.code = p.code AND k.product_id = p.id' : 'product_keys k WHERE k.product_id = p.id'
    parts.push({ text: `EXISTS (SELECT 1 FROM ${probe} AND k.key >= ? AND k.key < ?)`, params: [k, k + PREFIX_END] })
  }
  return { text: parts.length ? `(${parts.map((p) => p.text).join(' OR ')})` : '0', params: parts.flatMap((p) => p.params) }
}

/** The price filter as one closed range of products_price. */
function priceBounds(spec: ListSpec): [number, number] {
  return [spec.filters.minPrice ?? 0, spec.filters.maxPrice ?? Number.MAX_SAFE_INTEGER]
}

/** Row sources a page can be driven from when small: each a query of candidate rowids and a capped count. */
export interface Source { name: 'status' | 'price'; rowids: Sql; count: (cap: number) => Sql }

export function sources(spec: ListSpec): Source[] {
  const out: Source[] = []
  const capped = (inner: Sql) => (cap: number): Sql => ({ text: `SELECT count(*) FROM (${inner.text} LIMIT ?)`, params: [...inner.params, cap] })
  if (spec.filters.status) {
    const inner = { text: 'SELECT rowid AS rid FROM products INDEXED BY products_live_status WHERE status = ? AND deleted_at IS NULL', params: [spec.filters.status] }
    out.push({ name: 'status', rowids: inner, count: capped(inner) })
  }
  const { minPrice, maxPrice } = spec.filters
  if (minPrice !== undefined || maxPrice !== undefined) {
    const inner = { text: 'SELECT rowid AS rid FROM products INDEXED BY products_price WHERE list_price >= ? AND list_price <= ? AND deleted_at IS NULL', params: priceBounds(spec) }
    out.push({ name: 'price', rowids: inner, count: capped(inner) })
  }
  return out
}

/**
 * The page of a small price range read from products_price, which also holds the category,
 * status, code and updated_at columns: rejected candidates and the sort (by price, code or
 * updated_at) cost index entries only, no product row (a row read per candidate was ~1,000 rows
 * for a 1 % range at 100,000 products). `extra`: search and keyset conditions.
 */
export function priceRangeSql(spec: ListSpec, sort: ProductSort, extra: Sql[], limit: number): Sql {
  const w = andSql([
    { text: 'p.list_price >= ? AND p.list_price <= ?', params: priceBounds(spec) },
    ...filterConditions(spec, sort, true), ...extra,
  ])
  return { text: `SELECT p.rowid AS rid FROM products p INDEXED BY products_price WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...w.params, limit] }
}

/** The (category_id, sort key, id) index of each sort, for one range per category. */
export const CATEGORY_SORT_INDEX: Record<ProductSort['field'], string> = {
  code: 'products_cat_code', name: 'products_cat_pinyin', listPrice: 'products_cat_price', updatedAt: 'products_cat_updated',
}

/**
 * The page of a code-prefix search from product_code_keys (migration 0027) alone: one range of
 * its key, filtered and sorted on its own columns, so no product row is read but the page's.
 * Same conditions as filterConditions/keysetCondition, on the table's copies of the columns.
 */
export const CODE_KEY_SORTS: Partial<Record<ProductSort['field'], string>> = { code: 'ck.code', listPrice: 'ck.list_price', updatedAt: 'ck.updated_at' }

export function codeKeysSql(spec: ListSpec, sort: ProductSort, prefix: string, after: KeyValue[] | null, limit: number): Sql {
  const keys = [CODE_KEY_SORTS[sort.field]!, 'ck.product_id']
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
  const f = spec.filters
  const w: Sql[] = [{ text: 'ck.key >= ? AND ck.key < ?', params: [prefix, prefix + PREFIX_END] }]
  if (spec.categories === 'none') w.push({ text: 'ck.category_id IS NULL', params: [] })
  else if (spec.categories) w.push({ text: 'ck.category_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(spec.categories)] })
  if (f.status) w.push({ text: 'ck.status = ?', params: [f.status] })
  if (f.minPrice !== undefined) w.push({ text: 'ck.list_price >= ?', params: [f.minPrice] })
  if (f.maxPrice !== undefined) w.push({ text: 'ck.list_price <= ?', params: [f.maxPrice] })
  if (after) w.push({ text: `(${keys.join(', ')}) ${sort.dir === 'asc' ? '>' : '<'} (?, ?)`, params: after })
  const c = andSql(w)
  return { text: `SELECT ck.rid AS rid FROM product_code_keys ck WHERE ${c.text} ORDER BY ${keys.map((k) => `${k} ${dir}`).join(', ')} LIMIT ?`, params: [...c.params, limit] }
}

/**
 * The page of a search within categories by scanning their (category_id, sort key) index whole,
 * keeping the entries whose rowid is among the matches (read once into a lookup table) and
 * whose index columns pass the filters: an index entry costs a tenth of a product row, and only
 * the survivors are sorted. For when the categories hold fewer products than ~10× the matches.
 */
export function categoryScanSql(spec: ListSpec, sort: ProductSort, cats: string[], matches: Sql, extra: Sql[], limit: number): Sql {
  const w = andSql([
    { text: 'p.category_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(cats)] },
    ...filterConditions({ ...spec, categories: null }, sort, true),
    { text: `p.rowid IN (${matches.text})`, params: matches.params },
    ...extra,
  ])
  return { text: `SELECT p.rowid AS rid FROM products p INDEXED BY ${CATEGORY_SORT_INDEX[sort.field]} WHERE ${w.text} ORDER BY ${orderBy(sort)} LIMIT ?`, params: [...w.params, limit] }
}
