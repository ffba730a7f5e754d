import { sql, type SQL } from 'drizzle-orm'
import { cachedSqlOf, type CachedSql } from '../../core/cached-sql'
import type { Db } from '../../core/db'
import type { SourceEntry, TimelineQuery, TimelineSource } from './timeline.sources'

/**
 * Fields of a customer that are bookkeeping, not edits: owner changes come from transfers and
 * the pool (which record their own entries), lastFollowupAt from follow-ups, derived columns
 * from the name. An update touching only these is not shown as an edit.
 */
export const BOOKKEEPING_FIELDS = ['ownerId', 'lastFollowupAt', 'releasedAt', 'previousOwnerId', 'nameNorm', 'pinyin'] as const

const bookkeepingList = sql.join(BOOKKEEPING_FIELDS.map((f) => sql`${f}`), sql`, `)

function keyset(at: SQL, id: SQL, q: TimelineQuery): SQL {
  const parts: SQL[] = []
  if (q.before) parts.push(sql`(${at} < ${q.before.at} OR (${at} = ${q.before.at} AND ${id} < ${q.before.id}))`)
  if (q.from !== undefined) parts.push(sql`${at} >= ${q.from}`)
  if (q.to !== undefined) parts.push(sql`${at} <= ${q.to}`)
  return parts.length ? sql.join(parts, sql` AND `) : sql`1`
}

/** Restriction to customers owned by `owners` (or in the pool, or none), see TimelineQuery.owners. */
function ownersFilter(customerIdExpr: SQL, q: TimelineQuery): SQL {
  if (!q.owners) return sql`1`
  return sql`(${customerIdExpr} IS NULL OR EXISTS (SELECT 1 FROM customers oc WHERE oc.id = ${customerIdExpr}
    AND (oc.owner_id IS NULL OR oc.owner_id IN (SELECT value FROM json_each(${JSON.stringify(q.owners)})))))`
}

function subject(q: TimelineQuery, customerCol: SQL, actorCol: SQL): SQL {
  if (q.customerIds) return sql`${customerCol} IN (SELECT value FROM json_each(${JSON.stringify(q.customerIds)}))`
  if (q.actorId) return sql`${actorCol} = ${q.actorId}`
  return sql`0`
}

/** An activity row as SQLite returns it (arrays: a page maps them straight into entries). */
type ActivityRow = [id: string, at: number, kind: string, summaryKey: string, params: string, actorId: string | null, customerId: string | null, recordId: string | null, body: string | null]

/** Built-in source 1: the activity ledger written through recordActivity. */
export const activitiesSource: TimelineSource = {
  name: 'activities',
  entries(db: Db, q: TimelineQuery): SourceEntry[] {
    const rows = cachedSqlOf(db).values<ActivityRow>(sql`
      SELECT a.id, a.at, a.kind, a.summary_key, a.params, a.actor_id, a.customer_id, a.record_id, a.body
      FROM activities a
      WHERE ${subject(q, sql`a.customer_id`, sql`a.actor_id`)} AND a.deleted_at IS NULL
        AND ${keyset(sql`a.at`, sql`a.id`, q)} AND ${ownersFilter(sql`a.customer_id`, q)}
      ORDER BY a.at DESC, a.id DESC LIMIT ${q.limit}`)
    return rows.map((r) => ({ id: r[0], at: r[1], kind: r[2], summaryKey: r[3], params: parseParams(r[4]), actorId: r[5], customerId: r[6], recordId: r[7], body: r[8] }))
  },
}

interface AuditRow {
  auditId: number; at: number; userId: string | null; tableName: string; recordId: string; action: string
  changes: string; contactName: string | null; customerId: string | null
}

const auditKey = sql`('audit-' || printf('%012d', a.id))`

/**
 * Built-in source 2: edits of the customer record and of its contacts, from the audit log
 * (the audit log is the truth of who changed what; nothing is copied).
 */
