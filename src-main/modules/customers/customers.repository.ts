import type { Statement } from 'better-sqlite3'
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { ContactRow, CustomerListItem, CustomerStatus, FieldRow, LevelRow, SavedViewRow } from '../../../src-preload/contracts/customers'
import type { Db, Sqlite } from '../../core/db'
import { contacts, customerFields, customerLevels, customers, savedViews } from './customers.table'
import {
  and as andSql, encodeCursor, filterConditions, keysetCondition, orderBy, ownerCondition, searchCandidates, sortKeys,
  type ListFilters, type ListSort, type Owners, type Sql,
} from './customer-list-query'

export type CustomerRecord = typeof customers.$inferSelect
export type ContactRecord = typeof contacts.$inferSelect

export interface ListQuery { owners: Owners; filters: ListFilters; sort: ListSort; after: (string | number)[] | null; limit: number }

/**
 * A search matching fewer customers than this is answered by reading those customers and
 * sorting them ("drive"); a larger one by walking the sort index and keeping the matches
 * ("walk"). Measured at 100,000 customers (bench/customers.bench.ts): driving costs ~2.5 µs per
 * match, walking ~0.3 µs per row passed, so the two meet near a thousand matches.
 */
export const DRIVE_MAX = 800
/** Up to this many owners, a page is merged from one index range per owner (UNION ALL). */
export const OWNER_ARMS_MAX = 24

const LIST_COLUMNS = `c.id, c.name, c.level, c.category, c.status, c.owner_id AS ownerId, u.display_name AS ownerName, c.province, c.city, c.phone,
  c.tags, c.last_followup_at AS lastFollowupAt, c.updated_at AS updatedAt, c.created_at AS createdAt,
  (SELECT json_object('name', p.name, 'mobile', p.mobile) FROM contacts p WHERE p.customer_id = c.id AND p.deleted_at IS NULL
    ORDER BY p.is_primary DESC, p.created_at, p.id LIMIT 1) AS primaryContact,
  EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = c.id AND o.status = 'pending') AS unsynced`

interface ListRowRaw {
  id: string; name: string; level: string | null; category: string | null; status: CustomerStatus; ownerId: string | null; ownerName: string | null
  province: string | null; city: string | null; phone: string | null; tags: string; lastFollowupAt: number | null; updatedAt: number; createdAt: number
  primaryContact: string | null; unsynced: number
}

/** All SQL of the customers module. List queries are prepared once per shape and cached. */
export class CustomersRepository {
  private readonly statements = new Map<string, Statement>()
  constructor(private readonly db: Db, private readonly sqlite: Sqlite) {}

  private prepare(text: string): Statement {
    let st = this.statements.get(text)
    if (!st) {
      if (this.statements.size > 500) this.statements.clear()
      st = this.sqlite.prepare(text)
      this.statements.set(text, st)
    }
    return st
  }

