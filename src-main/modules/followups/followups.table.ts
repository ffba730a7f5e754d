import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'
import { FOLLOWUP_TYPES } from '../../../src-preload/contracts/followups'

/**
 * 客户跟进: one contact with a customer. `ownerId` is the customer's owner when it was logged
 * (moved on reassignment) so a salesperson's records are found without joining customers;
 * `createdBy` is who logged it.
 */
export const followups = sqliteTable('followups', {
  ...baseColumns(),
  customerId: text('customer_id').notNull(),
  ownerId: text('owner_id').notNull(),
  type: text('type', { enum: FOLLOWUP_TYPES }).notNull(),
  at: integer('at').notNull(),
  content: text('content').notNull(),
  contactId: text('contact_id'),
  opportunityId: text('opportunity_id'),
  /** The opportunity's stage as of this follow-up (the stage it moved to, if it moved). */
  stage: text('stage'),
  nextStep: text('next_step'),
  /** 下次联系时间: a reminder for the owner is kept in step with it. */
  nextAt: integer('next_at'),
}, (t) => [
  // deleted_at right after the filter column: "live rows in (at, id) order" is one index range.
  index('followups_customer').on(t.customerId, t.deletedAt, t.at, t.id),
  index('followups_owner').on(t.ownerId, t.deletedAt, t.at, t.id),
  // Company-wide list order, and covering for the win rate's grouped pass over recent follow-ups.
  index('followups_recent').on(t.deletedAt, t.at, t.id, t.ownerId, t.customerId),
  index('followups_opportunity').on(t.opportunityId),
])

/** 商机: a possible sale to a customer, moving through configurable stages. */
export const opportunities = sqliteTable('opportunities', {
  ...baseColumns(),
  customerId: text('customer_id').notNull(),
  ownerId: text('owner_id').notNull(),
  name: text('name').notNull(),
  /** Key of an opportunity_stages row. */
  stage: text('stage').notNull(),
  /** Expected amount in fen. */
  amount: integer('amount').notNull().default(0),
  /** YYYY-MM-DD; groups the forecast by month. */
  expectedCloseDate: text('expected_close_date'),
  lossReason: text('loss_reason'),
  notes: text('notes'),
  /** When it entered a won or lost stage; null while open. */
  closedAt: integer('closed_at'),
}, (t) => [
  index('opportunities_owner').on(t.ownerId, t.deletedAt, t.updatedAt, t.id, t.stage),
  index('opportunities_customer').on(t.customerId, t.deletedAt, t.updatedAt, t.id),
  index('opportunities_live_updated').on(t.deletedAt, t.updatedAt, t.id, t.ownerId, t.stage),
  // The pipeline's columns: each stage's newest cards read in index order, stopping after a
  // column's worth (not walking every live opportunity to find a rare stage's 100).
  index('opportunities_stage_updated').on(t.stage, t.deletedAt, t.updatedAt, t.id),
  // Covering indexes for the pipeline totals and the forecast (no table lookups over 50,000 rows).
  index('opportunities_stage_cover').on(t.stage, t.ownerId, t.deletedAt, t.amount, t.customerId, t.createdAt, t.expectedCloseDate),
  index('opportunities_close_cover').on(t.deletedAt, t.expectedCloseDate, t.ownerId, t.stage, t.amount, t.customerId, t.createdAt),
])

/**
 * Configurable pipeline stages. Ids are derived from the key, so two offline devices that
 * save the same stage write the same document and sync merges it instead of duplicating it.
 * Default stages store an i18n key as their name (see stages.ts).
 */
export const opportunityStages = sqliteTable('opportunity_stages', {
  ...baseColumns(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  probability: integer('probability').notNull(),
  sort: integer('sort').notNull(),
  kind: text('kind', { enum: ['open', 'won', 'lost'] }).notNull(),
}, (t) => [uniqueIndex('opportunity_stages_key').on(t.key)])
