import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { StageRow } from '../../../src-preload/contracts/followups'
import { cachedSqlOf } from '../../core/cached-sql'
import type { Db } from '../../core/db'
import { opportunities, opportunityStages } from './followups.table'
import { ownerIn, ownerScopeSql, rowVisibleSql, stageCase, type Visible } from './scope-sql'
import { DAY_MS, FREQUENT_COUNT, OPEN_MAX, OPEN_MIN, RECENT_DAYS, WIN_RATE_DELTAS, WINDOW_DAYS } from './win-rate'

export type OpportunityRecord = typeof opportunities.$inferSelect

/** An opportunity with what the win rate needs; the service turns it into an OpportunityRow. */
export interface OpportunityData {
  id: string; customerId: string; customerName: string; ownerId: string; ownerName: string | null
  name: string; stage: string; amount: number; expectedCloseDate: string | null; lossReason: string | null; notes: string | null
  closedAt: number | null; createdAt: number; updatedAt: number
  lastFollowupAt: number | null
  followupsInWindow: number
}

/** Moments the win-rate rule compares with, computed once per call. */
export interface RateClock { now: number; today: string }

const windowStart = (c: RateClock) => c.now - WINDOW_DAYS * DAY_MS
/** Code constants go into SQL as integers (bound JS numbers are REAL and spoil integer division). */
const int = (v: number) => sql.raw(String(Math.trunc(v)))

/** One card: per-row follow-up figures by correlated lookups on followups_customer (a page has ≤ 200 rows). */
const SELECT = (c: RateClock) => sql`SELECT o.id, o.customer_id AS customerId, c.name AS customerName, o.owner_id AS ownerId, u.display_name AS ownerName,
  o.name, o.stage, o.amount, o.expected_close_date AS expectedCloseDate, o.loss_reason AS lossReason, o.notes, o.closed_at AS closedAt,
  o.created_at AS createdAt, o.updated_at AS updatedAt,
  (SELECT max(f.at) FROM followups f WHERE f.customer_id = o.customer_id AND f.deleted_at IS NULL) AS lastFollowupAt,
  (SELECT count(*) FROM followups f WHERE f.customer_id = o.customer_id AND f.deleted_at IS NULL AND f.at > ${windowStart(c)}) AS followupsInWindow
  FROM opportunities o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN users u ON u.id = o.owner_id`

/**
 * Row source for totals: every live opportunity at a known stage with its stage probability and
 * kind, and the customer's follow-ups in the window, read from opportunity_pipeline (one covering
 * index, no lookup per row; pipeline.table.ts). The stored newest and third newest follow-up give
 * the rule's inputs exactly: n30 is 0, 1 (1 or 2) or 3 (3 or more), last30 the newest in the window.
 * A scoped caller counts the follow-ups of visible owners only (reassignment keeps a customer's
 * follow-ups with its owner): all of them when their one owner is visible, none when not, and
 * counted live for the rare customer whose follow-ups have several owners.
 */
function totalsSource(stages: readonly StageRow[], c: RateClock, visible: Visible, where: SQL): SQL {
  const ws = windowStart(c)
  const storedN = sql`CASE WHEN o.third_at > ${ws} THEN 3 WHEN o.last_at > ${ws} THEN 1 ELSE 0 END`
  const storedLast = sql`CASE WHEN o.last_at > ${ws} THEN o.last_at END`
  let n30 = storedN
  let last30 = storedLast
  if (visible !== 'all') {
    const usable = sql`(o.followup_owner = '' OR ${ownerIn('o.followup_owner', visible)})`
    const live = (agg: SQL) => sql`(SELECT ${agg} FROM followups f WHERE f.customer_id = o.customer_id AND f.deleted_at IS NULL AND f.at > ${ws} AND ${ownerIn('f.owner_id', visible)})`
    n30 = sql`CASE WHEN ${usable} THEN ${storedN} WHEN o.followup_owner IS NULL THEN ${live(sql`count(*)`)} ELSE 0 END`
    last30 = sql`CASE WHEN ${usable} THEN ${storedLast} WHEN o.followup_owner IS NULL THEN ${live(sql`max(f.at)`)} END`
  }
  return sql`b AS (SELECT o.stage, o.owner_id AS owner, o.amount, o.created_at, o.expected_close_date AS ecd,
      ${stageCase('o.stage', stages, (s) => s.probability)} AS prob, ${stageCase('o.stage', stages, (s) => s.kind)} AS kind,
      ${n30} AS n30, ${last30} AS last30
      FROM opportunity_pipeline o
      WHERE o.stage IN (${sql.join(stages.map((s) => sql`${s.key}`), sql`, `)}) AND ${where})`
}

