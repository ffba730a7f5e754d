import { sql } from 'drizzle-orm'
import type { Db, Sqlite } from '../../core/db'
import { bigramTokens, normalizePhone, pinyinInitials, reversedDigits } from './search-keys'

interface SearchPerson { name: string; mobile: string | null; phone: string | null }

/**
 * The search data of one customer: the FTS5 text (bigrams of the name and of each contact's
 * name) and the customer_keys (alternative pinyin initials `p:`, reversed phone digits `r:`).
 */
export function searchDocument(name: string, phone: string | null, people: SearchPerson[]): { text: string; keys: string[] } {
  // Segments are indexed separately so no bigram spans a name and a contact.
  const text = [name, ...people.map((p) => p.name)].map((s) => bigramTokens(s).join(' ')).join(' | ')
  const keys = new Set<string>()
  for (const p of pinyinInitials(name)) keys.add(`p:${p}`)
  for (const ph of [phone, ...people.flatMap((p) => [p.mobile, p.phone])]) {
    if (normalizePhone(ph).length >= 3) keys.add(`r:${reversedDigits(ph)}`)
  }
  return { text, keys: [...keys] }
}

/**
 * Rebuilds one customer's local search data from its row and live contacts: the FTS5 row
 * (rowid = customers.rowid) and customer_keys. Called by every write path (services and sync).
 */
export function reindexCustomer(db: Db, customerId: string): void {
  const c = db.get<{ rowid: number; name: string; phone: string | null; deletedAt: number | null } | undefined>(
    sql`SELECT rowid, name, phone, deleted_at AS deletedAt FROM customers WHERE id = ${customerId}`)
  db.run(sql`DELETE FROM customer_keys WHERE customer_id = ${customerId}`)
  if (!c) return
  db.run(sql`DELETE FROM customers_fts WHERE rowid = ${c.rowid}`)
  if (c.deletedAt) return
  const people = db.all<SearchPerson>(sql`SELECT name, mobile, phone FROM contacts WHERE customer_id = ${customerId} AND deleted_at IS NULL`)
  const doc = searchDocument(c.name, c.phone, people)
  db.run(sql`INSERT INTO customers_fts (rowid, text) VALUES (${c.rowid}, ${doc.text})`)
  for (const key of doc.keys) db.run(sql`INSERT OR IGNORE INTO customer_keys (customer_id, key) VALUES (${customerId}, ${key})`)
}

/**
 * Rebuilds the whole local search data set in one transaction, set-based: customers in rowid
 * order (FTS builds several times faster in order), contacts streamed alongside by customer.
 * Used after bulk loads (benchmark, restore) and to repair an index; per-record writes use
 * reindexCustomer.
 */
export function rebuildSearchIndex(sqlite: Sqlite): { customers: number; ms: number } {
  const started = performance.now()
  let n = 0
  sqlite.transaction(() => {
    sqlite.exec(`DELETE FROM customers_fts; DELETE FROM customer_keys;`)
    const people = new Map<string, SearchPerson[]>()
    for (const p of sqlite.prepare(`SELECT customer_id AS customerId, name, mobile, phone FROM contacts WHERE deleted_at IS NULL`).all() as (SearchPerson & { customerId: string })[]) {
      const list = people.get(p.customerId)
      if (list) list.push(p)
      else people.set(p.customerId, [p])
    }
    const insertFts = sqlite.prepare(`INSERT INTO customers_fts (rowid, text) VALUES (?, ?)`)
    const keyRows: [string, string][] = []
    // Read in rowid batches: better-sqlite3 cannot write while a read statement is iterating.
    const batch = sqlite.prepare(`SELECT rowid, id, name, phone FROM customers WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT 5000`)
    let after = 0
    for (;;) {
      const rows = batch.all(after) as { rowid: number; id: string; name: string; phone: string | null }[]
      if (rows.length === 0) break
      for (const c of rows) {
        const doc = searchDocument(c.name, c.phone, people.get(c.id) ?? [])
        insertFts.run(c.rowid, doc.text)
        for (const k of doc.keys) keyRows.push([k, c.id])
      }
      n += rows.length
      after = rows[rows.length - 1]!.rowid
    }
    // Keys inserted in index order: the (key, customer_id) b-tree is appended, not split at random.
    keyRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    const insertKey = sqlite.prepare(`INSERT OR IGNORE INTO customer_keys (key, customer_id) VALUES (?, ?)`)
    for (const [k, id] of keyRows) insertKey.run(k, id)
  })()
  return { customers: n, ms: performance.now() - started }
}
