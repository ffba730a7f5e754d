/**
 * What an import will do with each customer of the file, and doing it. The plan checks
 * duplicates against every customer in the database (also those in the pool and those the
 * importer cannot open, for which only the owner's name is shown) and against earlier
 * customers of the same file, then decides skip / update / create by the duplicate mode.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { DuplicateMatch } from '../../../src-preload/contracts/customers'
import type { ImportPreview, ImportResult, ImportRowReport } from '../../../src-preload/contracts/customers-io'
import type { Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { recordActivity } from '../timeline/activity'
import { contacts, customers } from './customers.table'
import type { ContactRecord, CustomersIoRepository, CustomerRecord } from './customers-io.repository'
import type { ContactDraft, CustomerDraft, ImportGroup } from './import-rows'
import { normalizeCompanyName, normalizePhone, reversedDigits } from './search-keys'

export type DuplicateMode = 'skip' | 'update' | 'create'
export type Target = { kind: 'create' } | { kind: 'update'; customerId: string } | { kind: 'sameAs'; group: number } | { kind: 'skip' } | null
export interface PlannedGroup { group: ImportGroup; report: ImportRowReport; target: Target }

/** Phone numbers shorter than this are extensions or typos, not identities. */
const MIN_PHONE_DIGITS = 7

function groupKeys(g: ImportGroup): { name: string; creditCode: string | null; phones: string[] } {
  const phones = [g.customer.phone, ...g.contacts.flatMap((c) => [c.mobile, c.phone])].map((p) => normalizePhone(p)).filter((p) => p.length >= MIN_PHONE_DIGITS)
  const name = normalizeCompanyName(g.customer.name)
  // Like the customers module's 查重: a one-character name matches too much to mean anything.
  return { name: [...name].length >= 2 ? name : '', creditCode: g.customer.creditCode ?? null, phones: [...new Set(phones)] }
}

type Reason = DuplicateMatch['reason']
/** The strongest reason first, as the customers module's 查重 ranks them. */
const REASON_RANK: Reason[] = ['creditCode', 'phone', 'name']

/** The customers module's 查重 for one name (used for near-identical names, which need FTS probes). */
export type SimilarFinder = (actor: Actor, name: string) => DuplicateMatch[]
/**
 * Near-identical names cost a few FTS5 probes per customer (~1–3 ms), so a preview checks them
 * for this many customers of a file at most; they only warn and never change what a commit does.
 */
export const SIMILAR_CHECK_MAX = 2_000

export interface PlanContext { repo: CustomersIoRepository; access: Access; actor: Actor; similar?: SimilarFinder }

