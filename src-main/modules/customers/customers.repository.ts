import type { Statement } from 'better-sqlite3'
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { ContactRow, CustomerListItem, CustomerStats, CustomerStatus, FieldRow, LevelRow, SavedViewRow } from '../../../src-preload/contracts/customers'
import type { Db, Sqlite } from '../../core/db'
import { contacts, customerFields, customerLevels, customers, savedViews } from './customers.table'
import {
  and as andSql, encodeCursor, filterConditions, keysetCondition, matchCondition, matchCounters, matchRowids, orderBy, ownerCondition, parseSearch, sortKeys,
  type ListFilters, type ListSort, type Owners, type SearchTerm, type Sql,
} from './customer-list-query'

export type CustomerRecord = typeof customers.$inferSelect
export type ContactRecord = typeof contacts.$inferSelect

export interface ListQuery { owners: Owners; filters: ListFilters; sort: ListSort; after: (string | number)[] | null; limit: number }
export type CountQuery = Pick<ListQuery, 'owners' | 'filters'>

/**
 * How a search page is found, by the number of matches (counted only up to what the choice
 * needs): fewer than DRIVE_MAX → read exactly the matches and sort them ("drive"); otherwise
 * walk the sort index, keeping matching rows, which stops after a page. The walk checks rows
 * against the matches read once into a lookup table ("materialized"), or — for text searches
 * matching at least DENSE_SHARE of all customers — checks each walked row's own FTS text
 * ("perRow"), cheaper than reading tens of thousands of matches. Measured at 100,000 customers
 * (CPU ms, bench/customers.bench.ts): 科技 14,348 matches: drive 33, materialized 3.6, perRow 1.7;
 * 杭州 2,195: drive 3.1, materialized 1.4, perRow 6.6; 华鑫 36: drive 0.5, materialized 9.
 * Key searches (pinyin, phone) never use perRow: checking a row's keys costs more than the table.
 */
export const DRIVE_MAX = 800
export const DENSE_SHARE = 0.08
/** Up to this many owners, an unfiltered page is merged from one index range per owner (UNION ALL). */
export const OWNER_ARMS_MAX = 24

const LIST_COLUMNS = `c.id, c.name, c.level, c.category, c.status, c.owner_id AS ownerId, u.display_name AS ownerName, c.province, c.city, c.phone,
  c.tags, c.last_followup_at AS lastFollowupAt, c.updated_at AS updatedAt, c.created_at AS createdAt,
  (SELECT json_object('name', p.name, 'mobile', p.mobile) FROM contacts p WHERE p.customer_id = c.id AND p.deleted_at IS NULL
    ORDER BY p.is_primary DESC, p.created_at, p.id LIMIT 1) AS primaryContact,
  EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = c.id AND o.status = 'pending') AS unsynced`

/**
 * A page row as SQLite returns it in raw mode: LIST_COLUMNS in order, then the sort key values
 * (from KEYS_AT on; the last row's make the cursor). Arrays rather than row objects, and the keys
 * as plain columns rather than a json_array per row: ~2.5 µs less a row (issue 6, page fill of
 * a 50-row search page at 100,000 customers).
 */
type ListRowRaw = [
  id: string, name: string, level: string | null, category: string | null, status: CustomerStatus, ownerId: string | null, ownerName: string | null,
  province: string | null, city: string | null, phone: string | null, tags: string, lastFollowupAt: number | null, updatedAt: number, createdAt: number,
  primaryContact: string | null, unsynced: number, ...keys: (string | number)[],
]
const KEYS_AT = 16

type Strategy = 'plain' | 'drive' | 'materialized' | 'perRow'

/** All SQL of the customers module. List queries are prepared once per shape and cached. */
export class CustomersRepository {
  private readonly statements = new Map<string, Statement>()
  /** `limits` exists for tests, to run every strategy on small data. */
  constructor(private readonly db: Db, private readonly sqlite: Sqlite, private readonly limits = { driveMax: DRIVE_MAX, denseShare: DENSE_SHARE }) {}

