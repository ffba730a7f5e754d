import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

export const CLAIM_STATUSES = ['pending', 'confirmed', 'rejected'] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]
export const TRANSFER_KINDS = ['transfer', 'release', 'claim', 'reclaim'] as const
export type TransferKind = (typeof TRANSFER_KINDS)[number]

/**
 * 公海 rules: ONE synced row with a fixed id (see POOL_RULES_ID), so two administrators editing
 * offline change the same document and sync merges it field by field.
 */
export const poolRules = sqliteTable('pool_rules', {
  ...baseColumns(),
  /** 自动回收: the daily sweep reclaims and warns only once an administrator turns it on. */
  autoReclaim: integer('auto_reclaim', { mode: 'boolean' }).notNull().default(false),
  defaultDays: integer('default_days').notNull(),
  warnDaysBefore: integer('warn_days_before').notNull(),
  exemptWon: integer('exempt_won', { mode: 'boolean' }).notNull(),
  exemptLocked: integer('exempt_locked', { mode: 'boolean' }).notNull(),
  dailyClaimCap: integer('daily_claim_cap').notNull(),
  holdCap: integer('hold_cap').notNull(),
  holdCapCountsWon: integer('hold_cap_counts_won', { mode: 'boolean' }).notNull(),
  reclaimBlockDays: integer('reclaim_block_days').notNull(),
})

/**
 * 领取: one row per claim of a pool customer. Made offline, a claim is 'pending' until the sync
 * authority confirms or rejects it (docs/POOL.md). `claimHlc` is the claimer's HLC stamp at the
 * claim, kept apart from the row's `hlc` (which moves when the status changes) because it
 * decides which of two concurrent claims wins. `round` identifies the pool stay the claim was
 * made in (the customer's releasedAt, 0 if never released): only claims of the same round
 * compete.
 */
export const poolClaims = sqliteTable('pool_claims', {
  ...baseColumns(),
  customerId: text('customer_id').notNull(),
  claimerId: text('claimer_id').notNull(),
  claimedAt: integer('claimed_at').notNull(),
  claimHlc: text('claim_hlc').notNull(),
  round: integer('round').notNull(),
  status: text('status', { enum: CLAIM_STATUSES }).notNull(),
  reasonKey: text('reason_key'),
  decidedAt: integer('decided_at'),
}, (t) => [
  index('pool_claims_customer').on(t.customerId, t.round),
  index('pool_claims_claimer').on(t.claimerId, t.claimedAt),
  index('pool_claims_status').on(t.status, t.customerId),
])

/**
 * 客户分配 ledger: every change of a customer's owner (transfer, release to the pool, claim,
 * reclaim by the rules) with who, when and why. Append-only, never edited.
 */
export const customerTransfers = sqliteTable('customer_transfers', {
  ...baseColumns(),
  customerId: text('customer_id').notNull(),
  kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
  fromOwnerId: text('from_owner_id'),
  toOwnerId: text('to_owner_id'),
  reason: text('reason').notNull(),
  at: integer('at').notNull(),
  byId: text('by_id'),
  /** The claim behind a 'claim' row; its rejection hides the row from the history. */
  claimId: text('claim_id'),
}, (t) => [
  index('customer_transfers_customer_at').on(t.customerId, t.at, t.id),
  index('customer_transfers_at').on(t.at, t.id),
  index('customer_transfers_to_at').on(t.toOwnerId, t.at),
  index('customer_transfers_from_at').on(t.fromOwnerId, t.at),
])

/** Device-local: which reclaim warnings this device already sent (one per customer and deadline). */
export const poolWarnings = sqliteTable('pool_warnings', {
  customerId: text('customer_id').notNull(),
  deadline: integer('deadline').notNull(),
  warnedAt: integer('warned_at').notNull(),
}, (t) => [primaryKey({ columns: [t.customerId, t.deadline] })])

/** Device-local: rejected claims whose claimer was told on this device. */
export const poolClaimNotices = sqliteTable('pool_claim_notices', {
  claimId: text('claim_id').primaryKey(),
  notifiedAt: integer('notified_at').notNull(),
})
