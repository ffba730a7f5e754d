/**
 * The columns of customer exports and of the import template. Headers are the Chinese ones
 * the import suggests mappings for, so an exported file imports back without remapping.
 */
import type { ImportTarget } from '../../../src-preload/contracts/customers-io'
import type { ContactRecord, CustomerRecord } from './customers-io.repository'
import { STATUS_LABELS, type RefField, type RefLevel } from './import-rows'

interface Column { header: string; target: ImportTarget | null; width: number; note: string }

export const EXPORT_COLUMNS: Column[] = [
  { header: '客户名称', target: 'name', width: 30, note: '必填；同一客户的多个联系人写在相邻的多行，客户名称相同' },
  { header: '统一社会信用代码', target: 'creditCode', width: 22, note: '18 位，校验位必须正确' },
  { header: '级别', target: 'level', width: 8, note: '' },
  { header: '分类', target: 'category', width: 12, note: '' },
  { header: '行业', target: 'industry', width: 12, note: '' },
  { header: '来源', target: 'source', width: 12, note: '' },
  { header: '省份', target: 'province', width: 10, note: '' },
  { header: '城市', target: 'city', width: 10, note: '' },
  { header: '地址', target: 'address', width: 36, note: '' },
  { header: '电话', target: 'phone', width: 16, note: '公司电话（座机）' },
  { header: '网址', target: 'website', width: 22, note: '' },
  { header: '标签', target: 'tags', width: 16, note: '多个标签用 “、” “；” 或 “,” 分隔' },
  { header: '状态', target: 'status', width: 8, note: '潜在 / 活跃 / 流失（或 potential / active / lost）' },
  { header: '备注', target: 'notes', width: 30, note: '' },
  { header: '联系人', target: 'contact.name', width: 10, note: '填写任一联系人信息时必填' },
  { header: '职务', target: 'contact.title', width: 12, note: '' },
  { header: '手机', target: 'contact.mobile', width: 14, note: '11 位手机号，或以 + 开头的国际号码' },
  { header: '联系人电话', target: 'contact.phone', width: 16, note: '' },
  { header: '邮箱', target: 'contact.email', width: 24, note: '' },
  { header: '微信', target: 'contact.wechat', width: 14, note: '' },
  { header: '生日', target: 'contact.birthday', width: 12, note: '如 1990-03-01 或 1990/3/1' },
]
/** Export-only column (an import ignores it: owners of imported customers are the importer). */
const OWNER_HEADER = '负责人'

export function exportHeaders(fields: RefField[]): { header: string; width: number }[] {
  return [...EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width })), ...fields.map((f) => ({ header: f.label, width: 14 })), { header: OWNER_HEADER, width: 10 }]
}

function customerCells(c: CustomerRecord, fields: RefField[]): Record<string, string> {
  const custom = Object.fromEntries(fields.map((f) => {
    const v = c.custom[f.key]
    return [`custom.${f.key}`, v === null || v === undefined ? '' : String(v)]
  }))
  return {
    name: c.name, creditCode: c.creditCode ?? '', level: c.level ?? '', category: c.category ?? '', industry: c.industry ?? '', source: c.source ?? '',
    province: c.province ?? '', city: c.city ?? '', address: c.address ?? '', phone: c.ownerId ? c.phone ?? '' : '', website: c.website ?? '',
    tags: c.tags.join('、'), status: STATUS_LABELS[c.status], notes: c.notes ?? '', ...custom,
  }
}

function contactCells(p: ContactRecord | undefined): Record<string, string> {
  return {
    'contact.name': p?.name ?? '', 'contact.title': p?.title ?? '', 'contact.mobile': p?.mobile ?? '', 'contact.phone': p?.phone ?? '',
    'contact.email': p?.email ?? '', 'contact.wechat': p?.wechat ?? '', 'contact.birthday': p?.birthday ?? '',
  }
}

/**
 * Rows of one customer: its primary contact only, or one row per contact (the customer's
 * values repeated, which the import reads back as one customer with several contacts).
 * Contacts of pool customers stay hidden, as everywhere else.
 */
export function customerRows(c: CustomerRecord, people: ContactRecord[], fields: RefField[], ownerName: string, contacts: 'primary' | 'all'): string[][] {
  const base = customerCells(c, fields)
  const shown = c.ownerId === null ? [] : contacts === 'all' ? people : people.slice(0, 1)
  const list: (ContactRecord | undefined)[] = shown.length ? shown : [undefined]
  return list.map((p) => {
    const cells: Record<string, string> = { ...base, ...contactCells(p) }
    return [...EXPORT_COLUMNS.map((col) => cells[col.target ?? ''] ?? ''), ...fields.map((f) => cells[`custom.${f.key}`] ?? ''), ownerName]
  })
}

/** The template's second sheet: what each column takes, with the levels and option values in use. */
export function templateNotes(levels: RefLevel[], fields: RefField[]): string[][] {
  const rows = [['列', '说明'], ...EXPORT_COLUMNS.map((c) => [c.header, c.target === 'level' ? `可填：${levels.map((l) => `${l.code}（${l.name}）`).join('、') || '（未设置级别）'}` : c.note])]
  for (const f of fields) rows.push([f.label, f.type === 'option' ? `可填：${f.options.join('、')}` : f.type === 'date' ? '日期，如 2026-01-05' : f.type === 'number' ? '数字' : ''])
  return rows
}
