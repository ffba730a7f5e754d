import { z } from 'zod'
import { cursor, id, method, noInput, shortText, timestamp, type Page } from './define'
import { listFilters } from './customers'

/** 公海 rules; defaults follow Chinese CRM conventions and are editable by an administrator. */
export interface PoolRules {
  /**
   * 自动回收: the daily sweep reclaims customers and warns owners only when on. Off until an
   * administrator turns it on, so a fresh install never takes customers away by surprise.
   */
  autoReclaim: boolean
  /** Days without follow-up before reclaim, when the customer's level sets none. */
  defaultDays: number
  warnDaysBefore: number
  exemptWon: boolean
  exemptLocked: boolean
  dailyClaimCap: number
  /** 库容: most customers a salesperson may hold; 0 = unlimited. */
  holdCap: number
  holdCapCountsWon: boolean
  /** The previous owner cannot claim back for this many days. */
  reclaimBlockDays: number
}

export interface PoolItem {
  id: string; name: string; level: string | null; category: string | null; province: string | null; city: string | null
  releasedAt: number | null; previousOwnerName: string | null
  /** Own pending claim made offline, awaiting confirmation by sync. */
  claimStatus: 'pending' | null
}

export interface ClaimRow { id: string; customerId: string; customerName: string; status: 'pending' | 'confirmed' | 'rejected'; reasonKey: string | null; claimedAt: number }
export interface TransferRow { id: string; customerId: string; customerName: string; fromOwnerName: string | null; toOwnerName: string | null; reason: string; at: number; byName: string | null; kind: 'transfer' | 'release' | 'claim' | 'reclaim' }
export interface SweepResult { reclaimed: number; warned: number }

export const poolRulesInput = z.object({
  autoReclaim: z.boolean(),
  defaultDays: z.number().int().min(1).max(3650), warnDaysBefore: z.number().int().min(0).max(60), exemptWon: z.boolean(), exemptLocked: z.boolean(),
  dailyClaimCap: z.number().int().min(0).max(1000), holdCap: z.number().int().min(0).max(100_000), holdCapCountsWon: z.boolean(), reclaimBlockDays: z.number().int().min(0).max(365),
}).strict()

export const pool = {
  list: method<Page<PoolItem>>()(z.object({ search: shortText(50).optional(), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  release: method<{ released: number }>()(z.object({ customerIds: z.array(id).min(1).max(1000), reason: shortText(200).min(1) }).strict()),
  claim: method<ClaimRow>()(z.object({ customerId: id }).strict()),
  /** Own claims, newest first, with their status (pending until the sync authority decides). */
  myClaims: method<Page<ClaimRow>>()(z.object({ cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  getRules: method<PoolRules>()(noInput),
  setRules: method<PoolRules>()(poolRulesInput),
  /** Applies the reclaim rules now (normally a daily sweep does). */
  sweep: method<SweepResult>()(noInput),
  /**
   * 客户分配: one, many (customerIds), or by the customers list's filters and/or all customers
   * of fromOwnerId, to toOwnerId. Either customerIds or (filters / fromOwnerId), not both.
   */
  transfer: method<{ moved: number }>()(z.object({
    toOwnerId: id,
    customerIds: z.array(id).max(10_000).optional(),
    fromOwnerId: id.optional(),
    filters: listFilters.optional(),
    reason: shortText(200).min(1),
  }).strict()),
  /** Reassignment history (transfers, releases, claims, reclaims), newest first, within the caller's scope. */
  transfers: method<Page<TransferRow>>()(z.object({ customerId: id.optional(), from: timestamp.optional(), cursor, limit: z.number().int().min(1).max(500).default(100) }).strict()),
}
