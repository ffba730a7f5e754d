/**
 * Amounts of quote and order lines, in integer fen (docs/SALES.md), shared by main (the
 * authority: it recomputes every stored amount) and the editor (live totals while typing).
 * No floating point: each product of quantity, price, discount and rate is computed in BigInt
 * and divided once with half-up rounding (四舍五入, as Chinese invoices; operands are
 * non-negative, so half-up and half-away-from-zero agree).
 *
 *   gross       = round(qtyMilli × unitPrice × (1000 − discount‰) / 1 000 000)
 *   price incl. tax (含税):  total = gross; tax = round(total × rate / (10000 + rate)); amount = total − tax
 *   price excl. tax (不含税): amount = gross; tax = round(amount × rate / 10000);        total = amount + tax
 *   netUnitPrice = round(unitPrice × (1000 − discount‰) / 1000)   (compared with the floor price)
 *   cost        = round(qtyMilli × unitCost / 1000)               (unit cost excl. tax)
 *
 * Document totals are the sums of the rounded line values (a document's tax is the sum of its
 * lines' taxes, never recomputed on the total), so printed lines always add up.
 */

/** Largest amount of a line or a document: 10 billion yuan, far inside 2^53. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000

export interface LinePricing { qtyMilli: number; unitPrice: number; discountPermille: number; taxRate: number }
export interface LineAmounts { netUnitPrice: number; amount: number; tax: number; total: number }

/** round(n / d) half-up, for n ≥ 0 and d > 0. */
export function divHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError('divHalfUp expects n >= 0 and d > 0')
  return (n * 2n + d) / (2n * d)
}

/** The line's amounts, or null when one exceeds MAX_AMOUNT_FEN. */
export function computeLine(l: LinePricing, priceIncludesTax: boolean): LineAmounts | null {
  const keep = BigInt(1000 - l.discountPermille)
  const gross = divHalfUp(BigInt(l.qtyMilli) * BigInt(l.unitPrice) * keep, 1_000_000n)
  const rate = BigInt(l.taxRate)
  let amount: bigint, tax: bigint, total: bigint
  if (priceIncludesTax) {
    total = gross
    tax = divHalfUp(total * rate, 10_000n + rate)
    amount = total - tax
  } else {
    amount = gross
    tax = divHalfUp(amount * rate, 10_000n)
    total = amount + tax
  }
  if (total > BigInt(MAX_AMOUNT_FEN)) return null
  return { netUnitPrice: Number(divHalfUp(BigInt(l.unitPrice) * keep, 1000n)), amount: Number(amount), tax: Number(tax), total: Number(total) }
}

/** Cost of a line from a unit cost, or null when it exceeds MAX_AMOUNT_FEN. */
export function computeCost(qtyMilli: number, unitCost: number): number | null {
  const v = divHalfUp(BigInt(qtyMilli) * BigInt(unitCost), 1000n)
  return v > BigInt(MAX_AMOUNT_FEN) ? null : Number(v)
}

/**
 * The net price per unit after discount is below the floor (低于底价), compared exactly
 * (unitPrice × (1000 − d) < floor × 1000), not on the rounded net price.
 */
export function isBelowFloor(unitPrice: number, discountPermille: number, floorPrice: number | null): boolean {
  if (floorPrice === null) return false
  return BigInt(unitPrice) * BigInt(1000 - discountPermille) < BigInt(floorPrice) * 1000n
}
