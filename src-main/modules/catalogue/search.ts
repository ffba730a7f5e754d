/**
 * Product search data: an FTS5 row of character bigrams (name, spec, code, barcode) for Chinese
 * and mixed text, and product_keys for latin/digit prefixes (pinyin initials, code, barcode,
 * words of name and spec). The text helpers are the customers module's (search-keys.ts).
 */
import { sql } from 'drizzle-orm'
import type { Db, Sqlite } from '../../core/db'
import { bigramTokens, ftsQuery, pinyinInitials, toHalfWidth } from '../customers/search-keys'

interface SearchFields { name: string; spec: string | null; code: string; barcode: string | null }

const MAX_WORDS = 12

/** A code or barcode as compared and searched: half-width, lower case, no spaces. */
export function normCode(s: string): string { return toHalfWidth(s).toLowerCase().replace(/\s+/g, '') }

/** The FTS text and the keys of one product. */
export function productSearchDocument(p: SearchFields): { text: string; keys: string[] } {
  // Segments indexed apart, so no bigram spans two fields.
  const text = [p.name, p.spec ?? '', p.code, p.barcode ?? ''].filter(Boolean).map((s) => bigramTokens(s).join(' ')).join(' | ')
  const keys = new Set<string>()
  for (const i of pinyinInitials(p.name)) keys.add(`p:${i}`)
  keys.add(`c:${normCode(p.code)}`)
  if (p.barcode) keys.add(`b:${normCode(p.barcode)}`)
  const words = `${toHalfWidth(p.name)} ${toHalfWidth(p.spec ?? '')}`.toLowerCase().match(/[a-z0-9]+/g) ?? []
  for (const w of words.slice(0, MAX_WORDS)) keys.add(`w:${w}`)
  return { text, keys: [...keys] }
}

/** Rebuilds one product's search data (FTS row by products.rowid, keys). Every write path calls it. */
export function reindexProduct(db: Db, productId: string): void {
  const p = db.get<(SearchFields & { rowid: number; deletedAt: number | null }) | undefined>(
    sql`SELECT rowid, name, spec, code, barcode, deleted_at AS deletedAt FROM products WHERE id = ${productId}`)
  db.run(sql`DELETE FROM product_keys WHERE product_id = ${productId}`)
  if (!p) return
  db.run(sql`DELETE FROM products_fts WHERE rowid = ${p.rowid}`)
  if (p.deletedAt) return
  const doc = productSearchDocument(p)
  db.run(sql`INSERT INTO products_fts (rowid, text) VALUES (${p.rowid}, ${doc.text})`)
  for (const key of doc.keys) db.run(sql`INSERT OR IGNORE INTO product_keys (product_id, key) VALUES (${productId}, ${key})`)
}

/**
 * Rebuilds all product search data in one transaction, in rowid order (FTS builds several
 * times faster in order) with keys inserted sorted. For bulk loads and repairs.
 */
export function rebuildProductSearch(sqlite: Sqlite): { products: number; ms: number } {
  const started = performance.now()
  let n = 0
  sqlite.transaction(() => {
    sqlite.exec('DELETE FROM products_fts; DELETE FROM product_keys;')
    const insertFts = sqlite.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)')
    const batch = sqlite.prepare('SELECT rowid, id, name, spec, code, barcode FROM products WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT 5000')
    const keyRows: [string, string][] = []
    let after = 0
    for (;;) {
      const rows = batch.all(after) as (SearchFields & { rowid: number; id: string })[]
      if (rows.length === 0) break
      for (const p of rows) {
        const doc = productSearchDocument(p)
        insertFts.run(p.rowid, doc.text)
        for (const k of doc.keys) keyRows.push([k, p.id])
      }
      n += rows.length
      after = rows[rows.length - 1]!.rowid
    }
    keyRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    const insertKey = sqlite.prepare('INSERT OR IGNORE INTO product_keys (key, product_id) VALUES (?, ?)')
    for (const [k, id] of keyRows) insertKey.run(k, id)
  })()
  return { products: n, ms: performance.now() - started }
}

/**
 * What a search term matches: an FTS5 bigram phrase (text with Chinese) with `needle`, the same
 * phrase as a substring of one row's stored FTS text; or key prefixes (latin/digits).
 */
export interface ProductSearch { fts: string | null; needle: string | null; keyPrefixes: string[] }

export function parseProductSearch(term: string | undefined): ProductSearch | null {
  if (!term) return null
  const t = toHalfWidth(term).toLowerCase().replace(/\s+/g, '')
  if (!t) return null
  if (/^[\x21-\x7e]+$/.test(t)) {
    // Latin, digits and code punctuation: prefixes of code and barcode; pinyin initials and
    // words of name/spec when it is only letters and digits.
    const prefixes = [`c:${t}`, `b:${t}`]
    if (/^[a-z0-9]+$/.test(t)) prefixes.push(`p:${t}`, `w:${t}`)
    return { fts: null, needle: null, keyPrefixes: prefixes }
  }
  const fts = ftsQuery(t)
  if (!fts) return null
  const tokens = bigramTokens(t)
  // One character: a prefix query ("x"*), so any token starting with it; else the exact bigram run.
  const needle = tokens.length === 1 ? ` ${tokens[0]}` : ` ${tokens.slice(0, -1).join(' ')} `
  return { fts, needle, keyPrefixes: [] }
}

export const PREFIX_END = '\uffff'
