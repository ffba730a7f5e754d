import type { Page } from '../../../src-preload/contracts/define'
import type { TimelineEntry } from '../../../src-preload/contracts/timeline'
import type { Db } from '../../core/db'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Access } from '../auth/access'
import { loadVisibleCustomer } from '../customers/customer-access'
import type { TimelineRepository } from './timeline.repository'
import { compareDesc, timelineSources, type SourceEntry, type TimelineKey, type TimelineQuery } from './timeline.sources'

export interface TimelineDeps { db: Db; repo: TimelineRepository; access: Access }

/**
 * The activity timeline: every registered source (activities, audit edits, later quotes,
 * orders, mail…) asked for its newest entries before the cursor, merged newest first. Each
 * source returns at most limit + 1 rows, so a page costs one indexed query per source.
 */
export class TimelineService {
  constructor(private readonly d: TimelineDeps) {}

  /** One customer's timeline; opening it follows the customer rule (loadVisibleCustomer). */
  customer(userId: string | null, input: { customerId: string; cursor?: string | null; limit: number }): Page<TimelineEntry> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId)
    return this.page({ customerIds: this.d.repo.customerFamily(input.customerId), owners: null, before: decodeKey(input.cursor), limit: input.limit })
  }

  /**
   * What a user did between from and to ("what did my people do this week"). Anyone may read
   * their own; others need the user inside their customers data scope, and then see only
   * entries about customers they may see themselves (or the pool).
   */
  user(userId: string | null, input: { userId: string; from: number; to: number; cursor?: string | null; limit: number }): Page<TimelineEntry> {
    const actor = this.d.access.actor(userId)
    if (input.from > input.to) throw new AppError('VALIDATION', 'errors.invalidRange', { from: input.from, to: input.to })
    let owners: readonly string[] | null = null
    if (input.userId !== actor.userId) {
      this.d.access.require(actor, 'customers.view')
      const visible = this.d.access.visibleOwners(actor, 'customers')
      if (visible !== 'all' && !visible.has(input.userId)) throw forbidden('customers.scope')
      if (!this.d.repo.userExists(input.userId)) throw notFound('user')
      owners = visible === 'all' ? null : [...visible]
    }
    return this.page({ actorId: input.userId, from: input.from, to: input.to, owners, before: decodeKey(input.cursor), limit: input.limit })
  }

  private page(q: TimelineQuery): Page<TimelineEntry> {
    const merged: SourceEntry[] = []
    for (const source of timelineSources()) merged.push(...source.entries(this.d.db, { ...q, limit: q.limit + 1 }))
    merged.sort(compareDesc)
    const items = merged.slice(0, q.limit)
    const users = this.d.repo.userNames([...new Set(items.flatMap((e) => (e.actorId ? [e.actorId] : [])))])
    const names = this.d.repo.customerNames([...new Set(items.flatMap((e) => (e.customerId ? [e.customerId] : [])))])
    const last = items[items.length - 1]
    return {
      // Built field by field: spreading the sources' rows cost ~3 µs an entry (issue 6 profile).
      items: items.map((e) => ({
        id: e.id, at: e.at, kind: e.kind, summaryKey: e.summaryKey, params: e.params, actorId: e.actorId, customerId: e.customerId, recordId: e.recordId, body: e.body,
        actorName: e.actorId ? users.get(e.actorId) ?? null : null, customerName: e.customerId ? names.get(e.customerId) ?? null : null,
      })),
      nextCursor: merged.length > q.limit && last ? encodeKey(last) : null,
    }
  }
}

export function encodeKey(k: TimelineKey): string {
  return Buffer.from(JSON.stringify({ at: k.at, id: k.id })).toString('base64url')
}

export function decodeKey(cursor: string | null | undefined): TimelineKey | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown }
    if (typeof v.at === 'number' && Number.isFinite(v.at) && typeof v.id === 'string' && v.id.length <= 100) return { at: v.at, id: v.id }
  } catch {
    // fall through: not a cursor we made
  }
  throw new AppError('VALIDATION', 'errors.badCursor')
}
