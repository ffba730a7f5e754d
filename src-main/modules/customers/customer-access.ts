import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { forbidden, notFound } from '../../core/errors'
import type { Access, Actor } from '../auth/access'
import { customers } from './customers.table'

export type CustomerRow = typeof customers.$inferSelect

/** Prepared once per database: building and compiling the query was most of a call's cost. */
const byIdStatements = new WeakMap<Db, ReturnType<typeof prepareById>>()
const prepareById = (db: Db) => db.select().from(customers).where(and(eq(customers.id, sql.placeholder('id')), isNull(customers.deletedAt))).prepare()

/**
 * The one rule for opening a customer, used by every module that touches customers
 * (contacts, follow-ups, opportunities, timeline, quotes…): the customer must be live and its
 * owner inside the actor's 'customers' data scope. Pool customers (no owner) can be opened only
 * through the pool module, which hides their contact details.
 */
export function loadVisibleCustomer(db: Db, access: Access, actor: Actor, customerId: string, opts: { forWrite?: boolean } = {}): CustomerRow {
  let byId = byIdStatements.get(db)
  if (!byId) byIdStatements.set(db, (byId = prepareById(db)))
  const c = byId.get({ id: customerId })
  if (!c) throw notFound('customer')
  if (!c.ownerId) {
    if (access.visibleOwners(actor, 'customers') !== 'all' || opts.forWrite) throw forbidden('customers.scope')
    return c
  }
  access.requireOwnerVisible(actor, 'customers', c.ownerId)
  if (opts.forWrite) access.require(actor, 'customers.edit')
  return c
}
