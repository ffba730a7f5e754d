import type { Statement } from 'better-sqlite3'
import type { Db, Sqlite } from '../../core/db'
import { sqliteOf, type BatchIndex } from '../../core/synced'
import { bigramTokens, normalizePhone, pinyinInitials, reversedDigits } from './search-keys'

interface SearchPerson { name: string; mobile: string | null; phone: string | null }

/**
 * The search data of one customer: the FTS5 text (bigrams of the name and of each contact's
 * name) and the customer_keys (alternative pinyin initials `p:`, reversed phone digits `r:`).
 */
export function searchDocument(name: string, phone: string | null, people: SearchPerson[], pinyin?: string): { text: string; keys: string[] } {
  // Segments are indexed separately so no bigram spans a name and a contact.
  const text = [name, ...people.map((p) => p.name)].map((s) => bigramTokens(s).join(' ')).join(' | ')
  const keys = new Set<string>()
  for (const p of pinyinInitials(name, pinyin)) keys.add(`p:${p}`)
  for (const ph of [phone, ...people.flatMap((p) => [p.mobile, p.phone])]) {
    if (normalizePhone(ph).length >= 3) keys.add(`r:${reversedDigits(ph)}`)
  }
  return { text, keys: [...keys] }
}

interface IndexStatements {
  customer: Statement<[string], { rowid: number; name: string; phone: string | null; deletedAt: number | null } | undefined>
  people: Statement<[string], SearchPerson>
  deleteKeys: Statement<[string]>
  deleteFts: Statement<[number]>
  insertFts: Statement<[number, string]>
  insertKey: Statement<[string, string]>
}

/**
 * Statements prepared once per connection: a write path reindexes a customer for every row it
 * writes, and compiling the statements (FTS5 ones especially) cost more than running them.
 */
const statements = new WeakMap<Sqlite, IndexStatements>()
function statementsOf(sqlite: Sqlite): IndexStatements {
  let s = statements.get(sqlite)
  if (!s) {
    s = {
      customer: sqlite.prepare(`SELECT rowid, name, phone, deleted_at AS deletedAt FROM customers WHERE id = ?`),
      // rowid order, as the bulk rebuild reads them, so both write the same FTS text.
      people: sqlite.prepare(`SELECT name, mobile, phone FROM contacts WHERE customer_id = ? AND deleted_at IS NULL ORDER BY rowid`),
      deleteKeys: sqlite.prepare(`DELETE FROM customer_keys WHERE customer_id = ?`),
      deleteFts: sqlite.prepare(`DELETE FROM customers_fts WHERE rowid = ?`),
      insertFts: sqlite.prepare(`INSERT INTO customers_fts (rowid, text) VALUES (?, ?)`),
      insertKey: sqlite.prepare(`INSERT OR IGNORE INTO customer_keys (customer_id, key) VALUES (?, ?)`),
    }
    statements.set(sqlite, s)
  }
  return s
}

/**
 * Rebuilds one customer's local search data from its row and live contacts: the FTS5 row
 * (rowid = customers.rowid) and customer_keys. Called by every write path (services and sync).
 */
export function reindexCustomer(db: Db, customerId: string): void {
  reindexCustomers(sqliteOf(db), [customerId])
}

/**
 * reindexCustomer for many customers (each once), in rowid order: the set-based form the
 * mutation writer and the sync projector apply once per transaction for every customer whose
 * row or contacts they wrote (see `batchIndex` in core/synced.ts). With `deferredAbove`,
 * customers above that rowid are left alone: an initial sync builds them in bulk at its end.
 */
export function reindexCustomers(sqlite: Sqlite, customerIds: Iterable<string>, deferredAbove?: number): void {
  const s = statementsOf(sqlite)
  const found: { id: string; rowid: number; name: string; phone: string | null }[] = []
  for (const id of new Set(customerIds)) {
    const c = s.customer.get(id)
    if (c && deferredAbove !== undefined && c.rowid > deferredAbove) continue
    s.deleteKeys.run(id)
    if (!c) continue
    s.deleteFts.run(c.rowid)
    if (!c.deletedAt) found.push({ id, rowid: c.rowid, name: c.name, phone: c.phone })
  }
  // FTS5 appends rows given in rowid order; random order costs several times more.
  found.sort((a, b) => a.rowid - b.rowid)
  for (const c of found) {
    const doc = searchDocument(c.name, c.phone, s.people.all(c.id))
    s.insertFts.run(c.rowid, doc.text)
    for (const key of doc.keys) s.insertKey.run(c.id, key)
  }
}

/**
 * Builds the search entries of every customer above rowid `mark`, set-based: customers in rowid
 * order (FTS5 builds several times faster in order), their contacts read in one pass, keys
 * inserted sorted (the (key, customer_id) b-tree is appended, not split at random pages: per-row
 * inserts of random keys rewrite most of that index at every commit). Entries these customers
 * already have are removed first unless `fresh` says there are none. Returns how many customers.
 */
