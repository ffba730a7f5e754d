import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Local, derived rows behind the pipeline totals and the forecast (docs/WIN-RATE.md, "Where it
 * lives"): one row per live opportunity with what its win rate needs, including the customer's
 * follow-up history reduced to time-independent values — the newest and the third newest live
 * follow-up. "Followed up in the last 14 days", "3 or more in the last 30 days" and "none in 30
 * days" are then comparisons of those two stamps with `now`, so a manager's board reads one
 * covering index instead of grouping every follow-up of the last month (50,000 opportunities,
 * 110,000 recent follow-ups at large: 470 ms before).
 *
 * The follow-up columns are copies of customer_followup_stats (below), so the totals read one
 * index without a lookup per row. Kept by SQL triggers on opportunities and followups (the
 * custom migration after this table's)
 * in the same statement as every write — services, sync projector, reassignment, demo removal —
 * and rebuilt set-based after the generator's bulk load (rebuildPipelineRollup).
 */
export const opportunityPipeline = sqliteTable('opportunity_pipeline', {
  opportunityId: text('opportunity_id').primaryKey(),
  customerId: text('customer_id').notNull(),
  ownerId: text('owner_id').notNull(),
  stage: text('stage').notNull(),
  amount: integer('amount').notNull(),
  createdAt: integer('created_at').notNull(),
  expectedCloseDate: text('expected_close_date'),
  /** Newest live follow-up of the customer (any owner), or null. */
  lastAt: integer('last_at'),
  /** Third newest live follow-up of the customer, or null when it has fewer than three. */
  thirdAt: integer('third_at'),
  /**
   * Owner of all the customer's live follow-ups: '' when there are none, null when they belong
   * to several owners (a scoped caller then counts the visible owners' follow-ups live).
   */
  followupOwner: text('followup_owner'),
}, (t) => [
  // Pipeline totals: one index range per stage, every column the rate needs (no table lookups).
  index('opportunity_pipeline_stage').on(t.stage, t.ownerId, t.amount, t.createdAt, t.expectedCloseDate, t.lastAt, t.thirdAt, t.followupOwner, t.customerId),
  // Forecast: a range of expected close dates.
  index('opportunity_pipeline_close').on(t.expectedCloseDate, t.ownerId, t.stage, t.amount, t.createdAt, t.lastAt, t.thirdAt, t.followupOwner, t.customerId),
  // A follow-up written refreshes the rows of its customer.
  index('opportunity_pipeline_customer').on(t.customerId),
])

/**
 * The three newest live follow-ups of each customer and their owner (see followupOwner above).
 * A follow-up inserted is merged in from its own values alone; only an update or delete of a
 * follow-up looks the customer's follow-ups up again. Triggers therefore never depend on the
 * followups table's secondary indexes, which the initial sync sets aside during a bulk load.
 */
export const customerFollowupStats = sqliteTable('customer_followup_stats', {
  customerId: text('customer_id').primaryKey(),
  lastAt: integer('last_at'),
  secondAt: integer('second_at'),
  thirdAt: integer('third_at'),
  followupOwner: text('followup_owner'),
})

/**
 * Count and Σ amount of live opportunities per stage and owner, kept by triggers on
 * opportunity_pipeline: won and lost columns need no win rate (100 % and 0 %), so their totals
 * are read here, summed over the caller's owners.
 */
export const opportunityStageTotals = sqliteTable('opportunity_stage_totals', {
  stage: text('stage').notNull(),
  ownerId: text('owner_id').notNull(),
  n: integer('n').notNull().default(0),
  amount: integer('amount').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.stage, t.ownerId] })])