export const auditEditsSource: TimelineSource = {
  name: 'audit',
  entries(db: Db, q: TimelineQuery): SourceEntry[] {
    const customerOf = sql`CASE WHEN a.table_name = 'customers' THEN a.record_id ELSE ct.customer_id END`
    const scope = q.customerIds
      ? sql`a.record_id IN (SELECT value FROM json_each(${JSON.stringify(q.customerIds)})
          UNION ALL SELECT id FROM contacts WHERE customer_id IN (SELECT value FROM json_each(${JSON.stringify(q.customerIds)})))`
      : q.actorId ? sql`a.user_id = ${q.actorId}` : sql`0`
    const rows = cachedSqlOf(db).all<AuditRow>(sql`
      SELECT a.id AS auditId, a.at, a.user_id AS userId, a.table_name AS tableName, a.record_id AS recordId, a.action, a.changes,
             ct.name AS contactName, ${customerOf} AS customerId
      FROM audit_log a LEFT JOIN contacts ct ON a.table_name = 'contacts' AND ct.id = a.record_id
      WHERE ${scope} AND a.table_name IN ('customers', 'contacts')
        AND (a.action <> 'update' OR EXISTS (SELECT 1 FROM json_each(a.changes) j WHERE j.key NOT IN (${bookkeepingList})))
        AND ${keyset(sql`a.at`, auditKey, q)} AND ${ownersFilter(customerOf, q)}
      ORDER BY a.at DESC, a.id DESC LIMIT ${q.limit}`)
    return rows.map(auditEntry)
  },
}

const SUMMARY: Record<string, Record<string, string>> = {
  customers: { insert: 'timeline.customer.created', update: 'timeline.edit', delete: 'timeline.customer.deleted', restore: 'timeline.customer.restored' },
  contacts: { insert: 'timeline.contact.added', update: 'timeline.contact.edited', delete: 'timeline.contact.removed', restore: 'timeline.contact.restored' },
}

function auditEntry(r: AuditRow): SourceEntry {
  const changes = parseChanges(r.changes)
  const fields = Object.keys(changes).filter((f) => !(BOOKKEEPING_FIELDS as readonly string[]).includes(f))
  const params: Record<string, string | number | null> = r.action === 'update' ? { fields: fields.join(',') } : {}
  if (r.tableName === 'contacts') params.contact = r.contactName ?? stringOrNull(changes.name?.after) ?? stringOrNull(changes.name?.before)
  else if (r.action === 'insert') params.name = stringOrNull(changes.name?.after)
  return {
    id: `audit-${String(r.auditId).padStart(12, '0')}`, at: r.at, kind: 'edit', summaryKey: SUMMARY[r.tableName]?.[r.action] ?? 'timeline.edit',
    params, actorId: r.userId, customerId: r.customerId, recordId: r.recordId, body: null,
  }
}

/** Queries run through statements prepared once per shape (core/cached-sql.ts): a timeline page runs five. */
export class TimelineRepository {
  private readonly q: CachedSql
  constructor(private readonly db: Db) {
    this.q = cachedSqlOf(db)
  }

  /**
   * The customer and every customer merged into it (merge activities carry the merged
   * customer's id as recordId), transitively, so the survivor's timeline keeps their history.
   */
  customerFamily(customerId: string): string[] {
    return this.q.all<{ id: string }>(sql`
      WITH RECURSIVE fam(id) AS (
        SELECT ${customerId}
        -- CROSS JOIN keeps fam outside, so each step is a lookup in activities_customer_at; with a
        -- plain JOIN the planner built an automatic index on kind over all activities per call
        -- (641 ms at 58,000 activities, issue 6 benchmark).
        UNION SELECT a.record_id FROM fam CROSS JOIN activities a ON a.customer_id = fam.id
        WHERE a.kind = 'merge' AND a.record_id IS NOT NULL
      ) SELECT id FROM fam LIMIT 1000`).map((r) => r.id)
  }

  userNames(ids: string[]): Map<string, string> {
    if (ids.length === 0) return new Map()
    const rows = this.q.all<{ id: string; name: string }>(sql`SELECT id, display_name AS name FROM users WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  customerNames(ids: string[]): Map<string, string> {
    if (ids.length === 0) return new Map()
    const rows = this.q.all<{ id: string; name: string }>(sql`SELECT id, name FROM customers WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  userExists(id: string): boolean {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM users WHERE id = ${id}`)!.n > 0
  }
}

function parseParams(s: string | null): Record<string, string | number | null> {
  const v = safeJson(s)
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {}
  const o = v as Record<string, unknown>
  // Params written by recordActivity are already flat: returned as parsed, copied only when a
  // value needs replacing (a page maps 50 of them on every call).
  let clean = true
  for (const k in o) { const x = o[k]; if (typeof x !== 'string' && typeof x !== 'number' && x !== null) { clean = false; break } }
  if (clean) return o as Record<string, string | number | null>
  const out: Record<string, string | number | null> = {}
  for (const [k, x] of Object.entries(o)) out[k] = typeof x === 'string' || typeof x === 'number' ? x : null
  return out
}

function parseChanges(s: string | null): Record<string, { before?: unknown; after?: unknown }> {
  const v = safeJson(s)
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, { before?: unknown; after?: unknown }>) : {}
}

function safeJson(s: string | null): unknown {
  if (!s) return null
  try { return JSON.parse(s) as unknown } catch { return null }
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}
