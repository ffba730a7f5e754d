import type { Db } from '../../core/db'
import type { TimelineEntry } from '../../../src-preload/contracts/timeline'

/** An entry as a source produces it; the service adds actor and customer names. */
export type SourceEntry = Omit<TimelineEntry, 'actorName' | 'customerName'>

/** Sort key of the timeline: newest first by `at`, then by `id` (string order). */
export interface TimelineKey { at: number; id: string }

export interface TimelineQuery {
  /** Customer timeline: entries about these customers (the customer and those merged into it). */
  customerIds?: readonly string[]
  /** User timeline: entries whose actor is this user. */
  actorId?: string
  /** Inclusive window on `at`. */
  from?: number
  to?: number
  /**
   * When set, only entries about customers currently owned by one of these users, customers in
   * the pool, or no customer at all (a manager reading a subordinate's timeline sees nothing
   * about customers outside the manager's own scope). Null = no restriction.
   */
  owners: readonly string[] | null
  /** Keyset cursor: only entries strictly before this key. */
  before: TimelineKey | null
  limit: number
}

/**
 * The registration point for modules whose events live in their own tables (quotes, orders,
 * mail, receipts): a source answers a customer or user query with its newest entries before
 * the cursor, in (at, id) descending order, and the timeline merges all sources. Modules that
 * write a business event at the moment it happens should prefer `recordActivity` (one ledger,
 * synced with the change); a source fits data that already has its own table and dates.
 *
 * Entry ids must be unique across sources: UUIDs are, other keys need a prefix ('audit-…').
 * Sources run for every timeline page, so each must be an indexed query bounded by `limit`.
 */
export interface TimelineSource {
  /** Unique name; registering the same name again replaces the source. */
  name: string
  entries(db: Db, q: TimelineQuery): SourceEntry[]
}

const sources = new Map<string, TimelineSource>()

export function registerTimelineSource(source: TimelineSource): void {
  sources.set(source.name, source)
}

export function timelineSources(): TimelineSource[] {
  return [...sources.values()]
}

/** Descending order of the timeline (newest first); ids compare as strings, like SQLite's BINARY. */
export function compareDesc(a: TimelineKey, b: TimelineKey): number {
  if (a.at !== b.at) return b.at - a.at
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}