/** The rule of win-rate.ts over a `b` row (prob, kind, n30, last30, created_at, ecd); a test keeps the two in step. */
const rateSql = (c: RateClock) => sql`CASE b.kind WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE max(${int(OPEN_MIN)}, min(${int(OPEN_MAX)}, b.prob
    + CASE WHEN b.last30 > ${c.now - RECENT_DAYS * DAY_MS} THEN ${int(WIN_RATE_DELTAS.recentFollowup)} ELSE 0 END
    + CASE WHEN b.n30 >= ${int(FREQUENT_COUNT)} THEN ${int(WIN_RATE_DELTAS.frequentFollowups)} ELSE 0 END
    + CASE WHEN b.n30 = 0 AND b.created_at <= ${windowStart(c)} THEN ${int(WIN_RATE_DELTAS.stale)} ELSE 0 END
    + CASE WHEN b.ecd < ${c.today} THEN ${int(WIN_RATE_DELTAS.overdueClose)} ELSE 0 END)) END`
/** amount × rate in whole fen, rounded half up, as weighted() in win-rate.ts. */
const weightedSql = (c: RateClock) => sql`CAST((b.amount * (${rateSql(c)}) + 50) / 100 AS INTEGER)`

export interface OpportunityFilter {
  customerId?: string
  ownerId?: string
  stage?: string
  /** Null when the customer was already opened through loadVisibleCustomer. */
  visible: Visible | null
}

/** From this many visible owners a stage's column is read in the stage index's order (listConds). */
const TEAM_OWNERS = 5

function listConds(f: OpportunityFilter): SQL[] {
  const conds: SQL[] = [sql`o.deleted_at IS NULL`]
  if (f.customerId) conds.push(sql`o.customer_id = ${f.customerId}`)
  if (f.ownerId) conds.push(sql`o.owner_id = ${f.ownerId}`)
  if (f.stage) conds.push(sql`o.stage = ${f.stage}`)
  // A board column for a team (a stage, several owners): walking the stage's index in updated
  // order and stopping after a column's worth beats collecting every row of the team's owners
  // and sorting them (manager, 25 owners, won column at large: 10.7 → 0.6 ms). The unary + keeps
  // SQLite off the owner index; one or a few owners still start from it (their rows are rare).
  const recordOwner = f.stage && f.visible && f.visible !== 'all' && f.visible.size >= TEAM_OWNERS ? '+o.owner_id' : 'o.owner_id'
  if (f.visible) conds.push(rowVisibleSql(f.visible, 'o.customer_id', recordOwner))
  return conds
}

function totalsWhere(f: OpportunityFilter): SQL {
  const conds: SQL[] = [ownerScopeSql(f.visible ?? 'all', 'o.owner_id')]
  if (f.customerId) conds.push(sql`o.customer_id = ${f.customerId}`)
  if (f.ownerId) conds.push(sql`o.owner_id = ${f.ownerId}`)
  return sql.join(conds, sql` AND `)
}

export class OpportunitiesRepository {
  constructor(private readonly db: Db) {}

  byId(id: string): OpportunityRecord | undefined {
    return this.db.select().from(opportunities).where(and(eq(opportunities.id, id), isNull(opportunities.deletedAt))).get()
  }

  data(id: string, c: RateClock): OpportunityData | undefined {
    return this.db.get<OpportunityData | undefined>(sql`${SELECT(c)} WHERE o.id = ${id}`)
  }

  /** Most recently changed first, keyset on (updated_at, id); one extra row signals a next page. */
  list(f: OpportunityFilter, after: { t: number; id: string } | null, limit: number, c: RateClock): OpportunityData[] {
    const conds = listConds(f)
    if (after) conds.push(sql`(o.updated_at, o.id) < (${after.t}, ${after.id})`)
    // Prepared once per shape (core/cached-sql.ts): compiling it cost as much as running a customer's page.
    return cachedSqlOf(this.db).all<OpportunityData>(sql`${SELECT(c)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY o.updated_at DESC, o.id DESC LIMIT ${limit + 1}`)
  }