  /** `raw`: rows as arrays (list pages build their own objects; no intermediate row object). */
  private prepare(text: string, raw = false): Statement {
    const key = raw ? `raw:${text}` : text
    let st = this.statements.get(key)
    if (!st) {
      if (this.statements.size > 500) this.statements.clear()
      st = this.sqlite.prepare(text)
      if (raw) st.raw(true)
      this.statements.set(key, st)
    }
    return st
  }

  /** The plan of a page query and the strategy chosen, for tests and the benchmark. */
  explainList(q: ListQuery): { strategy: Strategy; plan: string[] } {
    const { sql: s, strategy } = this.pageSql(q)
    return { strategy, plan: (this.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.params) as { detail: string }[]).map((r) => r.detail) }
  }

  listPage(q: ListQuery): { items: CustomerListItem[]; nextCursor: string | null } {
    const { sql: s } = this.pageSql({ ...q, limit: q.limit + 1 })
    const rows = this.prepare(s.text, true).all(...s.params) as ListRowRaw[]
    const more = rows.length > q.limit
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(toListItem),
      nextCursor: more && last ? encodeCursor(q.sort, last.slice(KEYS_AT) as (string | number)[]) : null,
    }
  }

  count(q: CountQuery): number {
    const w = this.countWhere(q)
    return (this.prepare(`SELECT count(*) AS n FROM ${w.from} WHERE ${w.text}`).get(...w.params) as { n: number }).n
  }

  /**
   * Classification statistics in one pass: counts per (level, category, status) — a few
   * hundred groups at most, from the covering partial index customers_live — then summed per
   * dimension.
   */
  stats(q: CountQuery): CustomerStats {
    const w = this.countWhere(q)
    const rows = this.prepare(`SELECT c.level, c.category, c.status, count(*) AS n FROM ${w.from} WHERE ${w.text} GROUP BY c.level, c.category, c.status`)
      .all(...w.params) as { level: string | null; category: string | null; status: string; n: number }[]
    const sum = (key: 'level' | 'category' | 'status') => {
      const m = new Map<string | null, number>()
      for (const r of rows) m.set(r[key], (m.get(r[key]) ?? 0) + r.n)
      return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)))
    }
    return { total: rows.reduce((t, r) => t + r.n, 0), byLevel: sum('level'), byCategory: sum('category'), byStatus: sum('status').map((g) => ({ key: g.key ?? 'potential', count: g.count })) }
  }

  /**
   * Counts read the covering partial index customers_live (live rows: owner, level, category,
   * status), named explicitly because the planner prefers a table scan for "owner IS NOT NULL"
   * (45 ms against 3 ms at 100,000); not when a few search matches drive, or a filter needs the row.
   */
  private countWhere(q: CountQuery): Sql & { from: string } {
    const parts = [...filterConditions(q.filters)]
    const own = ownerCondition(q.owners)
    if (own) parts.push(own)
    const s = parseSearch(q.filters.search)
    const drive = s !== null && this.strategyFor(s) === 'drive'
    if (s) parts.push(drive ? { text: `c.rowid IN (${matchRowids(s).text})`, params: matchRowids(s).params } : matchCondition(s, 'materialized'))
    const covered = !drive && !q.filters.province && !q.filters.city && !q.filters.tags?.length
    return { ...andSql(parts), from: covered ? 'customers c INDEXED BY customers_live' : 'customers c' }
  }

  private strategyFor(s: SearchTerm | null): Strategy {
    if (!s) return 'plain'
    // max(rowid) is one b-tree descent: close enough to the row count for a share.
    const total = Math.max(1, (this.prepare('SELECT max(rowid) FROM customers').pluck().get() as number | null) ?? 1)
    const denseMin = Math.ceil(this.limits.denseShare * total)
    let n = 0
    for (const c of matchCounters(s, Math.max(1, this.limits.driveMax, denseMin))) n += this.prepare(c.text).pluck().get(...c.params) as number
    if (n < this.limits.driveMax) return 'drive'
    return s.keyPrefix || n < denseMin ? 'materialized' : 'perRow'
  }

  /**
   * The page query: the page's rowids in a materialized CTE (the part whose plan matters), then
   * the columns of those few rows (CROSS JOIN: the page drives the outer query).
   */
  private pageSql(q: ListQuery): { sql: Sql; strategy: Strategy } {
    const keys = sortKeys(q.sort)
    const s = parseSearch(q.filters.search)
    const strategy = this.strategyFor(s)
    const base = [...filterConditions(q.filters)]
    if (q.after) base.push(keysetCondition(q.sort, q.after))
    const multi = q.owners !== 'all' && q.owners.size > 1
    let inner: Sql
    if (s && strategy === 'drive') {
      // Few matches: read exactly those customers (CROSS JOIN fixes the loop order), then sort.
      const m = matchRowids(s)
      const w = andSql([...base, ...optional(ownerCondition(q.owners, true))])
      inner = { text: `SELECT c.rowid AS rid FROM (${m.text}) m CROSS JOIN customers c ON c.rowid = m.rid WHERE ${w.text} ORDER BY ${orderBy(q.sort)} LIMIT ?`, params: [...m.params, ...w.params, q.limit] }
    } else if (strategy === 'plain' && multi && q.owners !== 'all' && q.owners.size <= OWNER_ARMS_MAX) {
      // A team's list: one short range of each owner's index, merged.
      const arms = [...q.owners].map((o) => walk(keys, q, andSql([...base, { text: 'c.owner_id = ?', params: [o] }])))
      const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC'
      inner = {
        text: `SELECT rid FROM (${arms.map((a) => `SELECT * FROM (${a.text})`).join(' UNION ALL ')}) ORDER BY ${keys.map((_, i) => `k${i} ${dir}`).join(', ')} LIMIT ?`,
        params: [...arms.flatMap((a) => a.params), q.limit],
      }
    } else {
      // Walk the sort index (one owner's, or the global one with owners as a filter).
      const match = s ? [matchCondition(s, strategy === 'perRow' ? 'perRow' : 'materialized')] : []
      inner = walk(keys, q, andSql([...base, ...optional(ownerCondition(q.owners, multi)), ...match]))
    }
    return {
      strategy,
      sql: {
        text: `WITH page(rid) AS MATERIALIZED (SELECT rid FROM (${inner.text}))
          SELECT ${LIST_COLUMNS}, ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM page CROSS JOIN customers c ON c.rowid = page.rid LEFT JOIN users u ON u.id = c.owner_id
          ORDER BY ${orderBy(q.sort)}`,
        params: inner.params,
      },
    }
  }

  // ---- single records ----

  byId(id: string): CustomerRecord | undefined {
    return this.db.select().from(customers).where(eq(customers.id, id)).get()
  }

  /** Prepared once (drizzle's mapping kept): a customer page reads them on every opening. */
  private liveContactsQuery = lazy(() => this.db.select().from(contacts).where(and(eq(contacts.customerId, sql.placeholder('customerId')), isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt), asc(contacts.id)).prepare())

  liveContacts(customerId: string): ContactRecord[] {
    return this.liveContactsQuery().all({ customerId })
  }

  contactById(id: string): ContactRecord | undefined {
    return this.db.select().from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get()
  }

  userName(id: string | null): string | null {
    if (!id) return null
    return (this.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(id) as string | undefined) ?? null
  }

  activeUserExists(id: string): boolean {
    return !!this.db.get<{ n: number } | undefined>(sql`SELECT 1 AS n FROM users WHERE id = ${id} AND deleted_at IS NULL AND disabled = 0`)
  }

  hasPendingChanges(recordId: string): boolean {
    return this.prepare(`SELECT 1 FROM outbox WHERE record_id = ? AND status = 'pending' LIMIT 1`).pluck().get(recordId) !== undefined
  }

  // ---- levels, custom fields, saved views ----

  levels(): LevelRow[] {
    return this.db.select({ id: customerLevels.id, code: customerLevels.code, name: customerLevels.name, sort: customerLevels.sort, poolDays: customerLevels.poolDays })
      .from(customerLevels).where(isNull(customerLevels.deletedAt)).orderBy(asc(customerLevels.sort), asc(customerLevels.code)).all()
  }

  /** Levels including removed ones: seeding happens only on a table that never had any. */
  levelCountIncludingDeleted(): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer_levels`)!.n
  }

  levelByCode(code: string): (typeof customerLevels.$inferSelect) | undefined {
    return this.db.select().from(customerLevels).where(eq(customerLevels.code, code)).get()
  }

  levelById(id: string): (typeof customerLevels.$inferSelect) | undefined {
    return this.db.select().from(customerLevels).where(eq(customerLevels.id, id)).get()
  }

  customersWithLevel(code: string): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM customers WHERE level = ${code} AND deleted_at IS NULL`)!.n
  }

  fields(): FieldRow[] {
    return this.db.select({ id: customerFields.id, key: customerFields.key, label: customerFields.label, type: customerFields.type, options: customerFields.options, sort: customerFields.sort })
      .from(customerFields).where(isNull(customerFields.deletedAt)).orderBy(asc(customerFields.sort), asc(customerFields.key)).all()
  }

  fieldByKey(key: string): (typeof customerFields.$inferSelect) | undefined {
    return this.db.select().from(customerFields).where(eq(customerFields.key, key)).get()
  }

  fieldById(id: string): (typeof customerFields.$inferSelect) | undefined {
    return this.db.select().from(customerFields).where(eq(customerFields.id, id)).get()
  }

  views(ownerId: string): SavedViewRow[] {
    return this.db.select({ id: savedViews.id, name: savedViews.name, query: savedViews.query }).from(savedViews)
      .where(and(eq(savedViews.ownerId, ownerId), eq(savedViews.module, 'customers'), isNull(savedViews.deletedAt))).orderBy(asc(savedViews.name)).all() as SavedViewRow[]
  }

  viewById(id: string): (typeof savedViews.$inferSelect) | undefined {
    return this.db.select().from(savedViews).where(and(eq(savedViews.id, id), isNull(savedViews.deletedAt))).get()
  }

  // ---- merge ----

  /** Live rows of `table` whose `column` holds the customer id (rows a merge moves). */
  referencingIds(tableName: string, columnName: string, customerId: string): string[] {
    return this.db.all<{ id: string }>(sql`SELECT id FROM ${sql.identifier(tableName)} WHERE ${sql.identifier(columnName)} = ${customerId} AND deleted_at IS NULL`).map((r) => r.id)
  }
}

