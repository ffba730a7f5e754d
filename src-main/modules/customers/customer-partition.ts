import { sql } from 'drizzle-orm'
import type { Db } from '../../core/db'
import type { SyncedTableDef } from '../../core/synced'

type Partition = Exclude<SyncedTableDef['partition'], 'company' | undefined>

/**
 * The current owner of a customer as this device knows it: the owner's id, null when the
 * customer is in the 公海, undefined when the customer is not on this device.
 */
export function customerOwner(db: Db, customerId: unknown): string | null | undefined {
  if (typeof customerId !== 'string') return undefined
  const c = db.get<{ ownerId: string | null } | undefined>(sql`SELECT owner_id AS ownerId FROM customers WHERE id = ${customerId}`)
  return c ? c.ownerId : undefined
}

/**
 * Partition of a customer's child record (contact, follow-up, opportunity, transfer, …): it
 * lives with its customer, in the database of the customer's current owner. When the customer
 * is not on this device (it was never synced here), the record's own owner/user field decides
 * (`fallback`, e.g. 'ownerId'); without one it is company data.
 */
export function withCustomer(fallback?: string): Partition {
  return {
    ownerOf(row, db) {
      const owner = customerOwner(db, row.customerId)
      if (owner !== undefined) return owner
      const own = fallback ? row[fallback] : undefined
      return typeof own === 'string' ? own : undefined
    },
  }
}

/** Partition of a record that belongs to a user by one of its own fields (a saved view, a password). */
export function byUser(field: string): Partition {
  return { ownerOf: (row) => (typeof row[field] === 'string' ? (row[field] as string) : undefined) }
}
