import type { PoolRules } from '../../../../../src-preload/contracts/pool'

/**
 * The values a claim refusal's message names ({cap}, {days}). A claim keeps only its reason
 * key, so they come from the current 公海 rules (the ones the decision applied, unless an
 * administrator changed them since).
 */
export function claimReasonParams(reasonKey: string, rules: PoolRules | null): Record<string, number> {
  if (!rules) return {}
  if (reasonKey === 'errors.claimCapReached') return { cap: rules.dailyClaimCap }
  if (reasonKey === 'errors.holdCapReached') return { cap: rules.holdCap }
  if (reasonKey === 'errors.reclaimBlocked') return { days: rules.reclaimBlockDays }
  return {}
}