function buildAbove(sqlite: Sqlite, mark: number, fresh: boolean, upTo = Number.MAX_SAFE_INTEGER): number {
  // Keys are written and removed together with the FTS row: no FTS row in the range, no entries at all.
  if (!fresh && sqlite.prepare(`SELECT 1 FROM customers_fts WHERE rowid > ? AND rowid <= ? LIMIT 1`).get(mark, upTo) !== undefined) {
    sqlite.prepare(`DELETE FROM customers_fts WHERE rowid > ? AND rowid <= ?`).run(mark, upTo)
    sqlite.prepare(`DELETE FROM customer_keys WHERE customer_id IN (SELECT id FROM customers WHERE rowid > ? AND rowid <= ?)`).run(mark, upTo)
  }
  const people = new Map<string, SearchPerson[]>()
  const contactsOf = mark > 0 || upTo < Number.MAX_SAFE_INTEGER
    ? sqlite.prepare(`SELECT customer_id AS customerId, name, mobile, phone FROM contacts WHERE deleted_at IS NULL AND customer_id IN (SELECT id FROM customers WHERE rowid > ? AND rowid <= ?) ORDER BY rowid`).bind(mark, upTo)
    : sqlite.prepare(`SELECT customer_id AS customerId, name, mobile, phone FROM contacts WHERE deleted_at IS NULL ORDER BY rowid`)
  for (const p of contactsOf.all() as (SearchPerson & { customerId: string })[]) {
    const list = people.get(p.customerId)
    if (list) list.push(p)
    else people.set(p.customerId, [p])
  }
  // Inserted set-based, one statement per read batch (FTS) and one for all keys, with the rows as
  // a JSON array: 10,000s of single-row calls from JavaScript cost more than the inserts.
  const insertFts = sqlite.prepare(`INSERT INTO customers_fts (rowid, text) SELECT value ->> 0, value ->> 1 FROM json_each(?)`)
  const keyRows: [string, string][] = []
  // Read in rowid batches: better-sqlite3 cannot write while a read statement is iterating.
  // The pinyin column (the name's contextual reading, derived at write) spares segmenting each name again.
  const batch = sqlite.prepare(`SELECT rowid, id, name, phone, pinyin FROM customers WHERE deleted_at IS NULL AND rowid > ? AND rowid <= ? ORDER BY rowid LIMIT 5000`)
  let after = mark
  let n = 0
  for (;;) {
    const rows = batch.all(after, upTo) as { rowid: number; id: string; name: string; phone: string | null; pinyin: string | null }[]
    if (rows.length === 0) break
    const fts: [number, string][] = []
    for (const c of rows) {
      const doc = searchDocument(c.name, c.phone, people.get(c.id) ?? [], c.pinyin ?? undefined)
      fts.push([c.rowid, doc.text])
      for (const k of doc.keys) keyRows.push([k, c.id])
    }
    insertFts.run(JSON.stringify(fts))
    n += rows.length
    after = rows[rows.length - 1]!.rowid
  }
  // Sorted by SQLite on the way in: the (key, customer_id) b-tree is appended, not split at random pages.
  if (keyRows.length) sqlite.prepare(`INSERT OR IGNORE INTO customer_keys (key, customer_id) SELECT value ->> 0, value ->> 1 FROM json_each(?) ORDER BY 1, 2`).run(JSON.stringify(keyRows))
  return n
}

/**
 * The customers' search data as a batch index (customers.synced.ts): per transaction, each
 * customer written is reindexed once; during an initial sync the sync projector defers the
 * customers that arrive (rowid above the mark) and builds them in bulk once it has caught up.
 * Meanwhile those customers are listed but not yet found by search (docs/SYNC.md).
 */
export const customerSearchIndex: BatchIndex = {
  name: 'customers.search',
  apply: reindexCustomers,
  defer: {
    mark: (sqlite) => (sqlite.prepare(`SELECT max(rowid) FROM customers`).pluck().get() as number | null) ?? 0,
    finish: (sqlite, mark) => { buildAbove(sqlite, mark, false) },
    build: (sqlite, from, to) => { buildAbove(sqlite, from, false, to) },
    // Each chunk reads its customers' contacts (contacts_customer).
    reads: ['contacts'],
    // Measured apart (100,000 customers, 500-row chunks): 7.3 s with the index, 0.85 s without
    // plus 0.21 s to create it at the end. Searches by initials or phone digits scan the table meanwhile.
    workerDrops: [{ table: 'customer_keys', index: 'customer_keys_key', repair: `DELETE FROM customer_keys WHERE rowid NOT IN (SELECT min(rowid) FROM customer_keys GROUP BY key, customer_id)` }],
  },
}

/**
 * Rebuilds the whole local search data set in one transaction (see buildAbove). Used after bulk
 * loads (benchmark, restore) and to repair an index; per-record writes use reindexCustomer.
 */
export function rebuildSearchIndex(sqlite: Sqlite): { customers: number; ms: number } {
  const started = performance.now()
  let n = 0
  sqlite.transaction(() => {
    sqlite.exec(`DELETE FROM customers_fts; DELETE FROM customer_keys;`)
    n = buildAbove(sqlite, 0, true)
  })()
  return { customers: n, ms: performance.now() - started }
}
