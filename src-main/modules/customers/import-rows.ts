/**
 * From an import table to customer drafts: the suggested column mapping (Chinese and English
 * headers), grouping of consecutive rows of the same customer into one customer with several
 * contacts, and per-row validation with message keys the renderer translates. No database:
 * levels and custom fields come in as reference data; duplicates are checked by the service.
 */
import { z } from 'zod'
import { IMPORT_TARGETS, type ImportIssue, type ImportTarget } from '../../../src-preload/contracts/customers-io'
import { contactInput, customerFields, type CustomerStatus } from '../../../src-preload/contracts/customers'
import type { ImportTable } from './import-parse'
import { isValidCreditCode, normalizePhone, toHalfWidth } from './search-keys'

type BuiltinTarget = (typeof IMPORT_TARGETS)[number]

/** Header spellings (normalised: lower case, no spaces, punctuation or bracketed hints). */
const HEADER_ALIASES: Record<BuiltinTarget, string[]> = {
  name: ['客户名称', '客户名', '公司名称', '公司名', '企业名称', '单位名称', '客户', '公司', '名称', 'name', 'customer', 'customername', 'company', 'companyname'],
  creditCode: ['统一社会信用代码', '社会信用代码', '信用代码', '税号', '纳税人识别号', 'creditcode', 'uscc', 'taxid'],
  level: ['级别', '客户级别', '等级', '客户等级', 'level', 'grade'],
  category: ['分类', '客户分类', '类别', '客户类别', '客户类型', '类型', 'category', 'type'],
  industry: ['行业', '所属行业', 'industry'],
  source: ['来源', '客户来源', 'source', 'leadsource'],
  province: ['省份', '省', '所在省份', '省直辖市', 'province', 'state'],
  city: ['城市', '市', '所在城市', 'city'],
  address: ['地址', '详细地址', '公司地址', '联系地址', '通讯地址', '通信地址', 'address', 'street'],
  phone: ['电话', '公司电话', '座机', '固定电话', '总机', 'phone', 'telephone', 'tel', 'companyphone'],
  website: ['网址', '网站', '公司网站', '主页', 'website', 'web', 'url', 'homepage'],
  tags: ['标签', 'tags', 'tag'],
  status: ['状态', '客户状态', 'status'],
  notes: ['备注', '说明', '描述', 'notes', 'note', 'remark', 'remarks', 'description'],
  'contact.name': ['联系人', '联系人姓名', '姓名', 'contact', 'contactname', 'contactperson'],
  'contact.title': ['职务', '职位', '联系人职务', 'title', 'jobtitle', 'position'],
  'contact.mobile': ['手机', '手机号', '手机号码', '移动电话', '联系人手机', 'mobile', 'cell', 'cellphone', 'mobilephone'],
  'contact.phone': ['联系人电话', '联系电话', '办公电话', 'contactphone', 'workphone', 'officephone'],
  'contact.email': ['邮箱', '电子邮箱', '电子邮件', '邮件', '联系人邮箱', 'email', 'e-mail', 'mail'],
  'contact.wechat': ['微信', '微信号', '联系人微信', 'wechat', 'weixin'],
  'contact.birthday': ['生日', '出生日期', '联系人生日', 'birthday', 'birthdate', 'bday', 'dateofbirth'],
}

export interface RefField { key: string; label: string; type: 'text' | 'number' | 'date' | 'option'; options: string[] }
export interface RefLevel { code: string; name: string }
export interface ImportRefs { levels: RefLevel[]; fields: RefField[] }

function normHeader(h: string): string {
  return toHalfWidth(h).toLowerCase().replace(/[(（[【].*?[)）\]】]/g, '').replace(/[\s*:：_\-/\\.]/g, '')
}

