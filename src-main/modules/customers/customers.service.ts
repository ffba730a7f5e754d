/**
 * 客户资料 (CU-1), visibility (X-2) and 查重/合并. Every rule is checked here, in main.
 *
 * Public methods other modules may call (ctx.services.customers):
 * - `list(userId, input)`: one page of the list view exactly as `customers.list` returns it
 *   (scope, filters, search, sort, keyset cursor). Export and printing page through it.
 * - `ownersFor(actor, filters)`: the owner ids a list query covers (scope ∩ filters), or 'all'.
 * - `duplicates(actor, query)`: the 查重 matches (all customers, incl. pool and out of scope;
 *   only the owner's name for those the actor cannot open).
 * - `createInMutation(w, input, ownerId)`: validates (level, custom fields, credit code)
 *   and writes a customer with contacts inside the caller's mutation, for all-or-nothing imports.
 *   The caller checks the permission and the duplicate rule it wants.
 * - `saveContactInMutation(w, customerId, contact)`: adds or updates a contact inside the
 *   caller's mutation, keeping exactly one primary contact (vCard import).
 * - `validateFields(input)`: the same validation without writing (import previews).
 * Other modules' tables that hold a customer id register with `registerCustomerReference`
 * (customer-references.ts) so `merge` moves their rows.
 */