  /**
   * Count, Σ amount and Σ amount × win rate per stage. Open stages are summed row by row (the
   * rate depends on the time); won (100 %) and lost (0 %) stages are read from the per-owner
   * rollup opportunity_stage_totals, unless one customer's opportunities are asked for.
   */
  stageTotals(f: OpportunityFilter, stages: readonly StageRow[], c: RateClock): { stage: string; n: number; total: number; weighted: number }[] {
    if (stages.length === 0) return []
    const perRow = f.customerId ? stages : stages.filter((s) => s.kind === 'open')
    const rolled = f.customerId ? [] : stages.filter((s) => s.kind !== 'open')
    const out: { stage: string; n: number; total: number; weighted: number }[] = []
    if (perRow.length) {
      out.push(...this.db.all<{ stage: string; n: number; total: number; weighted: number }>(sql`WITH ${totalsSource(perRow, c, f.visible ?? 'all', totalsWhere(f))}
        SELECT b.stage AS stage, count(*) AS n, coalesce(sum(b.amount), 0) AS total, coalesce(sum(${weightedSql(c)}), 0) AS weighted FROM b GROUP BY b.stage`))
    }
    if (rolled.length) {
      const conds: SQL[] = [sql`t.stage IN (${sql.join(rolled.map((s) => sql`${s.key}`), sql`, `)})`, ownerScopeSql(f.visible ?? 'all', 't.owner_id')]
      if (f.ownerId) conds.push(sql`t.owner_id = ${f.ownerId}`)
      const won = new Set(rolled.filter((s) => s.kind === 'won').map((s) => s.key))
      const rows = this.db.all<{ stage: string; n: number; total: number }>(sql`SELECT t.stage AS stage, sum(t.n) AS n, sum(t.amount) AS total
        FROM opportunity_stage_totals t WHERE ${sql.join(conds, sql` AND `)} GROUP BY t.stage HAVING sum(t.n) > 0`)
      // Whole fen: amount × 100 / 100 rounded is the amount itself, × 0 is 0.
      for (const r of rows) out.push({ ...r, weighted: won.has(r.stage) ? r.total : 0 })
    }
    return out
  }

  /**
   * Forecast per owner and expected-close month: Σ amount and Σ amount × win rate over open and
   * won opportunities closing in [fromDate, toDate) (lost ones weigh 0 and are left out).
   */
  forecast(f: OpportunityFilter, stages: readonly StageRow[], fromDate: string, toDate: string, c: RateClock): { ownerId: string; ownerName: string | null; month: string; amount: number; weighted: number; count: number }[] {
    const counted = stages.filter((s) => s.kind !== 'lost')
    if (counted.length === 0) return []
    const where = sql`${totalsWhere(f)} AND o.expected_close_date >= ${fromDate} AND o.expected_close_date < ${toDate}`
    return this.db.all(sql`WITH ${totalsSource(counted, c, f.visible ?? 'all', where)},
      g AS (SELECT b.owner, substr(b.ecd, 1, 7) AS month, count(*) AS n, sum(b.amount) AS amount, sum(${weightedSql(c)}) AS weighted FROM b GROUP BY b.owner, month)
      SELECT g.owner AS ownerId, u.display_name AS ownerName, g.month, g.amount, g.weighted, g.n AS count
      FROM g LEFT JOIN users u ON u.id = g.owner ORDER BY g.month, u.display_name, g.owner`)
  }

  /** All stage rows, deleted ones too: any row at all means the stages were saved at least once. */
  stageRecords() {
    // Read on every list call: prepared once (drizzle's mapping kept) instead of built per call.
    return (this.stageRecordsQuery ??= this.prepareStageRecords()).all()
  }

  private stageRecordsQuery: ReturnType<OpportunitiesRepository['prepareStageRecords']> | null = null
  private prepareStageRecords() { return this.db.select().from(opportunityStages).prepare() }

  countAtStages(keys: string[]): { stage: string; n: number }[] {
    if (keys.length === 0) return []
    return this.db.select({ stage: opportunities.stage, n: sql<number>`count(*)` }).from(opportunities)
      .where(and(inArray(opportunities.stage, keys), isNull(opportunities.deletedAt))).groupBy(opportunities.stage).all()
  }

  idsForCustomer(customerId: string): { id: string; ownerId: string }[] {
    return this.db.select({ id: opportunities.id, ownerId: opportunities.ownerId }).from(opportunities)
      .where(and(eq(opportunities.customerId, customerId), isNull(opportunities.deletedAt))).all()
  }
}
