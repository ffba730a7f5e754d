import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { forbidden, notFound } from '../../core/errors'
import type { Access, Actor } from '../auth/access'
import { customers } from './customers.table'

export type CustomerRow = typeof customers.$inferSelect

/**
 * The one rule for opening a customer, used by every module that touches customers
 * (contacts, follow-ups, opportunities, timeline, quotes…): the customer must be live and its
 * owner inside the actor's 'customers' data scope. Pool customers (no owner) can be opened only
 * through the pool module, which hides their contact details.
 */
export function loadVisibleCustomer(db: Db, access: Access, actor: Actor, customerId: string, opts: { forWrite?: boolean } = {}): CustomerRow {
  const c = db.select().from(customers).where(and(eq(customers.id, customerId), isNull(customers.deletedAt))).get()
  if (!c) throw notFound('customer')
  if (!c.ownerId) {
    if (access.visibleOwners(actor, 'customers') !== 'all' || opts.forWrite) throw forbidden('customers.scope')
    return c
  }
  access.requireOwnerVisible(actor, 'customers', c.ownerId)
  if (opts.forWrite) access.require(actor, 'customers.edit')
  return c
}