/** A target per column from its header; each target is suggested for one column at most. */
export function suggestMapping(columns: string[], refs: ImportRefs): Record<string, ImportTarget | ''> {
  const lookup = new Map<string, ImportTarget>()
  for (const t of IMPORT_TARGETS) for (const a of HEADER_ALIASES[t]) lookup.set(normHeader(a), t)
  for (const f of refs.fields) { lookup.set(normHeader(f.label), `custom.${f.key}`); lookup.set(normHeader(f.key), `custom.${f.key}`) }
  const used = new Set<string>()
  const out: Record<string, ImportTarget | ''> = {}
  for (const col of columns) {
    const t = lookup.get(normHeader(col))
    out[col] = t && !used.has(t) ? t : ''
    if (t) used.add(t)
  }
  return out
}

export interface CustomerDraft {
  name: string; creditCode?: string; level?: string; category?: string; industry?: string; source?: string
  province?: string; city?: string; address?: string; phone?: string; website?: string; tags?: string[]
  status?: CustomerStatus; notes?: string; custom: Record<string, string | number>
}
export interface ContactDraft { row: number; name: string; title?: string; mobile?: string; phone?: string; email?: string; wechat?: string; birthday?: string }
export interface ImportGroup { row: number; lastRow: number; customer: CustomerDraft; contacts: ContactDraft[]; errors: ImportIssue[]; warnings: ImportIssue[] }

const STATUS_WORDS: Record<string, CustomerStatus> = {
  potential: 'potential', 潜在: 'potential', 潜在客户: 'potential', 意向: 'potential', 意向客户: 'potential',
  active: 'active', 活跃: 'active', 成交: 'active', 成交客户: 'active', 正式客户: 'active', 合作中: 'active', 已成交: 'active',
  lost: 'lost', 流失: 'lost', 流失客户: 'lost', 已流失: 'lost',
}
export const STATUS_LABELS: Record<CustomerStatus, string> = { potential: '潜在', active: '活跃', lost: '流失' }

/** Dates as people type them (2026-1-5, 2026/01/05, 2026年1月5日, 20260105) or Excel serials. */
export function normalizeDate(v: string): string | null {
  const s = toHalfWidth(v).trim()
  let y: number, m: number, d: number
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (parts) [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  else if (/^\d{5}$/.test(s) && Number(s) > 1 && Number(s) < 73_050) {
    const dt = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000)
    ;[y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()]
  } else return null
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1900 || y > 2100) return null
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