export function planImport(ctx: PlanContext, groups: ImportGroup[], mode: DuplicateMode): PlannedGroup[] {
  const { repo, access, actor } = ctx
  const keys = groups.map(groupKeys)
  // Database candidates for every key of the file, a few set-based queries.
  const byName = new Map<string, string[]>()
  for (const r of repo.byNameNorm(keys.map((k) => k.name))) byName.set(r.nameNorm, [...(byName.get(r.nameNorm) ?? []), r.id])
  const byCode = new Map<string, string[]>()
  for (const r of repo.byCreditCode(keys.flatMap((k) => (k.creditCode ? [k.creditCode] : [])))) byCode.set(r.creditCode ?? '', [...(byCode.get(r.creditCode ?? '') ?? []), r.id])
  const byPhone = new Map<string, string[]>()
  for (const r of repo.byPhoneKeys(keys.flatMap((k) => k.phones.map((p) => reversedDigits(p))))) {
    const digits = [...r.key.slice(2)].reverse().join('')
    byPhone.set(digits, [...(byPhone.get(digits) ?? []), r.id])
  }
  const candidateIds = new Set([...byName.values(), ...byCode.values(), ...byPhone.values()].flat())
  const found = new Map(repo.customersByIds([...candidateIds]).map((c) => [c.id, c]))
  const ownerNames = repo.userNames([...found.values()].map((c) => c.ownerId))
  const canEdit = actor.permissions.has('customers.edit')
  const all = access.visibleOwners(actor, 'customers') === 'all'

  const match = (c: CustomerRecord, reason: Reason): DuplicateMatch => ({
    customerId: c.id, name: c.name, reason, ownerName: c.ownerId ? ownerNames.get(c.ownerId) ?? null : null, inPool: c.ownerId === null,
    canOpen: c.ownerId ? access.canSeeOwner(actor, 'customers', c.ownerId) : all,
  })
  const dbMatch = (k: ReturnType<typeof groupKeys>): { c: CustomerRecord; reason: Reason } | null => {
    for (const reason of REASON_RANK) {
      const ids = reason === 'creditCode' ? (k.creditCode ? byCode.get(k.creditCode) : undefined) : reason === 'name' ? (k.name ? byName.get(k.name) : undefined) : k.phones.flatMap((p) => byPhone.get(p) ?? [])
      const hits = (ids ?? []).map((id) => found.get(id)).filter((c): c is CustomerRecord => !!c).sort((a, b) => a.createdAt - b.createdAt)
      if (hits[0]) return { c: hits[0], reason }
    }
    return null
  }

  const firstWithKey = new Map<string, number>()
  let similarChecks = 0
  return groups.map((group, i) => {
    const k = keys[i]!
    const fileKeys = [k.creditCode ? `c:${k.creditCode}` : '', k.name ? `n:${k.name}` : '', ...k.phones.map((p) => `p:${p}`)].filter(Boolean)
    const earlier = fileKeys.map((key) => firstWithKey.get(key)).find((x) => x !== undefined)
    for (const key of fileKeys) if (!firstWithKey.has(key)) firstWithKey.set(key, i)
    const report: ImportRowReport = {
      row: group.row, lastRow: group.lastRow, name: group.customer.name, contacts: group.contacts.length, status: 'new', action: null,
      errors: group.errors, warnings: group.warnings, duplicateOf: null, duplicateOfRow: earlier === undefined ? null : groups[earlier]!.row,
    }
    const hit = dbMatch(k)
    if (hit) report.duplicateOf = match(hit.c, hit.reason)
    else if (ctx.similar && earlier === undefined && k.name && similarChecks++ < SIMILAR_CHECK_MAX) {
      for (const m of ctx.similar(actor, group.customer.name).filter((d) => d.reason === 'similarName').slice(0, 3)) {
        group.warnings.push({ row: group.row, field: 'name', messageKey: 'warnings.importSimilarName', params: { name: m.name, owner: m.ownerName ?? '' } })
      }
    }
    let target: Target = null
    if (hit || earlier !== undefined) {
      report.status = 'duplicate'
      if (mode === 'skip') target = { kind: 'skip' }
      else if (mode === 'create') target = { kind: 'create' }
      else if (hit) {
        // Update only what the importer may edit: a customer in scope, not in the pool.
        if (canEdit && hit.c.ownerId !== null && access.canSeeOwner(actor, 'customers', hit.c.ownerId)) target = { kind: 'update', customerId: hit.c.id }
        else group.errors.push({ row: group.row, field: 'name', messageKey: 'errors.importDuplicateNotEditable', params: { name: hit.c.name, owner: report.duplicateOf?.ownerName ?? '' } })
      } else target = { kind: 'sameAs', group: earlier! }
    } else target = { kind: 'create' }
    if (group.errors.length) { report.status = 'error'; target = null }
    report.action = target === null ? null : target.kind === 'sameAs' ? 'update' : target.kind
    return { group, report, target }
  })
}

export function totals(plans: PlannedGroup[], rows: number): ImportPreview['totals'] {
  const count = (f: (p: PlannedGroup) => boolean) => plans.filter(f).length
  return {
    rows, customers: plans.length, contacts: plans.reduce((n, p) => n + p.group.contacts.length, 0),
    new: count((p) => p.report.status === 'new'), duplicate: count((p) => p.report.status === 'duplicate'), error: count((p) => p.report.status === 'error'),
    create: count((p) => p.report.action === 'create'), update: count((p) => p.report.action === 'update'), skip: count((p) => p.report.action === 'skip'),
  }
}

