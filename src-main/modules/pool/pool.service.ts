import type { Page } from '../../../src-preload/contracts/define'
import type { ClaimRow, PoolItem, PoolRules } from '../../../src-preload/contracts/pool'
import { AppError, conflict, notFound } from '../../core/errors'
import type { HybridClock } from '../../core/hlc'
import type { Mutation } from '../../core/mutation'
import type { Access } from '../auth/access'
import { DAY_MS, POOL_RULES_ID } from './derived-id'
import { changeOwner } from './ownership'
import { decodeKey, encodeKey } from './pool-cursor'
import type { CustomerRow, PoolRepository } from './pool.repository'
import { poolClaims, poolRules } from './pool.table'

/** Defaults follow Chinese CRM conventions (docs/POOL.md); an administrator changes them. */
export const DEFAULT_POOL_RULES: PoolRules = {
  autoReclaim: true, defaultDays: 30, warnDaysBefore: 2, exemptWon: true, exemptLocked: true,
  dailyClaimCap: 5, holdCap: 0, holdCapCountsWon: false, reclaimBlockDays: 7,
}

export interface PoolDeps {
  repo: PoolRepository
  access: Access
  mutation: Mutation
  clock: HybridClock
  now: () => number
  /** Runs the claim decision after a local claim (another device's claim may already be here). */
  afterClaim: () => void
}

/** Start of the local calendar day (the daily claim cap counts per day as the user lives it). */
export function localDayStart(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** 公海: the list, release, claim with its caps, and the rules. */
export class PoolService {
  constructor(private readonly d: PoolDeps) {}

  rules(): PoolRules { return this.d.repo.rules() ?? DEFAULT_POOL_RULES }

  getRules(userId: string | null): PoolRules {
    this.d.access.actor(userId)
    return this.rules()
  }

  setRules(userId: string | null, input: PoolRules): PoolRules {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    this.d.mutation({ userId: actor.userId }, (w) => {
      if (this.d.repo.rules()) w.update(poolRules, POOL_RULES_ID, input)
      else w.insert(poolRules, { id: POOL_RULES_ID, ...input })
    })
    return this.rules()
  }

  /** Pool customers for anyone who may see customers; no phone, address or contacts. */
  list(userId: string | null, input: { search?: string; cursor?: string | null; limit: number }): Page<PoolItem> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    const rows = this.d.repo.poolPage({ search: input.search || undefined, before: decodeKey(input.cursor), limit: input.limit + 1, userId: actor.userId })
    const items = rows.slice(0, input.limit)
    const last = items[items.length - 1]
    return {
      items: items.map(({ updatedAt: _u, ...item }) => item),
      nextCursor: rows.length > input.limit && last ? encodeKey({ t: last.updatedAt, id: last.id }) : null,
    }
  }

  /** 放入公海: the owner releases own customers (a manager with customers.assign, those in scope). */
  release(userId: string | null, input: { customerIds: string[]; reason: string }): { released: number } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.edit')
    const rows = this.liveCustomers(input.customerIds)
    for (const c of rows) {
      if (!c.ownerId) throw conflict('errors.alreadyInPool', { customerId: c.id })
      if (c.ownerId !== actor.userId) {
        this.d.access.require(actor, 'customers.assign')
        this.d.access.requireOwnerVisible(actor, 'customers', c.ownerId)
      }
    }
    const names = this.d.repo.userNames([actor.userId, ...rows.map((c) => c.ownerId!)])
    this.d.mutation({ userId: actor.userId }, (w) => {
      for (const c of rows) changeOwner(w, { customer: c, kind: 'release', toOwnerId: null, reason: input.reason, byId: actor.userId, names, releasedAt: w.now })
    })
    return { released: rows.length }
  }

  /**
   * 领取. Checked here against the local data (offline too): in the pool, the previous owner's
   * block, the daily cap and the hold cap (库容). The customer is assigned at once so the
   * salesperson can work; the claim stays 'pending' until the sync authority confirms it, and
   * a claim that loses to an earlier one is undone (see decideClaims, docs/POOL.md).
   */
  claim(userId: string | null, input: { customerId: string }): ClaimRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    this.d.access.require(actor, 'customers.edit')
    const rules = this.rules()
    const now = this.d.now()
    const c = this.d.repo.customer(input.customerId)
    if (!c || c.deletedAt) throw notFound('customer')
    if (c.ownerId) throw conflict('errors.notInPool', { customerId: c.id })
    if (c.previousOwnerId === actor.userId && c.releasedAt !== null && now < c.releasedAt + rules.reclaimBlockDays * DAY_MS) {
      throw conflict('errors.reclaimBlocked', { until: c.releasedAt + rules.reclaimBlockDays * DAY_MS, days: rules.reclaimBlockDays })
    }
    if (rules.dailyClaimCap > 0 && this.d.repo.claimsSince(actor.userId, localDayStart(now)) >= rules.dailyClaimCap) {
      throw conflict('errors.claimCapReached', { cap: rules.dailyClaimCap })
    }
    if (rules.holdCap > 0 && this.d.repo.holdCount(actor.userId, rules.holdCapCountsWon) >= rules.holdCap) {
      throw conflict('errors.holdCapReached', { cap: rules.holdCap })
    }
    const names = this.d.repo.userNames([actor.userId, ...(c.previousOwnerId ? [c.previousOwnerId] : [])])
    const claimId = this.d.mutation({ userId: actor.userId }, (w) => {
      const claim = w.insert(poolClaims, {
        customerId: c.id, claimerId: actor.userId, claimedAt: w.now, claimHlc: this.d.clock.now(), round: c.releasedAt ?? 0, status: 'pending', reasonKey: null, decidedAt: null,
      })
      changeOwner(w, { customer: c, kind: 'claim', toOwnerId: actor.userId, reason: '', byId: actor.userId, names, claimId: claim.id })
      return claim.id
    })
    this.d.afterClaim()
    const row = this.d.repo.claim(claimId)
    if (!row) throw new AppError('INTERNAL', 'errors.internal')
    return row
  }

  myClaims(userId: string | null, input: { cursor?: string | null; limit: number }): Page<ClaimRow> {
    const actor = this.d.access.actor(userId)
    const rows = this.d.repo.myClaims(actor.userId, decodeKey(input.cursor), input.limit + 1)
    const items = rows.slice(0, input.limit)
    const last = items[items.length - 1]
    return { items: items.map(({ key: _k, ...r }) => r), nextCursor: rows.length > input.limit && last ? encodeKey(last.key) : null }
  }

  private liveCustomers(ids: string[]): CustomerRow[] {
    const unique = [...new Set(ids)]
    const rows = this.d.repo.customersByIds(unique)
    const byId = new Map(rows.map((r) => [r.id, r]))
    return unique.map((id) => {
      const c = byId.get(id)
      if (!c || c.deletedAt) throw notFound('customer')
      return c
    })
  }
}