import { getTableName } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  ContactRow, contactInput, createCustomerInput, CustomerDetail, CustomerListItem, CustomerStats, DuplicateMatch, duplicateCheckInput,
  listInput, updateCustomerInput,
} from '../../../src-preload/contracts/customers'
import type { Page } from '../../../src-preload/contracts/define'
import type { Db, Sqlite } from '../../core/db'
import { AppError, conflict, forbidden, notFound } from '../../core/errors'
import type { Mutation, Patch, Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { reassignCustomerRecords } from '../followups/reassign'
import { recordActivity } from '../timeline/activity'
import { loadVisibleCustomer, type CustomerRow } from './customer-access'
import { decodeCursor, type ListFilters, type Owners } from './customer-list-query'
import { findDuplicates, type DuplicateQuery } from './customer-duplicates'
import { customerReferences } from './customer-references'
import { CustomersRepository, toContactRow, type ContactRecord } from './customers.repository'
import { contacts, customers } from './customers.table'
import { customerValues, type CustomerFieldsInput, type FieldRefs } from './customer-values'

type CreateInput = z.output<typeof createCustomerInput>
type UpdateInput = z.output<typeof updateCustomerInput>
type ContactInput = z.output<typeof contactInput>

export interface CustomersDeps { db: Db; sqlite: Sqlite; mutation: Mutation; access: Access; repo: CustomersRepository; ensureLevels: (inside?: Writer) => void }

/** Customer fields a merge fills on the survivor when it has none. */
const FILLABLE = ['creditCode', 'level', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website'] as const

export class CustomersService {
  constructor(private readonly d: CustomersDeps) {}

  // ---- list ----

  list(userId: string | null, input: z.output<typeof listInput>): Page<CustomerListItem> {
    const actor = this.viewer(userId)
    const owners = this.ownersFor(actor, input.filters)
    if (owners !== 'all' && owners.size === 0) return { items: [], nextCursor: null }
    return this.d.repo.listPage({ owners, filters: input.filters, sort: input.sort, after: decodeCursor(input.cursor, input.sort), limit: input.limit })
  }

  count(userId: string | null, input: { filters: ListFilters }): { total: number } {
    const actor = this.viewer(userId)
    const owners = this.ownersFor(actor, input.filters)
    if (owners !== 'all' && owners.size === 0) return { total: 0 }
    return { total: this.d.repo.count({ owners, filters: input.filters }) }
  }

  stats(userId: string | null, input: { filters: ListFilters }): CustomerStats {
    const actor = this.viewer(userId)
    const owners = this.ownersFor(actor, input.filters)
    if (owners !== 'all' && owners.size === 0) return { total: 0, byLevel: [], byCategory: [], byStatus: [] }
    return this.d.repo.stats({ owners, filters: input.filters })
  }

  /** Owners a list query covers: the actor's scope, narrowed by 'mine' and the owner filter. */
  ownersFor(actor: Actor, filters: ListFilters): Owners {
    let owners: Owners = this.d.access.visibleOwners(actor, 'customers')
    if (filters.scope === 'mine') owners = owners === 'all' || owners.has(actor.userId) ? new Set([actor.userId]) : new Set()
    if (filters.ownerId?.length) {
      const wanted = new Set(filters.ownerId)
      owners = owners === 'all' ? wanted : new Set([...owners].filter((o) => wanted.has(o)))
    }
    return owners
  }

  // ---- one customer ----

  get(userId: string | null, input: { id: string }): CustomerDetail {
    const actor = this.viewer(userId)
    return this.detail(actor, loadVisibleCustomer(this.d.db, this.d.access, actor, input.id))
  }

  create(userId: string | null, input: CreateInput): CustomerDetail {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.create')
    const ownerId = this.resolveOwner(actor, input.ownerId)
    this.validateFields(input)
    if (!input.confirmDuplicate) {
      this.refuseDuplicates(actor, { name: input.name, creditCode: input.creditCode, phones: [input.phone, ...input.contacts.flatMap((c) => [c.mobile, c.phone])] })
    }
    const row = this.d.mutation({ userId: actor.userId }, (w) => this.createInMutation(w, input, ownerId))
    return this.detail(actor, row)
  }

  update(userId: string | null, input: UpdateInput): CustomerDetail {
    const actor = this.d.access.actor(userId)
    const before = loadVisibleCustomer(this.d.db, this.d.access, actor, input.id, { forWrite: true })
    const { id, confirmDuplicate, ...fields } = input
    const patch = customerValues(fields, before.custom, this.refs())
    if (!confirmDuplicate) {
      // Only what changed is checked again: a record kept despite a warning is not re-warned on every edit.
      const q: DuplicateQuery = { excludeIds: [id] }
      if (patch.name !== undefined && patch.name !== before.name) q.name = patch.name
      if (patch.creditCode && patch.creditCode !== before.creditCode) q.creditCode = patch.creditCode
      if (patch.phone && patch.phone !== before.phone) q.phones = [patch.phone]
      this.refuseDuplicates(actor, q)
    }
    const row = this.d.mutation({ userId: actor.userId }, (w) => w.update(customers, id, patch))
    return this.detail(actor, row)
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.delete')
    loadVisibleCustomer(this.d.db, this.d.access, actor, input.id)
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(customers, input.id))
    return { ok: true }
  }

  // ---- contacts ----

  saveContact(userId: string | null, input: ContactInput & { customerId: string }): ContactRow {
    const actor = this.d.access.actor(userId)
    const customer = loadVisibleCustomer(this.d.db, this.d.access, actor, input.customerId, { forWrite: true })
    if (input.id) {
      const existing = this.d.repo.contactById(input.id)
      if (!existing || existing.customerId !== customer.id) throw notFound('contact')
    }
    const row = this.d.mutation({ userId: actor.userId }, (w) => this.saveContactInMutation(w, customer.id, input))
    return toContactRow(row)
  }

  removeContact(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    const contact = this.d.repo.contactById(input.id)
    if (!contact) throw notFound('contact')
    loadVisibleCustomer(this.d.db, this.d.access, actor, contact.customerId, { forWrite: true })
    this.d.mutation({ userId: actor.userId }, (w) => {
      w.softDelete(contacts, contact.id)
      if (contact.isPrimary) {
        const next = this.d.repo.liveContacts(contact.customerId)[0]
        if (next) w.update(contacts, next.id, { isPrimary: true })
      }
    })
    return { ok: true }
  }

  // ---- 查重 and merge ----

  checkDuplicates(userId: string | null, input: z.output<typeof duplicateCheckInput>): DuplicateMatch[] {
    const actor = this.viewer(userId)
    return this.duplicates(actor, { name: input.name, phones: input.phones, creditCode: input.creditCode, excludeIds: input.excludeId ? [input.excludeId] : [] })
  }

  duplicates(actor: Actor, q: DuplicateQuery): DuplicateMatch[] {
    const hits = findDuplicates(this.d.sqlite, q)
    const seeAll = this.d.access.visibleOwners(actor, 'customers') === 'all'
    return hits.map((h) => ({
      customerId: h.customerId, name: h.name, reason: h.reason, ownerName: this.d.repo.userName(h.ownerId), inPool: h.ownerId === null,
      canOpen: h.ownerId ? this.d.access.canSeeOwner(actor, 'customers', h.ownerId) : seeAll,
    }))
  }

  /**
   * Merges customers into a survivor, losing nothing: contacts and every registered reference
   * (follow-ups, opportunities, reminders…) move over, empty survivor fields are filled, notes
   * and tags are joined, the merged records are soft-deleted (still restorable, audit intact)
   * and a 'merge' activity per merged record lets the timeline show their history too.
   */
  merge(userId: string | null, input: { survivorId: string; mergedIds: string[] }): CustomerDetail {
    const actor = this.d.access.actor(userId)
    if (!actor.permissions.has('customers.delete') && !actor.permissions.has('customers.assign')) throw forbidden('customers.delete')
    const mergedIds = [...new Set(input.mergedIds)]
    if (mergedIds.includes(input.survivorId)) throw new AppError('VALIDATION', 'errors.mergeIntoItself', { id: input.survivorId })
    const survivor = loadVisibleCustomer(this.d.db, this.d.access, actor, input.survivorId, { forWrite: true })
    const merged = mergedIds.map((id) => loadVisibleCustomer(this.d.db, this.d.access, actor, id, { forWrite: true }))
    const row = this.d.mutation({ userId: actor.userId }, (w) => {
      let hasPrimary = this.d.repo.liveContacts(survivor.id).some((c) => c.isPrimary)
      for (const m of merged) {
        for (const c of this.d.repo.liveContacts(m.id)) {
          w.update(contacts, c.id, { customerId: survivor.id, isPrimary: c.isPrimary && !hasPrimary })
          hasPrimary ||= c.isPrimary
        }
        for (const ref of customerReferences()) {
          for (const rowId of this.d.repo.referencingIds(getTableName(ref.table), ref.column.name, m.id)) {
            w.update(ref.table, rowId, { [ref.key]: survivor.id } as Patch<typeof ref.table>)
          }
        }
        w.softDelete(customers, m.id)
        // What moved now belongs to the survivor's owner, as after a transfer (follow-ups,
        // opportunities and the reminders they raised).
        if (survivor.ownerId && m.ownerId !== survivor.ownerId) reassignCustomerRecords(w, survivor.id, survivor.ownerId)
        recordActivity(w, actor.userId, {
          kind: 'merge', summaryKey: 'timeline.customer.merged', customerId: survivor.id, ownerId: survivor.ownerId, recordId: m.id,
          params: { mergedName: m.name, survivorName: survivor.name, differing: differingFields(survivor, m).join(',') || null },
        })
      }
      return w.update(customers, survivor.id, mergedValues(survivor, merged))
    })
    return this.detail(actor, row)
  }

  // ---- for other modules (import) ----

  /** Checks what the contract's schema cannot: level exists, custom fields, credit code check digit. */
  validateFields(input: CustomerFieldsInput): void {
    customerValues(input, {}, this.refs())
  }

  createInMutation(w: Writer, input: Omit<CreateInput, 'ownerId' | 'confirmDuplicate'>, ownerId: string | null): CustomerRow {
    const values = customerValues(input, {}, this.refs(w))
    const row = w.insert(customers, { ...values, name: input.name, ownerId, nameNorm: '', pinyin: '' })
    for (const c of input.contacts) this.saveContactInMutation(w, row.id, c)
    return row
  }

  private refs(inside?: Writer): FieldRefs {
    this.d.ensureLevels(inside)
    return { levels: new Set(this.d.repo.levels().map((l) => l.code)), fields: this.d.repo.fields() }
  }

  saveContactInMutation(w: Writer, customerId: string, c: ContactInput): ContactRecord {
    const siblings = this.d.repo.liveContacts(customerId).filter((s) => s.id !== c.id)
    const isPrimary = c.isPrimary ?? (siblings.length === 0 || (c.id ? this.d.repo.contactById(c.id)?.isPrimary ?? false : false))
    if (isPrimary) for (const s of siblings) if (s.isPrimary) w.update(contacts, s.id, { isPrimary: false })
    const values = {
      name: c.name, title: c.title || null, mobile: c.mobile || null, phone: c.phone || null, email: c.email || null,
      wechat: c.wechat || null, birthday: c.birthday || null, isPrimary: isPrimary || siblings.length === 0,
    }
    return c.id ? w.update(contacts, c.id, values) : w.insert(contacts, { ...values, customerId })
  }

  // ---- helpers ----

  private viewer(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    return actor
  }

  private resolveOwner(actor: Actor, ownerId: string | undefined): string {
    if (!ownerId || ownerId === actor.userId) return actor.userId
    this.d.access.require(actor, 'customers.assign')
    if (!this.d.repo.activeUserExists(ownerId)) throw new AppError('VALIDATION', 'errors.unknownOwner', { ownerId })
    this.d.access.requireOwnerVisible(actor, 'customers', ownerId)
    return ownerId
  }

  private refuseDuplicates(actor: Actor, q: DuplicateQuery): void {
    const matches = this.duplicates(actor, q)
    if (matches.length) throw conflict('errors.duplicateCustomer', { matches })
  }

  private detail(actor: Actor, c: CustomerRow): CustomerDetail {
    const inPool = c.ownerId === null
    // Contact details stay hidden while the customer is in the pool (公海), until claimed.
    const people = inPool ? [] : this.d.repo.liveContacts(c.id)
    const primary = people.find((p) => p.isPrimary) ?? people[0]
    return {
      id: c.id, name: c.name, level: c.level, category: c.category, status: c.status, ownerId: c.ownerId, ownerName: this.d.repo.userName(c.ownerId),
      province: c.province, city: c.city, phone: inPool ? null : c.phone, tags: c.tags, lastFollowupAt: c.lastFollowupAt, updatedAt: c.updatedAt, createdAt: c.createdAt,
      primaryContact: primary ? { name: primary.name, mobile: primary.mobile } : null, unsynced: this.d.repo.hasPendingChanges(c.id),
      creditCode: c.creditCode, industry: c.industry, source: c.source, address: c.address, website: c.website, notes: c.notes, custom: c.custom,
      locked: c.locked, won: c.won, previousOwnerId: c.previousOwnerId, releasedAt: c.releasedAt,
      contacts: people.map(toContactRow), contactsVisible: !inPool,
      canEdit: !inPool && actor.permissions.has('customers.edit'),
    }
  }
}

/** The survivor's new values: empty fields filled from the merged records, lists and notes joined. */
function mergedValues(survivor: CustomerRow, merged: CustomerRow[]): Patch<typeof customers> {
  const patch: Patch<typeof customers> = {}
  for (const f of FILLABLE) {
    if (survivor[f]) continue
    const from = merged.find((m) => m[f])
    if (from) patch[f] = from[f]
  }
  patch.tags = [...new Set([survivor.tags, ...merged.map((m) => m.tags)].flat())]
  patch.custom = Object.assign({}, ...merged.map((m) => m.custom).reverse(), survivor.custom) as Record<string, string | number | null>
  const notes = [survivor.notes, ...merged.map((m) => m.notes)].filter((n): n is string => !!n && n.trim() !== '')
  patch.notes = [...new Set(notes)].join('\n\n') || null
  const follow = [survivor.lastFollowupAt, ...merged.map((m) => m.lastFollowupAt)].filter((x): x is number => x !== null)
  patch.lastFollowupAt = follow.length ? Math.max(...follow) : null
  patch.won = survivor.won || merged.some((m) => m.won)
  patch.locked = survivor.locked || merged.some((m) => m.locked)
  return patch
}

/** Fields where a merged record held another non-empty value than the survivor (kept on the soft-deleted record). */
function differingFields(survivor: CustomerRow, m: CustomerRow): string[] {
  return FILLABLE.filter((f) => survivor[f] && m[f] && survivor[f] !== m[f])
}