// ---- applying (inside one mutation) ----

function customerValues(d: CustomerDraft): Omit<CustomerDraft, 'custom' | 'tags'> {
  const { custom: _c, tags: _t, ...rest } = d
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')) as Omit<CustomerDraft, 'custom' | 'tags'>
}

function contactValues(c: ContactDraft): Omit<ContactDraft, 'row'> {
  const { row: _r, ...rest } = c
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '')) as Omit<ContactDraft, 'row'>
}

function liveContacts(w: Writer, customerId: string): ContactRecord[] {
  return w.db.select().from(contacts).where(and(eq(contacts.customerId, customerId), isNull(contacts.deletedAt))).all()
}

/** The same person: same mobile, or same name where one of the two has no mobile. */
function samePerson(a: ContactRecord, b: ContactDraft): boolean {
  const ma = normalizePhone(a.mobile)
  const mb = normalizePhone(b.mobile)
  if (ma && mb) return ma === mb
  return a.name.trim() === b.name.trim()
}

/**
 * Adds the contacts a customer does not have yet; known ones get their non-empty fields.
 * `known`: the customer's live contacts when the caller knows them (none for a customer just created).
 * Returns how many were added.
 */
export function mergeContacts(w: Writer, customerId: string, people: ContactDraft[], known?: ContactRecord[]): number {
  const existing = known ?? liveContacts(w, customerId)
  let added = 0
  for (const p of people) {
    const same = existing.find((e) => samePerson(e, p))
    if (same) { w.update(contacts, same.id, contactValues(p)); continue }
    const row = w.insert(contacts, { customerId, ...contactValues(p), name: p.name, isPrimary: existing.length === 0 })
    existing.push(row)
    added++
  }
  return added
}

/**
 * One timeline entry per import, on the importer's timeline ("what did my people do"); each
 * customer's own timeline shows its creation and edits from the audit log.
 */
export function recordImport(w: Writer, actorId: string, fileName: string, r: ImportResult): void {
  recordActivity(w, actorId, { kind: 'import', summaryKey: 'timeline.customers.imported', params: { fileName, created: r.created, updated: r.updated, skipped: r.skipped, contacts: r.contacts } })
}

export function applyImport(w: Writer, actorId: string, plans: PlannedGroup[], fileName: string): ImportResult {
  const result: ImportResult = { created: 0, updated: 0, skipped: 0, contacts: 0 }
  const idOfGroup = new Map<number, string>()
  plans.forEach((p, i) => {
    const t = p.target
    if (!t || t.kind === 'skip') { result.skipped++; return }
    const d = p.group.customer
    const updateId = t.kind === 'update' ? t.customerId : t.kind === 'sameAs' ? idOfGroup.get(t.group) : undefined
    if (t.kind === 'create' || updateId === undefined) {
      const c = w.insert(customers, { ...customerValues(d), name: d.name, nameNorm: '', pinyin: '', ownerId: actorId, tags: d.tags ?? [], custom: d.custom })
      idOfGroup.set(i, c.id)
      result.contacts += mergeContacts(w, c.id, p.group.contacts, [])
      result.created++
      return
    }
    const before = w.db.select().from(customers).where(eq(customers.id, updateId)).get()!
    // The existing record keeps its name: it was matched by name, credit code or phone.
    const { name: _name, ...fields } = customerValues(d)
    w.update(customers, updateId, {
      ...fields,
      ...(d.tags?.length ? { tags: [...new Set([...before.tags, ...d.tags])] } : {}),
      ...(Object.keys(d.custom).length ? { custom: { ...before.custom, ...d.custom } } : {}),
    })
    idOfGroup.set(i, updateId)
    result.contacts += mergeContacts(w, updateId, p.group.contacts)
    result.updated++
  })
  recordImport(w, actorId, fileName, result)
  return result
}
