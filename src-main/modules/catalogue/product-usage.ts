/**
 * Who uses a product. Documents that copy a product onto their lines (quotes, sales orders,
 * later stock movements) register a check here, so the catalogue can refuse to remove a product
 * still referred to without importing those modules (they start after it). The check gets the
 * database it runs against: registrations are process-wide, apps (tests) are not.
 */
import type { Db } from '../../core/db'

/** True when at least one live record of this kind uses the product. */
export type ProductUsageCheck = (db: Db, productId: string) => boolean

const checks = new Map<string, ProductUsageCheck>()

/** `kind` names the documents in errors.productInUse (e.g. 'quote', 'sales_order'); re-registering replaces. */
export function registerProductUsage(kind: string, check: ProductUsageCheck): void {
  checks.set(kind, check)
}

/** The kinds of document that use the product, in registration order (empty: free to remove). */
export function productUsage(db: Db, productId: string): string[] {
  return [...checks].filter(([, check]) => check(db, productId)).map(([kind]) => kind)
}