function lazy<T>(make: () => T): () => T {
  let v: T | undefined
  return () => (v ??= make())
}

const optional = (x: Sql | null): Sql[] => (x ? [x] : [])

function walk(keys: string[], q: ListQuery, w: Sql): Sql {
  return { text: `SELECT c.rowid AS rid, ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM customers c WHERE ${w.text} ORDER BY ${orderBy(q.sort)} LIMIT ?`, params: [...w.params, q.limit] }
}

function toListItem(r: ListRowRaw): CustomerListItem {
  const pc = r[14] ? JSON.parse(r[14]) as { name: string; mobile: string | null } : null
  return {
    id: r[0], name: r[1], level: r[2], category: r[3], status: r[4], ownerId: r[5], ownerName: r[6],
    province: r[7], city: r[8], phone: r[9], tags: JSON.parse(r[10]) as string[], lastFollowupAt: r[11],
    updatedAt: r[12], createdAt: r[13], primaryContact: pc, unsynced: r[15] === 1,
  }
}

export function toContactRow(c: ContactRecord): ContactRow {
  return { id: c.id, customerId: c.customerId, name: c.name, title: c.title, mobile: c.mobile, phone: c.phone, email: c.email, wechat: c.wechat, birthday: c.birthday, isPrimary: c.isPrimary }
}
