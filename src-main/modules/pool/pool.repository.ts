import { eq, sql, type SQL } from 'drizzle-orm'
import type { ClaimRow, PoolItem, PoolRules, TransferRow } from '../../../src-preload/contracts/pool'
import type { Db, Sqlite } from '../../core/db'
import { localMeta } from '../../core/core.table'
import { and as andSql, filterConditions, ownerCondition, searchCandidates, type ListFilters, type Owners } from '../customers/customer-list-query'
import { customers } from '../customers/customers.table'
import type { ClaimCandidate } from './decide-claims'
import { DAY_MS, POOL_RULES_ID } from './derived-id'
import { poolClaimNotices, poolRules, poolWarnings } from './pool.table'

export interface Key { t: number; id: string }
interface RawSql { text: string; params: unknown[] }
export type CustomerRow = typeof customers.$inferSelect

const keysetDesc = (t: SQL, id: SQL, before: Key | null) => (before ? sql`(${t} < ${before.t} OR (${t} = ${before.t} AND ${id} < ${before.id}))` : sql`1`)
const inJson = (col: SQL, values: readonly string[]) => sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`

export interface SweepCandidate { id: string; name: string; ownerId: string; days: number; deadline: number }

/** All SQL of the pool (公海) and reassignment (客户分配). */
export class PoolRepository {
  constructor(private readonly db: Db, private readonly sqlite: Sqlite) {}

  rules(): PoolRules | null {
    const r = this.db.select().from(poolRules).where(eq(poolRules.id, POOL_RULES_ID)).get()
    if (!r) return null
    const { autoReclaim, defaultDays, warnDaysBefore, exemptWon, exemptLocked, dailyClaimCap, holdCap, holdCapCountsWon, reclaimBlockDays } = r
    return { autoReclaim, defaultDays, warnDaysBefore, exemptWon, exemptLocked, dailyClaimCap, holdCap, holdCapCountsWon, reclaimBlockDays }
  }

  customer(id: string): CustomerRow | undefined {
    return this.db.select().from(customers).where(eq(customers.id, id)).get()
  }

  /** Pool customers, most recently released first (index customers_owner_updated with owner NULL). */
  poolPage(o: { search?: string; before: Key | null; limit: number; userId: string }): (PoolItem & { updatedAt: number })[] {
    // The customers list's own search (names, contact names, pinyin initials, phone suffix).
    const cand = o.search ? searchCandidates(o.search) : null
    if (o.search && !cand) return []
    const parts: RawSql[] = [{ text: 'c.owner_id IS NULL AND c.deleted_at IS NULL', params: [] }]
    if (cand) parts.push({ text: `c.rowid IN (SELECT rid FROM (${cand.text}))`, params: cand.params })
    if (o.before) parts.push({ text: '(c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))', params: [o.before.t, o.before.t, o.before.id] })
    const where = andSql(parts)
    const rows = this.sqlite.prepare(`
      SELECT c.id, c.name, c.level, c.category, c.province, c.city, c.released_at AS releasedAt, c.updated_at AS updatedAt,
             u.display_name AS previousOwnerName,
             EXISTS (SELECT 1 FROM pool_claims p WHERE p.customer_id = c.id AND p.claimer_id = ? AND p.status = 'pending' AND p.deleted_at IS NULL) AS pending
      FROM customers c LEFT JOIN users u ON u.id = c.previous_owner_id
      WHERE ${where.text}
      ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`).all(o.userId, ...where.params, o.limit) as (PoolItem & { updatedAt: number; pending: number })[]
    return rows.map(({ pending, ...r }) => ({ ...r, claimStatus: pending ? 'pending' as const : null }))
  }

  /** 库容: customers a user holds now (won ones only if the rules count them). */
  holdCount(userId: string, countWon: boolean): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM customers WHERE owner_id = ${userId} AND deleted_at IS NULL ${countWon ? sql`` : sql`AND won = 0`}`)!.n
  }

  claimsSince(userId: string, since: number): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM pool_claims WHERE claimer_id = ${userId} AND claimed_at >= ${since} AND status <> 'rejected' AND deleted_at IS NULL`)!.n
  }

  /**
   * Owned customers whose reclaim deadline falls before `horizon`. The clock of a customer
   * starts at its latest follow-up, else its creation, and restarts when it changes hands by a
   * transfer or claim; its length is the level's poolDays, else the rules' default.
   */
  sweepCandidates(r: PoolRules, horizon: number, limit: number, ownerId?: string): SweepCandidate[] {
    return this.db.all<SweepCandidate>(sql`
      SELECT id, name, ownerId, days, since + days * ${DAY_MS} AS deadline FROM (
        SELECT c.id, c.name, c.owner_id AS ownerId, coalesce(l.pool_days, ${r.defaultDays}) AS days,
          max(coalesce(c.last_followup_at, c.created_at),
              coalesce((SELECT max(t.at) FROM customer_transfers t WHERE t.customer_id = c.id AND t.kind IN ('transfer', 'claim')), 0)) AS since
        FROM customers c LEFT JOIN customer_levels l ON l.code = c.level AND l.deleted_at IS NULL
        WHERE ${ownerId ? sql`c.owner_id = ${ownerId}` : sql`c.owner_id IS NOT NULL`} AND c.deleted_at IS NULL
          ${r.exemptWon ? sql`AND c.won = 0` : sql``} ${r.exemptLocked ? sql`AND c.locked = 0` : sql``}
      ) WHERE since + days * ${DAY_MS} <= ${horizon}
      ORDER BY deadline, id LIMIT ${limit}`)
  }

  wasWarned(customerId: string, deadline: number): boolean {
    return !!this.db.select().from(poolWarnings).where(sql`${poolWarnings.customerId} = ${customerId} AND ${poolWarnings.deadline} = ${deadline}`).get()
  }

  markWarned(customerId: string, deadline: number, now: number): void {
    this.db.insert(poolWarnings).values({ customerId, deadline, warnedAt: now }).onConflictDoNothing().run()
  }

  meta(key: string): string | null {
    return this.db.select({ v: localMeta.value }).from(localMeta).where(eq(localMeta.key, key)).get()?.v ?? null
  }

  setMeta(key: string, value: string, now: number): void {
    this.db.insert(localMeta).values({ key, value, updatedAt: now }).onConflictDoUpdate({ target: localMeta.key, set: { value, updatedAt: now } }).run()
  }

  /** Rounds with more than one live claim (after sync brought another device's claim). */
  contestedRounds(): { customerId: string; round: number }[] {
    return this.db.all<{ customerId: string; round: number }>(sql`
      SELECT p.customer_id AS customerId, p.round FROM pool_claims p
      WHERE p.status = 'pending' AND p.deleted_at IS NULL AND (
        SELECT count(*) FROM pool_claims q WHERE q.customer_id = p.customer_id AND q.round = p.round AND q.status <> 'rejected' AND q.deleted_at IS NULL) > 1
      GROUP BY p.customer_id, p.round`)
  }

  /** Rejected claims whose claimer still holds the customer through that very claim. */
  rejectedStillHeld(): { customerId: string; round: number }[] {
    return this.db.all<{ customerId: string; round: number }>(sql`
      SELECT p.customer_id AS customerId, p.round FROM pool_claims p JOIN customers c ON c.id = p.customer_id
      WHERE p.status = 'rejected' AND p.deleted_at IS NULL AND c.owner_id = p.claimer_id
        AND (SELECT t.claim_id FROM customer_transfers t WHERE t.customer_id = p.customer_id ORDER BY t.at DESC, t.id DESC LIMIT 1) = p.id
      GROUP BY p.customer_id, p.round`)
  }

  claimsOfRound(customerId: string, round: number): ClaimCandidate[] {
    return this.db.all<ClaimCandidate>(sql`
      SELECT id, customer_id AS customerId, round, claimer_id AS claimerId, claim_hlc AS claimHlc, status
      FROM pool_claims WHERE customer_id = ${customerId} AND round = ${round} AND deleted_at IS NULL`)
  }

  /** The claim behind the customer's latest change of hands, if that change was a claim. */
  latestTransferClaim(customerId: string): string | null {
    return this.db.get<{ claimId: string | null } | undefined>(sql`
      SELECT claim_id AS claimId FROM customer_transfers WHERE customer_id = ${customerId} ORDER BY at DESC, id DESC LIMIT 1`)?.claimId ?? null
  }

  /** Rejected claims decided since `since` that this device has not told their claimer about. */
  unnotifiedRejections(since: number): (ClaimRow & { claimerId: string })[] {
    return this.db.all<ClaimRow & { claimerId: string }>(sql`
      SELECT p.id, p.customer_id AS customerId, c.name AS customerName, p.status, p.reason_key AS reasonKey, p.claimed_at AS claimedAt, p.claimer_id AS claimerId
      FROM pool_claims p JOIN customers c ON c.id = p.customer_id
      WHERE p.status = 'rejected' AND coalesce(p.decided_at, p.updated_at) >= ${since}
        AND NOT EXISTS (SELECT 1 FROM pool_claim_notices n WHERE n.claim_id = p.id)
      ORDER BY p.claimed_at LIMIT 100`)
  }

  markNotified(claimId: string, now: number): void {
    this.db.insert(poolClaimNotices).values({ claimId, notifiedAt: now }).onConflictDoNothing().run()
  }

  myClaims(userId: string, before: Key | null, limit: number): (ClaimRow & { key: Key })[] {
    return this.db.all<ClaimRow>(sql`
      SELECT p.id, p.customer_id AS customerId, c.name AS customerName, p.status, p.reason_key AS reasonKey, p.claimed_at AS claimedAt
      FROM pool_claims p LEFT JOIN customers c ON c.id = p.customer_id
      WHERE p.claimer_id = ${userId} AND p.deleted_at IS NULL AND ${keysetDesc(sql`p.claimed_at`, sql`p.id`, before)}
      ORDER BY p.claimed_at DESC, p.id DESC LIMIT ${limit}`).map((r) => ({ ...r, customerName: r.customerName ?? '', key: { t: r.claimedAt, id: r.id } }))
  }

  claim(id: string): ClaimRow | undefined {
    return this.db.get<ClaimRow | undefined>(sql`
      SELECT p.id, p.customer_id AS customerId, c.name AS customerName, p.status, p.reason_key AS reasonKey, p.claimed_at AS claimedAt
      FROM pool_claims p LEFT JOIN customers c ON c.id = p.customer_id WHERE p.id = ${id}`)
  }

  /**
   * Reassignment history, newest first; with a scope, only rows about customers the caller sees
   * now or moves from / to someone in that scope. Rows of lost or rejected claims are left out.
   */
  transfers(o: { customerId?: string; from?: number; visible: ReadonlySet<string> | 'all'; before: Key | null; limit: number }): TransferRow[] {
    const scope = o.visible === 'all' ? sql`1` : sql`(${inJson(sql`c.owner_id`, [...o.visible])} OR ${inJson(sql`t.from_owner_id`, [...o.visible])} OR ${inJson(sql`t.to_owner_id`, [...o.visible])})`
    return this.db.all<TransferRow>(sql`
      SELECT t.id, t.customer_id AS customerId, c.name AS customerName, fu.display_name AS fromOwnerName, tu.display_name AS toOwnerName,
             t.reason, t.at, bu.display_name AS byName, t.kind
      FROM customer_transfers t JOIN customers c ON c.id = t.customer_id
        LEFT JOIN users fu ON fu.id = t.from_owner_id LEFT JOIN users tu ON tu.id = t.to_owner_id LEFT JOIN users bu ON bu.id = t.by_id
      WHERE ${o.customerId ? sql`t.customer_id = ${o.customerId}` : sql`1`} AND ${o.from !== undefined ? sql`t.at >= ${o.from}` : sql`1`}
        AND ${keysetDesc(sql`t.at`, sql`t.id`, o.before)} AND ${scope}
        AND NOT EXISTS (SELECT 1 FROM pool_claims p WHERE p.id = t.claim_id AND p.status = 'rejected')
      ORDER BY t.at DESC, t.id DESC LIMIT ${o.limit}`)
  }

  /**
   * Ids of the customers a transfer by filter selects, with the customers list's own filter and
   * search SQL; `owners` is CustomersService.ownersFor (scope ∩ owner filter ∩ 'mine'). At most
   * `limit`, so the caller can tell "too many".
   */
  idsByFilter(f: ListFilters, owners: Owners, limit: number): string[] {
    if (owners !== 'all' && owners.size === 0) return []
    const cand = f.search ? searchCandidates(f.search) : null
    if (f.search && !cand) return []
    const parts: RawSql[] = [...filterConditions(f)]
    const own = ownerCondition(owners)
    if (own) parts.push(own)
    if (cand) parts.push({ text: `c.rowid IN (SELECT rid FROM (${cand.text}))`, params: cand.params })
    const where = andSql(parts)
    return this.sqlite.prepare(`SELECT c.id FROM customers c WHERE ${where.text} ORDER BY c.id LIMIT ?`).pluck().all(...where.params, limit) as string[]
  }

  customersByIds(ids: readonly string[]): CustomerRow[] {
    if (ids.length === 0) return []
    return this.db.select().from(customers).where(inJson(sql`${customers.id}`, ids)).all()
  }

  userNames(ids: readonly string[]): Map<string, string> {
    if (ids.length === 0) return new Map()
    return new Map(this.db.all<{ id: string; name: string }>(sql`SELECT id, display_name AS name FROM users WHERE ${inJson(sql`id`, ids)}`).map((r) => [r.id, r.name]))
  }
}
