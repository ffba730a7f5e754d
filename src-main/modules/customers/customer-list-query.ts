import type { z } from 'zod'
import type { listFilters, listSort } from '../../../src-preload/contracts/customers'
import { AppError } from '../../core/errors'
import { bigramTokens, ftsQuery, normalizePhone, reversedDigits, toHalfWidth } from './search-keys'

export type ListFilters = z.output<typeof listFilters>
export type ListSort = z.output<typeof listSort>
/** Whose customers: 'all' (no owner filter) or a set of owner ids (already scope ∩ filters). */
export type Owners = 'all' | ReadonlySet<string>

/** SQL text with positional parameters; the repository prepares and caches it by text. */
export interface Sql { text: string; params: unknown[] }

/** Sort keys per field, each ending before `c.id`; each pair has an index (see customers.table). */
const SORT_KEYS: Record<ListSort['field'], string[]> = {
  updatedAt: ['c.updated_at'],
  createdAt: ['c.created_at'],
  // 拼音 order by the stored initials, then the name itself for ties.
  name: ['c.pinyin', 'c.name'],
  lastFollowupAt: ['ifnull(c.last_followup_at, -1)'],
}

export function sortKeys(sort: ListSort): string[] { return [...SORT_KEYS[sort.field], 'c.id'] }
export function orderBy(sort: ListSort, alias = 'c'): string {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
  return sortKeys(sort).map((k) => `${k.replace(/\bc\./g, `${alias}.`)} ${dir}`).join(', ')
}

// ---- opaque cursor: base64url JSON of the sort and the last row's key values ----

type KeyValue = string | number
export function encodeCursor(sort: ListSort, key: KeyValue[]): string {
  return Buffer.from(JSON.stringify({ s: `${sort.field}:${sort.dir}`, k: key })).toString('base64url')
}

export function decodeCursor(cursor: string | null | undefined, sort: ListSort): KeyValue[] | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown }
    const n = sortKeys(sort).length
    if (v.s === `${sort.field}:${sort.dir}` && Array.isArray(v.k) && v.k.length === n && v.k.every((x) => typeof x === 'string' || typeof x === 'number')) return v.k as KeyValue[]
  } catch { /* fall through: a cursor from another sort or a tampered one */ }
  throw new AppError('VALIDATION', 'errors.validation', { issues: [{ path: 'cursor', code: 'invalid_cursor' }] })
}

/** Row-value comparison, an index range on the sort index: (k1, k2, id) < (?, ?, ?). */
export function keysetCondition(sort: ListSort, after: KeyValue[]): Sql {
  const keys = sortKeys(sort)
  return { text: `(${keys.join(', ')}) ${sort.dir === 'asc' ? '>' : '<'} (${keys.map(() => '?').join(', ')})`, params: after }
}

// ---- search ----

const PREFIX_END = '\uffff'

/**
 * What a search term can match, each part answerable from an index: `fts` = an FTS5 phrase
 * over the bigrams of the name and the contacts' names (Chinese, mixed, latin substrings),
 * with `needle` = the same phrase as a substring of the stored bigram text, for checking one
 * row; `keyPrefix` = a customer_keys range: 'p:' pinyin initials (alternatives for polyphonic
 * characters stored too) for latin letters, 'r:' reversed digits for a phone suffix (3+ digits).
 */
export interface SearchTerm { fts: string | null; needle: string | null; keyPrefix: string | null }

export function parseSearch(term: string | undefined): SearchTerm | null {
  if (!term) return null
  const t = toHalfWidth(term).toLowerCase().replace(/\s+/g, '')
  const fts = ftsQuery(t)
  if (!fts) return null
  if (/^\+?[\d\-()]+$/.test(t)) {
    const digits = normalizePhone(t)
    if (digits.length >= 3) return { fts: null, needle: null, keyPrefix: `r:${reversedDigits(digits)}` }
  }
  const tokens = bigramTokens(t)
  // One character: a prefix query ("x"*), so any token starting with it; else the exact bigram run.
  const needle = tokens.length === 1 ? ` ${tokens[0]}` : ` ${tokens.slice(0, -1).join(' ')} `
  return { fts, needle, keyPrefix: /^[a-z]+$/.test(t) ? `p:${t}` : null }
}