const PHONE_CHARS = /^[\d\s()+\-–—转#*.xXextEXT]+$/
export function isValidPhone(v: string): boolean {
  const digits = normalizePhone(v)
  return PHONE_CHARS.test(toHalfWidth(v)) && digits.length >= 5 && digits.length <= 20
}
/** Mainland mobiles (1[3-9] + 9 digits, optionally +86); foreign numbers written with +. */
export function isValidMobile(v: string): boolean {
  const s = toHalfWidth(v).trim()
  const digits = normalizePhone(s)
  if (/^1[3-9]\d{9}$/.test(digits)) return PHONE_CHARS.test(s)
  return /^\+/.test(s) && PHONE_CHARS.test(s) && digits.length >= 7 && digits.length <= 15
}

export function splitTags(v: string): string[] {
  return [...new Set(v.split(/[；;,，、|]/).map((t) => t.trim()).filter(Boolean))]
}

const CUSTOMER_TARGETS = ['name', 'creditCode', 'level', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website', 'tags', 'status', 'notes'] as const
const emailSchema = z.email()
const contactSchema = contactInput.omit({ id: true, isPrimary: true })
const draftSchema = z.object(customerFields).pick({ name: true, creditCode: true, level: true, category: true, industry: true, source: true, province: true, city: true, address: true, phone: true, website: true, tags: true, notes: true })

function zodIssues(row: number, prefix: string, err: z.ZodError): ImportIssue[] {
  return err.issues.map((i) => {
    const field = prefix + String(i.path[0] ?? '')
    if (i.code === 'too_big') return { row, field, messageKey: 'errors.importTooLong', params: { max: Number(i.maximum) } }
    if (i.code === 'too_small') return { row, field, messageKey: field === 'name' ? 'errors.importNameRequired' : 'errors.importInvalidValue' }
    return { row, field, messageKey: 'errors.importInvalidValue' }
  })
}

function readRow(cells: string[], columnIndex: Map<ImportTarget, number[]>): Map<ImportTarget, string> {
  const values = new Map<ImportTarget, string>()
  for (const [target, idxs] of columnIndex) {
    const v = idxs.map((i) => cells[i] ?? '').find((c) => c.trim() !== '')
    if (v !== undefined) values.set(target, v.trim())
  }
  return values
}

/** Builds and validates one customer from its first row's values. */
function customerFrom(row: number, v: Map<ImportTarget, string>, refs: ImportRefs, issues: ImportIssue[]): CustomerDraft {
  const draft: CustomerDraft = { name: v.get('name') ?? '', custom: {} }
  for (const t of CUSTOMER_TARGETS) {
    const raw = v.get(t)
    if (raw === undefined || t === 'name') continue
    if (t === 'tags') draft.tags = splitTags(raw)
    else if (t === 'status') {
      const s = STATUS_WORDS[raw.toLowerCase()]
      if (s) draft.status = s
      else issues.push({ row, field: t, messageKey: 'errors.importInvalidStatus', params: { value: raw } })
    } else if (t === 'level') {
      const lv = refs.levels.find((l) => l.code.toLowerCase() === raw.toLowerCase() || l.name === raw || normHeader(l.name) === normHeader(raw))
      if (lv) draft.level = lv.code
      else issues.push({ row, field: t, messageKey: 'errors.importUnknownLevel', params: { value: raw } })
    } else if (t === 'creditCode') {
      const code = toHalfWidth(raw).toUpperCase().replace(/\s/g, '')
      if (isValidCreditCode(code)) draft.creditCode = code
      else issues.push({ row, field: t, messageKey: 'errors.importInvalidCreditCode', params: { value: raw } })
    } else if (t === 'phone') {
      if (isValidPhone(raw)) draft.phone = raw
      else issues.push({ row, field: t, messageKey: 'errors.importInvalidPhone', params: { value: raw } })
    } else draft[t] = raw
  }
  if (!draft.name) issues.push({ row, field: 'name', messageKey: 'errors.importNameRequired' })
  else {
    const parsed = draftSchema.safeParse(draft)
    if (!parsed.success) issues.push(...zodIssues(row, '', parsed.error))
  }
  for (const f of refs.fields) {
    const raw = v.get(`custom.${f.key}`)
    if (raw === undefined) continue
    const field = `custom.${f.key}`
    if (f.type === 'number') {
      const n = Number(raw.replace(/[,，\s]/g, ''))
      if (Number.isFinite(n)) draft.custom[f.key] = n
      else issues.push({ row, field, messageKey: 'errors.importInvalidNumber', params: { value: raw } })
    } else if (f.type === 'date') {
      const d = normalizeDate(raw)
      if (d) draft.custom[f.key] = d
      else issues.push({ row, field, messageKey: 'errors.importInvalidDate', params: { value: raw } })
    } else if (f.type === 'option' && !f.options.includes(raw)) {
      issues.push({ row, field, messageKey: 'errors.importInvalidOption', params: { value: raw } })
    } else if (raw.length > 500) issues.push({ row, field, messageKey: 'errors.importTooLong', params: { max: 500 } })
    else draft.custom[f.key] = raw
  }
  return draft
}

function contactFrom(row: number, v: Map<ImportTarget, string>, issues: ImportIssue[]): ContactDraft | null {
  const c: ContactDraft = { row, name: v.get('contact.name') ?? '' }
  const title = v.get('contact.title'); if (title !== undefined) c.title = title
  const wechat = v.get('contact.wechat'); if (wechat !== undefined) c.wechat = wechat
  const mobile = v.get('contact.mobile')
  if (mobile !== undefined) {
    if (isValidMobile(mobile)) c.mobile = mobile
    else issues.push({ row, field: 'contact.mobile', messageKey: 'errors.importInvalidMobile', params: { value: mobile } })
  }
  const phone = v.get('contact.phone')
  if (phone !== undefined) {
    if (isValidPhone(phone)) c.phone = phone
    else issues.push({ row, field: 'contact.phone', messageKey: 'errors.importInvalidPhone', params: { value: phone } })
  }
  const email = v.get('contact.email')
  if (email !== undefined) {
    if (emailSchema.safeParse(email).success) c.email = email
    else issues.push({ row, field: 'contact.email', messageKey: 'errors.importInvalidEmail', params: { value: email } })
  }
  const birthday = v.get('contact.birthday')
  if (birthday !== undefined) {
    const d = normalizeDate(birthday)
    if (d) c.birthday = d
    else issues.push({ row, field: 'contact.birthday', messageKey: 'errors.importInvalidDate', params: { value: birthday } })
  }
  const hasAny = [...v.keys()].some((k) => k.startsWith('contact.'))
  if (!hasAny) return null
  if (!c.name) { issues.push({ row, field: 'contact.name', messageKey: 'errors.importContactNameRequired' }); return null }
  const { row: _row, ...fields } = c
  const parsed = contactSchema.safeParse(fields)
  if (!parsed.success) issues.push(...zodIssues(row, 'contact.', parsed.error))
  return c
}

/** Customer values of a later row fill gaps; a differing value is an error, never silently dropped. */
function mergeCustomerValues(row: number, first: Map<ImportTarget, string>, v: Map<ImportTarget, string>, issues: ImportIssue[]): void {
  for (const [t, value] of v) {
    if (t.startsWith('contact.') || t === 'name') continue
    const before = first.get(t)
    if (before === undefined) first.set(t, value)
    else if (before !== value) issues.push({ row, field: t, messageKey: 'errors.importConflictingValues', params: { value, expected: before } })
  }
}

/**
 * Groups rows into customers: a row continues the previous customer when its name is the same
 * (or empty, as under merged cells) and it brings only contact data; then validates each.
 */
export function buildGroups(table: ImportTable, mapping: Record<string, ImportTarget | ''>, refs: ImportRefs): ImportGroup[] {
  const columnIndex = new Map<ImportTarget, number[]>()
  table.columns.forEach((col, i) => {
    const t = mapping[col]
    if (!t) return
    if (t.startsWith('custom.') && !refs.fields.some((f) => `custom.${f.key}` === t)) return
    columnIndex.set(t, [...(columnIndex.get(t) ?? []), i])
  })
  const groups: ImportGroup[] = []
  let current: { group: ImportGroup; merged: Map<ImportTarget, string> } | null = null
  // The customer is built once its rows are known, so a value given only on a later row counts.
  const finish = () => { if (current) current.group.customer = customerFrom(current.group.row, current.merged, refs, current.group.errors) }
  for (const { row, cells } of table.rows) {
    const v = readRow(cells, columnIndex)
    if (v.size === 0) continue
    const name = v.get('name') ?? ''
    const onlyContact = [...v.keys()].every((k) => k.startsWith('contact.'))
    const continues = current !== null && (name === (current.merged.get('name') ?? '') ? name !== '' : name === '' && onlyContact && current.merged.has('name'))
    if (current && continues) {
      mergeCustomerValues(row, current.merged, v, current.group.errors)
      const contact = contactFrom(row, v, current.group.errors)
      if (contact) current.group.contacts.push(contact)
      current.group.lastRow = row
      continue
    }
    finish()
    const errors: ImportIssue[] = []
    const contact = contactFrom(row, v, errors)
    current = { group: { row, lastRow: row, customer: { name, custom: {} }, contacts: contact ? [contact] : [], errors, warnings: [] }, merged: new Map([...v].filter(([k]) => !k.startsWith('contact.'))) }
    groups.push(current.group)
  }
  finish()
  for (const g of groups) if (g.contacts.length > 50) g.errors.push({ row: g.row, field: 'contact.name', messageKey: 'errors.importTooManyContacts', params: { max: 50 } })
  return groups
}
