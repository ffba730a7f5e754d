/**
 * Line and document amounts (rules and rounding: src-preload/contracts/sales-math.ts and
 * docs/SALES.md); here the main-process wrappers that refuse amounts beyond the limit.
 */
import { computeCost, computeLine, MAX_AMOUNT_FEN, type LineAmounts, type LinePricing } from '../../../src-preload/contracts/sales-math'
import { AppError } from '../../core/errors'

export { divHalfUp, isBelowFloor, MAX_AMOUNT_FEN, type LineAmounts, type LinePricing } from '../../../src-preload/contracts/sales-math'

const tooLarge = () => new AppError('VALIDATION', 'errors.amountTooLarge', { max: MAX_AMOUNT_FEN })

export function lineAmounts(l: LinePricing, priceIncludesTax: boolean): LineAmounts {
  const a = computeLine(l, priceIncludesTax)
  if (!a) throw tooLarge()
  return a
}

export function lineCost(qtyMilli: number, unitCost: number): number {
  const c = computeCost(qtyMilli, unitCost)
  if (c === null) throw tooLarge()
  return c
}

export interface DocumentSums { subtotal: number; tax: number; total: number; maxDiscountPermille: number; belowFloor: boolean; cost: number | null }

export function documentSums(lines: readonly (LineAmounts & { discountPermille: number; belowFloor: boolean; cost?: number | null })[]): DocumentSums {
  let subtotal = 0, tax = 0, total = 0, maxDiscountPermille = 0, belowFloor = false
  let cost: number | null = 0
  for (const l of lines) {
    subtotal += l.amount
    tax += l.tax
    total += l.total
    maxDiscountPermille = Math.max(maxDiscountPermille, l.discountPermille)
    belowFloor ||= l.belowFloor
    // A line without a known cost makes the document's cost unknown rather than understated.
    cost = cost === null || l.cost == null ? null : cost + l.cost
  }
  if (total > MAX_AMOUNT_FEN) throw tooLarge()
  return { subtotal, tax, total, maxDiscountPermille, belowFloor, cost }
}
