import { sql } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { bigramTokens, normalizePhone, pinyinInitials, reversedDigits } from './search-keys'

/**
 * Rebuilds one customer's local search data from its row and live contacts: the FTS5 row
 * (bigrams of name and contact names; rowid = customers.rowid) and customer_keys (alternative
 * pinyin initials, reversed phone digits). Called by every write path (services and sync).
 */
export function reindexCustomer(db: Db, customerId: string): void {
  const c = db.get<{ rowid: number; name: string; phone: string | null; deletedAt: number | null } | undefined>(
    sql`SELECT rowid, name, phone, deleted_at AS deletedAt FROM customers WHERE id = ${customerId}`)
  db.run(sql`DELETE FROM customer_keys WHERE customer_id = ${customerId}`)
  if (!c) return
  db.run(sql`DELETE FROM customers_fts WHERE rowid = ${c.rowid}`)
  if (c.deletedAt) return
  const people = db.all<{ name: string; mobile: string | null; phone: string | null }>(
    sql`SELECT name, mobile, phone FROM contacts WHERE customer_id = ${customerId} AND deleted_at IS NULL`)
  // Segments are indexed separately so no bigram spans a name and a contact.
  const text = [c.name, ...people.map((p) => p.name)].map((s) => bigramTokens(s).join(' ')).join(' | ')
  db.run(sql`INSERT INTO customers_fts (rowid, text) VALUES (${c.rowid}, ${text})`)
  const keys = new Set<string>()
  for (const p of pinyinInitials(c.name)) keys.add(`p:${p}`)
  for (const phone of [c.phone, ...people.flatMap((p) => [p.mobile, p.phone])]) {
    if (normalizePhone(phone).length >= 3) keys.add(`r:${reversedDigits(phone)}`)
  }
  for (const key of keys) db.run(sql`INSERT OR IGNORE INTO customer_keys (customer_id, key) VALUES (${customerId}, ${key})`)
}