/** Customer rowids matching the term (for driving a query from the matches; deduplicated). */
export function matchRowids(s: SearchTerm): Sql {
  const parts: Sql[] = []
  if (s.fts) parts.push({ text: 'SELECT rowid AS rid FROM customers_fts WHERE customers_fts MATCH ?', params: [s.fts] })
  if (s.keyPrefix) parts.push({ text: 'SELECT k_c.rowid AS rid FROM customer_keys k JOIN customers k_c ON k_c.id = k.customer_id WHERE k.key >= ? AND k.key < ?', params: [s.keyPrefix, s.keyPrefix + PREFIX_END] })
  return { text: parts.map((p) => p.text).join(' UNION '), params: parts.flatMap((p) => p.params) }
}

/**
 * The customers a search term matches, as a SELECT of `rid` (customer rowids), for other
 * modules' queries over customers (pool list, transfer by filter): `c.rowid IN (SELECT rid FROM (…))`.
 * Null when the term has nothing searchable.
 */
export function searchCandidates(term: string): Sql | null {
  const s = parseSearch(term)
  return s ? matchRowids(s) : null
}

/** Counting queries for choosing a plan, each stopping at `cap`: cheap for any term. */
export function matchCounters(s: SearchTerm, cap: number): Sql[] {
  const out: Sql[] = []
  if (s.fts) out.push({ text: 'SELECT count(*) FROM (SELECT 1 FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?)', params: [s.fts, cap] })
  // Keys, not customers: alternative initials can count a customer twice; an estimate is enough here.
  if (s.keyPrefix) out.push({ text: 'SELECT count(*) FROM (SELECT 1 FROM customer_keys WHERE key >= ? AND key < ? LIMIT ?)', params: [s.keyPrefix, s.keyPrefix + PREFIX_END, cap] })
  return out
}

/**
 * Membership of row `c` in the matches, for walking a sort index. 'materialized': the matches
 * are read once into a lookup table (unary + keeps the planner on the sort index); 'perRow':
 * each walked row is checked on its own (its FTS text by rowid, its keys by customer id),
 * cheaper when matches are dense because the walk stops after a page.
 */
export function matchCondition(s: SearchTerm, how: 'materialized' | 'perRow'): Sql {
  const parts: Sql[] = []
  if (how === 'materialized') {
    if (s.fts) parts.push({ text: '+c.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?)', params: [s.fts] })
    if (s.keyPrefix) parts.push({ text: '+c.id IN (SELECT customer_id FROM customer_keys WHERE key >= ? AND key < ?)', params: [s.keyPrefix, s.keyPrefix + PREFIX_END] })
  } else {
    if (s.needle) parts.push({ text: `instr(' ' || (SELECT f.text FROM customers_fts f WHERE f.rowid = c.rowid) || ' ', ?) > 0`, params: [s.needle] })
    if (s.keyPrefix) parts.push({ text: 'EXISTS (SELECT 1 FROM customer_keys k WHERE k.customer_id = c.id AND k.key >= ? AND k.key < ?)', params: [s.keyPrefix, s.keyPrefix + PREFIX_END] })
  }
  return { text: `(${parts.map((p) => p.text).join(' OR ')})`, params: parts.flatMap((p) => p.params) }
}

// ---- filters ----

const jsonIn = (col: string, values: readonly string[]): Sql => ({ text: `${col} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] })

/**
 * Live, owned customers matching the list filters (everything but search, owners and keyset).
 * Pool customers (owner null) are the pool module's list, not this one.
 */
export function filterConditions(f: ListFilters): Sql[] {
  const out: Sql[] = [{ text: 'c.deleted_at IS NULL AND c.owner_id IS NOT NULL', params: [] }]
  if (f.level?.length) out.push(jsonIn('c.level', f.level))
  if (f.category?.length) out.push(jsonIn('c.category', f.category))
  if (f.status?.length) out.push(jsonIn('c.status', f.status))
  if (f.province) out.push({ text: 'c.province = ?', params: [f.province] })
  if (f.city) out.push({ text: 'c.city = ?', params: [f.city] })
  if (f.tags?.length) out.push({ text: 'EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value IN (SELECT value FROM json_each(?)))', params: [JSON.stringify(f.tags)] })
  return out
}

export function and(parts: Sql[]): Sql {
  return { text: parts.map((p) => p.text).join(' AND ') || '1', params: parts.flatMap((p) => p.params) }
}

/** Owner condition; `unary` disables the owner indexes where the plan must drive from elsewhere. */
export function ownerCondition(owners: Owners, unary = false): Sql | null {
  if (owners === 'all') return null
  const col = unary ? '+c.owner_id' : 'c.owner_id'
  if (owners.size === 1) return { text: `${col} = ?`, params: [...owners] }
  return jsonIn(col, [...owners])
}
