import { z } from 'zod'
import { cursor, dateStr, id, longText, method, noInput, requiredText, shortText, type Page } from './define'
import type { FollowupRow, OpportunityRow } from './followups'
import type { TimelineEntry } from './timeline'

export const CUSTOMER_STATUSES = ['potential', 'active', 'lost'] as const
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number]

export interface ContactRow {
  id: string; customerId: string; name: string; title: string | null; mobile: string | null; phone: string | null
  email: string | null; wechat: string | null; birthday: string | null; isPrimary: boolean
}

export interface CustomerListItem {
  id: string; name: string; level: string | null; category: string | null; status: CustomerStatus
  ownerId: string | null; ownerName: string | null; province: string | null; city: string | null; phone: string | null
  tags: string[]; lastFollowupAt: number | null; updatedAt: number; createdAt: number
  primaryContact: { name: string; mobile: string | null } | null
  /** Changes not yet pushed by sync (shown as a marker). */
  unsynced: boolean
}

export interface CustomerDetail extends CustomerListItem {
  creditCode: string | null; industry: string | null; source: string | null; address: string | null; website: string | null
  notes: string | null; custom: Record<string, string | number | null>; locked: boolean; won: boolean
  previousOwnerId: string | null; releasedAt: number | null
  contacts: ContactRow[]
  /** False while the customer is in the pool: contact details are hidden until claimed. */
  contactsVisible: boolean
  canEdit: boolean
}

/**
 * Everything the customer page shows when it opens, in one call (`customers.page`): the
 * detail with contacts and the first page of the timeline, follow-ups and opportunities —
 * each exactly what customers.get, timeline.customer, followups.list and opportunities.list
 * return (same checks); later pages come from those methods with the cursors.
 */
export interface CustomerPage {
  customer: CustomerDetail
  timeline: Page<TimelineEntry>
  followups: Page<FollowupRow>
  opportunities: Page<OpportunityRow>
}

export interface DuplicateMatch {
  customerId: string; name: string
  reason: 'phone' | 'creditCode' | 'name' | 'similarName'
  /** Owner's name only; null when in the pool. */
  ownerName: string | null; inPool: boolean
  /** Whether the caller may open the record (scope); otherwise only the owner is shown. */
  canOpen: boolean
}

export interface CustomerStats { total: number; byLevel: { key: string | null; count: number }[]; byCategory: { key: string | null; count: number }[]; byStatus: { key: string; count: number }[] }
export interface LevelRow { id: string; code: string; name: string; sort: number; poolDays: number | null }
export interface FieldRow { id: string; key: string; label: string; type: 'text' | 'number' | 'date' | 'option'; options: string[]; sort: number }
export interface SavedViewRow { id: string; name: string; query: z.infer<typeof listFilters> & { sort?: z.infer<typeof listSort> } }

export const contactInput = z.object({
  id: id.optional(),
  name: requiredText(50),
  title: shortText(50).optional(),
  mobile: shortText(30).optional(),
  phone: shortText(30).optional(),
  email: z.union([z.email().max(200), z.literal('')]).optional(),
  wechat: shortText(50).optional(),
  birthday: z.union([dateStr, z.literal('')]).optional(),
  isPrimary: z.boolean().optional(),
}).strict()

export const customerFields = {
  name: requiredText(100),
  creditCode: z.union([z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/), z.literal('')]).optional(),
  level: shortText(20).optional(),
  category: shortText(50).optional(),
  industry: shortText(50).optional(),
  source: shortText(50).optional(),
  province: shortText(30).optional(),
  city: shortText(30).optional(),
  address: shortText(200).optional(),
  phone: shortText(30).optional(),
  website: shortText(200).optional(),
  tags: z.array(requiredText(20)).max(20).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  notes: longText.optional(),
  custom: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.null()])).optional(),
}

export const createCustomerInput = z.object({
  ...customerFields,
  ownerId: id.optional(),
  contacts: z.array(contactInput).max(50).default([]),
  /** The user saw the duplicate warning and saves anyway. */
  confirmDuplicate: z.boolean().optional(),
}).strict()
export const updateCustomerInput = z.object({ id, ...customerFields, confirmDuplicate: z.boolean().optional() }).strict()

export const listFilters = z.object({
  search: shortText(50).optional(),
  level: z.array(shortText(20)).max(20).optional(),
  category: z.array(shortText(50)).max(50).optional(),
  ownerId: z.array(id).max(200).optional(),
  status: z.array(z.enum(CUSTOMER_STATUSES)).max(3).optional(),
  province: shortText(30).optional(),
  city: shortText(30).optional(),
  tags: z.array(shortText(20)).max(20).optional(),
  /** 'mine' = own customers only; 'visible' = everything the scope allows. */
  scope: z.enum(['mine', 'visible']).optional(),
}).strict()
export const listSort = z.object({ field: z.enum(['updatedAt', 'createdAt', 'name', 'lastFollowupAt']), dir: z.enum(['asc', 'desc']) }).strict()
export const listInput = z.object({ filters: listFilters.default({}), sort: listSort.default({ field: 'updatedAt', dir: 'desc' }), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()

export const duplicateCheckInput = z.object({
  name: shortText(100).optional(), phones: z.array(shortText(30)).max(60).optional(), creditCode: shortText(18).optional(), excludeId: id.optional(),
}).strict()

export const customers = {
  list: method<Page<CustomerListItem>>()(listInput),
  count: method<{ total: number }>()(z.object({ filters: listFilters.default({}) }).strict()),
  stats: method<CustomerStats>()(z.object({ filters: listFilters.default({}) }).strict()),
  get: method<CustomerDetail>()(z.object({ id }).strict()),
  /** `limit`: timeline and follow-ups; `opportunitiesLimit`: the opportunities tab shows up to 100 without paging. */
  page: method<CustomerPage>()(z.object({ id, limit: z.number().int().min(1).max(100).default(50), opportunitiesLimit: z.number().int().min(1).max(100).default(100) }).strict()),
  create: method<CustomerDetail>()(createCustomerInput),
  update: method<CustomerDetail>()(updateCustomerInput),
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
  checkDuplicates: method<DuplicateMatch[]>()(duplicateCheckInput),
  merge: method<CustomerDetail>()(z.object({ survivorId: id, mergedIds: z.array(id).min(1).max(20) }).strict()),
  saveContact: method<ContactRow>()(contactInput.extend({ customerId: id }).strict()),
  removeContact: method<{ ok: true }>()(z.object({ id }).strict()),
  listLevels: method<LevelRow[]>()(noInput),
  saveLevel: method<LevelRow>()(z.object({ id: id.optional(), code: requiredText(20), name: requiredText(30), sort: z.number().int().min(0).max(1000), poolDays: z.number().int().min(1).max(3650).nullable() }).strict()),
  listFields: method<FieldRow[]>()(noInput),
  saveField: method<FieldRow>()(z.object({ id: id.optional(), key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: requiredText(40), type: z.enum(['text', 'number', 'date', 'option']), options: z.array(requiredText(40)).max(50).default([]), sort: z.number().int().min(0).max(1000).default(0) }).strict()),
  removeField: method<{ ok: true }>()(z.object({ id }).strict()),
  listViews: method<SavedViewRow[]>()(noInput),
  saveView: method<SavedViewRow>()(z.object({ id: id.optional(), name: requiredText(40), query: listFilters.extend({ sort: listSort.optional() }).strict() }).strict()),
  removeView: method<{ ok: true }>()(z.object({ id }).strict()),
}
