/**
 * What each scale generates. demo: what a newcomer sees on first start; medium/large: the
 * benchmark sizes of issue 6; tiny: tests only (same shape, seconds to build).
 */
export interface ScaleSpec {
  customers: number
  /** Average contacts per customer (1 … 2×avg−1, uniform). */
  contactsPerCustomer: number
  followups: number
  opportunities: number
  products: number
  /** Order lines, used by the sales generator once the sales module exists (sales.ts). */
  orderLines: number
  salespeople: number
  /** Share of customers in the pool (公海). */
  poolShare: number
  /** Years of history before the base date. */
  years: number
}

export const SCALES = {
  tiny: { customers: 60, contactsPerCustomer: 3, followups: 240, opportunities: 30, products: 60, orderLines: 400, salespeople: 5, poolShare: 0.1, years: 3 },
  demo: { customers: 300, contactsPerCustomer: 3, followups: 1_500, opportunities: 150, products: 240, orderLines: 3_000, salespeople: 8, poolShare: 0.08, years: 3 },
  medium: { customers: 10_000, contactsPerCustomer: 3, followups: 50_000, opportunities: 5_000, products: 10_000, orderLines: 100_000, salespeople: 30, poolShare: 0.06, years: 3 },
  large: { customers: 100_000, contactsPerCustomer: 3, followups: 500_000, opportunities: 50_000, products: 100_000, orderLines: 1_000_000, salespeople: 120, poolShare: 0.06, years: 3 },
} as const satisfies Record<string, ScaleSpec>

export type ScaleName = keyof typeof SCALES
export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[]