  /** EXPLAIN QUERY PLAN of the page query, for tests and the benchmark. */
  explainList(q: ListQuery): string[] {
    const s = this.pageSql(q)
    return (this.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.params) as { detail: string }[]).map((r) => r.detail)
  }

  listPage(q: ListQuery): { items: CustomerListItem[]; nextCursor: string | null } {
    const s = this.pageSql({ ...q, limit: q.limit + 1 })
    const rows = this.prepare(s.text).all(...s.params) as (ListRowRaw & { k: string })[]
    const more = rows.length > q.limit
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      items: page.map(toListItem),
      nextCursor: more && last ? encodeCursor(q.sort, JSON.parse(last.k) as (string | number)[]) : null,
    }
  }

  count(q: Omit<ListQuery, 'sort' | 'after' | 'limit'>): number {
    const s = this.whereSql(q.owners, q.filters, 'count')
    return (this.prepare(`SELECT count(*) AS n FROM customers c WHERE ${s.text}`).get(...s.params) as { n: number }).n
  }

  /** Classification statistics (by level, category, status) over the same rows as count. */
  groupCounts(q: Omit<ListQuery, 'sort' | 'after' | 'limit'>, column: 'level' | 'category' | 'status'): { key: string | null; count: number }[] {
    const s = this.whereSql(q.owners, q.filters, 'count')
    return this.prepare(`SELECT c.${column} AS key, count(*) AS count FROM customers c WHERE ${s.text} GROUP BY c.${column} ORDER BY count DESC, key`)
      .all(...s.params) as { key: string | null; count: number }[]
  }

  /** The WHERE clause shared by count and stats: filters, owners and search (always driven by the matches). */
  private whereSql(owners: Owners, filters: ListFilters, _use: 'count'): Sql {
    const parts = [...filterConditions(filters)]
    const own = ownerCondition(owners)
    if (own) parts.push(own)
    const cand = filters.search ? searchCandidates(filters.search) : null
    if (cand) parts.push({ text: `c.rowid IN (${cand.text})`, params: cand.params })
    return andSql(parts)
  }

  /**
   * The page query: the page's rowids in a materialized CTE (the plan that matters), then the
   * columns of those few rows. How the rowids are found depends on the search size and the
   * owners: see DRIVE_MAX and OWNER_ARMS_MAX.
   */
  private pageSql(q: ListQuery): Sql {
    const keys = sortKeys(q.sort)
    const keyJson = `json_array(${keys.join(', ')})`
    const cand = q.filters.search ? searchCandidates(q.filters.search) : null
    const base = [...filterConditions(q.filters)]
    if (q.after) base.push(keysetCondition(q.sort, q.after))
    let inner: Sql
    if (cand && this.matchesFewerThan(cand, DRIVE_MAX)) {
      // Few matches: read exactly those customers (CROSS JOIN fixes the loop order), then sort.
      const own = ownerCondition(q.owners, true)
      const w = andSql(own ? [...base, own] : base)
      inner = { text: `SELECT c.rowid AS rid FROM (${cand.text}) m CROSS JOIN customers c ON c.rowid = m.rid WHERE ${w.text} ORDER BY ${orderBy(q.sort)} LIMIT ?`, params: [...cand.params, ...w.params, q.limit] }
    } else {
      // No search or many matches: walk the sort index (per owner), keeping matching rows.
      const match: Sql[] = cand ? [{ text: `+c.rowid IN (${cand.text})`, params: cand.params }] : []
      const arm = (own: Sql | null): Sql => {
        const w = andSql([...base, ...(own ? [own] : []), ...match])
        return { text: `SELECT c.rowid AS rid, ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM customers c WHERE ${w.text} ORDER BY ${orderBy(q.sort)} LIMIT ?`, params: [...w.params, q.limit] }
      }
      if (q.owners !== 'all' && q.owners.size > 1 && q.owners.size <= OWNER_ARMS_MAX) {
        const arms = [...q.owners].map((o) => arm({ text: 'c.owner_id = ?', params: [o] }))
        const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC'
        inner = {
          text: `SELECT rid FROM (${arms.map((a) => `SELECT * FROM (${a.text})`).join(' UNION ALL ')}) ORDER BY ${keys.map((_, i) => `k${i} ${dir}`).join(', ')} LIMIT ?`,
          params: [...arms.flatMap((a) => a.params), q.limit],
        }
      } else {
        inner = arm(ownerCondition(q.owners))
      }
    }
    return {
      text: `WITH page(rid) AS MATERIALIZED (SELECT rid FROM (${inner.text}))
        SELECT ${LIST_COLUMNS}, ${keyJson} AS k FROM page JOIN customers c ON c.rowid = page.rid LEFT JOIN users u ON u.id = c.owner_id ORDER BY ${orderBy(q.sort)}`,
      params: inner.params,
    }
  }

  /** Counts matches up to `max` only: cheap for any term, exact for rare ones. */
  private matchesFewerThan(cand: Sql, max: number): boolean {
    const n = (this.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM (${cand.text}) LIMIT ?)`).get(...cand.params, max) as { n: number }).n
    return n < max
  }

  // ---- single records ----

  byId(id: string): CustomerRecord | undefined {
    return this.db.select().from(customers).where(eq(customers.id, id)).get()
  }

  liveContacts(customerId: string): ContactRecord[] {
    return this.db.select().from(contacts).where(and(eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
      .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt), asc(contacts.id)).all()
  }

  contactById(id: string): ContactRecord | undefined {
    return this.db.select().from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get()
  }

  userName(id: string | null): string | null {
    if (!id) return null
    return this.db.get<{ n: string } | undefined>(sql`SELECT display_name AS n FROM users WHERE id = ${id}`)?.n ?? null
  }

  activeUserExists(id: string): boolean {
    return !!this.db.get<{ n: number } | undefined>(sql`SELECT 1 AS n FROM users WHERE id = ${id} AND deleted_at IS NULL AND disabled = 0`)
  }

  hasPendingChanges(recordId: string): boolean {
    return !!this.db.get<{ n: number } | undefined>(sql`SELECT 1 AS n FROM outbox WHERE record_id = ${recordId} AND status = 'pending' LIMIT 1`)
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

function toListItem(r: ListRowRaw): CustomerListItem {
  const pc = r.primaryContact ? JSON.parse(r.primaryContact) as { name: string; mobile: string | null } : null
  return {
    id: r.id, name: r.name, level: r.level, category: r.category, status: r.status, ownerId: r.ownerId, ownerName: r.ownerName,
    province: r.province, city: r.city, phone: r.phone, tags: JSON.parse(r.tags) as string[], lastFollowupAt: r.lastFollowupAt,
    updatedAt: r.updatedAt, createdAt: r.createdAt, primaryContact: pc, unsynced: r.unsynced === 1,
  }
}

export function toContactRow(c: ContactRecord): ContactRow {
  return { id: c.id, customerId: c.customerId, name: c.name, title: c.title, mobile: c.mobile, phone: c.phone, email: c.email, wechat: c.wechat, birthday: c.birthday, isPrimary: c.isPrimary }
}
