/**
 * vCard contacts into customers, inside one mutation: into a given customer (which the caller
 * must be able to edit), or into the customer named by each card's ORG, found by normalised
 * name or created (owned by the importer). Cards without a usable name or ORG are skipped, as
 * are cards for a customer the caller cannot edit; a contact already there is updated, not doubled.
 */
import { z } from 'zod'
import type { ImportResult } from '../../../src-preload/contracts/customers-io'
import type { Writer } from '../../core/mutation'
import { loadVisibleCustomer } from './customer-access'
import { customers } from './customers.table'
import { mergeContacts, recordImport, type PlanContext } from './import-plan'
import { normalizeDate, type ContactDraft } from './import-rows'
import { normalizeCompanyName } from './search-keys'
import type { VCardContact } from './vcard'

const emailSchema = z.email()
const clip = (v: string | null, max: number): string | undefined => (v && v.trim() ? [...v.trim()].slice(0, max).join('') : undefined)

/** Field limits of the contact contract; what cannot be kept (an invalid e-mail) is dropped. */
function toDraft(c: VCardContact): ContactDraft | null {
  const name = clip(c.name, 50)
  if (!name) return null
  const email = clip(c.email, 200)
  return {
    row: 0, name, title: clip(c.title, 50), mobile: clip(c.mobile, 30), phone: clip(c.phone, 30),
    email: email && emailSchema.safeParse(email).success ? email : undefined, wechat: clip(c.wechat, 50),
    birthday: c.birthday ? normalizeDate(c.birthday) ?? undefined : undefined,
  }
}

export function importVcards(w: Writer, ctx: PlanContext, cards: VCardContact[], opts: { customerId?: string; fileName: string }): ImportResult {
  const { repo, access, actor } = ctx
  const result: ImportResult = { created: 0, updated: 0, skipped: 0, contacts: 0 }

  if (opts.customerId) {
    const c = loadVisibleCustomer(w.db, access, actor, opts.customerId, { forWrite: true })
    const drafts = cards.map(toDraft).filter((d): d is ContactDraft => d !== null)
    result.skipped = cards.length - drafts.length
    result.contacts = mergeContacts(w, c.id, drafts)
    result.updated = 1
    recordImport(w, actor.userId, opts.fileName, result)
    return result
  }

  access.require(actor, 'customers.import')
  const byOrg = new Map<string, { org: string; cards: VCardContact[]; drafts: ContactDraft[] }>()
  for (const card of cards) {
    const draft = toDraft(card)
    const org = clip(card.org, 100)
    const key = org ? normalizeCompanyName(org) : ''
    if (!draft || !org || !key) { result.skipped++; continue }
    const entry = byOrg.get(key) ?? { org, cards: [], drafts: [] }
    entry.cards.push(card)
    entry.drafts.push(draft)
    byOrg.set(key, entry)
  }
  const canEdit = actor.permissions.has('customers.edit')
  for (const [key, entry] of byOrg) {
    const existing = repo.customerByNameNorm(key)
    if (existing) {
      if (!canEdit || existing.ownerId === null || !access.canSeeOwner(actor, 'customers', existing.ownerId)) { result.skipped += entry.drafts.length; continue }
      result.contacts += mergeContacts(w, existing.id, entry.drafts)
      result.updated++
      continue
    }
    const adr = entry.cards.find((c) => c.address)?.address
    const created = w.insert(customers, {
      name: entry.org, nameNorm: '', pinyin: '', ownerId: actor.userId,
      province: clip(adr?.province ?? null, 30) ?? null, city: clip(adr?.city ?? null, 30) ?? null, address: clip(adr?.street ?? null, 200) ?? null,
    })
    result.contacts += mergeContacts(w, created.id, entry.drafts, [])
    result.created++
  }
  recordImport(w, actor.userId, opts.fileName, result)
  return result
}
