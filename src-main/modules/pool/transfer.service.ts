import type { Page } from '../../../src-preload/contracts/define'
import type { TransferRow } from '../../../src-preload/contracts/pool'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import type { AuthRepository } from '../auth/auth.repository'
import type { ListFilters, Owners } from '../customers/customer-list-query'
import { changeOwner } from './ownership'
import { decodeKey, encodeKey } from './pool-cursor'
import type { CustomerRow, PoolRepository } from './pool.repository'

/** Most customers one transfer moves, in one transaction (all or nothing). */
export const MAX_TRANSFER = 10_000

export interface TransferInput {
  toOwnerId: string
  customerIds?: string[]
  fromOwnerId?: string
  filters?: ListFilters
  reason: string
}

export interface TransferDeps {
  repo: PoolRepository
  access: Access
  authRepo: AuthRepository
  mutation: Mutation
  /** The customers list's owner rule (CustomersService.ownersFor), so "by filter" means what the list shows. */
  ownersFor: (actor: Actor, filters: ListFilters) => Owners
}

/** 客户分配 (CU-2): a manager moves customers to another salesperson, who inherits their history. */
export class TransferService {
  constructor(private readonly d: TransferDeps) {}

  transfer(userId: string | null, input: TransferInput): { moved: number } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.assign')
    this.requireTarget(input.toOwnerId)
    const byIds = input.customerIds !== undefined
    if (byIds === (input.filters !== undefined || input.fromOwnerId !== undefined)) {
      throw new AppError('VALIDATION', 'errors.transferSelection', { issues: [{ path: 'customerIds', code: 'custom' }] })
    }
    const rows = byIds ? this.selectByIds(actor, input.customerIds!) : this.selectByQuery(actor, input.filters ?? {}, input.fromOwnerId)
    const moving = rows.filter((c) => c.ownerId !== input.toOwnerId)
    if (moving.length === 0) return { moved: 0 }
    const names = this.d.repo.userNames([input.toOwnerId, ...new Set(moving.flatMap((c) => (c.ownerId ? [c.ownerId] : [])))])
    this.d.mutation({ userId: actor.userId }, (w) => {
      for (const c of moving) changeOwner(w, { customer: c, kind: 'transfer', toOwnerId: input.toOwnerId, reason: input.reason, byId: actor.userId, names })
    })
    return { moved: moving.length }
  }

  /** Reassignment history (all kinds), newest first, limited to the caller's scope. */
  transfers(userId: string | null, input: { customerId?: string; from?: number; cursor?: string | null; limit: number }): Page<TransferRow> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    const rows = this.d.repo.transfers({
      customerId: input.customerId, from: input.from, visible: this.d.access.visibleOwners(actor, 'customers'), before: decodeKey(input.cursor), limit: input.limit + 1,
    })
    const items = rows.slice(0, input.limit)
    const last = items[items.length - 1]
    return { items, nextCursor: rows.length > input.limit && last ? encodeKey({ t: last.at, id: last.id }) : null }
  }

  /** The new owner must exist, be active and be allowed to see customers. */
  private requireTarget(userId: string): void {
    const user = this.d.authRepo.userById(userId)
    const role = user && !user.disabled ? this.d.authRepo.role(user.roleId) : undefined
    if (!role || !role.permissions.includes('customers.view')) throw new AppError('VALIDATION', 'errors.transferTargetInvalid', { userId })
  }

  /** Each listed customer must be live and inside the caller's scope (pool customers: 'all' scope only). */
  private selectByIds(actor: Actor, ids: string[]): CustomerRow[] {
    const unique = [...new Set(ids)]
    const byId = new Map(this.d.repo.customersByIds(unique).map((c) => [c.id, c]))
    const visible = this.d.access.visibleOwners(actor, 'customers')
    return unique.map((id) => {
      const c = byId.get(id)
      if (!c || c.deletedAt) throw notFound('customer')
      if (visible !== 'all' && (!c.ownerId || !visible.has(c.ownerId))) throw forbidden('customers.scope')
      return c
    })
  }

  /** By the customers list's filters and/or all customers of one salesperson, within scope. */
  private selectByQuery(actor: Actor, filters: ListFilters, fromOwnerId: string | undefined): CustomerRow[] {
    const visible = this.d.access.visibleOwners(actor, 'customers')
    let f = filters
    if (fromOwnerId) {
      if (visible !== 'all' && !visible.has(fromOwnerId)) throw forbidden('customers.scope')
      // Both given: the salesperson's customers among those the filter names.
      if (filters.ownerId?.length && !filters.ownerId.includes(fromOwnerId)) return []
      f = { ...filters, ownerId: [fromOwnerId] }
    }
    const ids = this.d.repo.idsByFilter(f, this.d.ownersFor(actor, f), MAX_TRANSFER + 1)
    if (ids.length > MAX_TRANSFER) throw new AppError('VALIDATION', 'errors.transferTooMany', { max: MAX_TRANSFER })
    return this.d.repo.customersByIds(ids)
  }
}
