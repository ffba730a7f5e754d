import { sql, type SQL } from 'drizzle-orm'
import type { StageRow } from '../../../src-preload/contracts/followups'

/** Owners whose customers the caller may see (from Access.visibleOwners). */
export type Visible = ReadonlySet<string> | 'all'

/**
 * `column IN (?, ?, …)` with one bound value per owner: unlike json_each, a literal list lets
 * SQLite's planner see how selective the filter is and pick the owner index for one person.
 */
export function ownerIn(column: string, owners: ReadonlySet<string>): SQL {
  if (owners.size === 0) return sql`0`
  return sql`${sql.raw(column)} IN (${sql.join([...owners].map((o) => sql`${o}`), sql`, `)})`
}

/**
 * Data scope of a list row: its customer is live and, unless the caller sees everything, both
 * the customer's owner (the rule, as in loadVisibleCustomer) and the record's owner (so SQLite
 * can start from the owner index) are visible. An EXISTS probe rather than a join, so a page
 * walks the ordering index and stops after `limit` rows.
 */
export function rowVisibleSql(visible: Visible, customerIdCol: string, recordOwnerCol: string): SQL {
  const live = sql`SELECT 1 FROM customers vc WHERE vc.id = ${sql.raw(customerIdCol)} AND vc.deleted_at IS NULL`
  if (visible === 'all') return sql`EXISTS (${live})`
  return sql`EXISTS (${live} AND ${ownerIn('vc.owner_id', visible)}) AND ${ownerIn(recordOwnerCol, visible)}`
}

/**
 * Scope of totals (pipeline, forecast): by the record's owner only, which reassignment keeps
 * equal to the customer's owner; no per-row customer lookup, so 50,000 rows stay cheap.
 */
export function ownerScopeSql(visible: Visible, recordOwnerCol: string): SQL {
  return visible === 'all' ? sql`1` : ownerIn(recordOwnerCol, visible)
}

/** `CASE stage WHEN ? THEN ? … END` for a stage attribute: the stage list lives in JS (defaults or saved rows). */
export function stageCase(stageCol: string, stages: readonly StageRow[], pick: (s: StageRow) => string | number): SQL {
  if (stages.length === 0) return sql`NULL`
  return sql`CASE ${sql.raw(stageCol)} ${sql.join(stages.map((s) => sql`WHEN ${s.key} THEN ${typeof pick(s) === 'number' ? sql.raw(String(Math.trunc(pick(s) as number))) : pick(s)}`), sql` `)} END`
}
