/**
 * Product import rows: header suggestions, cell parsing (prices in yuan → fen, tax rates,
 * statuses, category paths) and per-row checks against the file and the database. Reading the
 * file itself is the customers module's import-parse.ts (encodings, CSV dialects, .xlsx).
 */
import {
  CATALOGUE_IMPORT_TARGETS, MAX_PRICE_FEN, type CatalogueImportIssue, type CatalogueImportRow, type CatalogueImportTarget,
} from '../../../src-preload/contracts/catalogue'
import type { ImportTable } from '../customers/import-parse'
import type { CatalogueRepository, ProductRecord } from './catalogue.repository'
import type { ProductValues } from './products.service'
import { normCode } from './search'

export type Mapping = Record<string, CatalogueImportTarget | ''>

/** Headers of the template and the export, by target. */
export const HEADERS: Record<CatalogueImportTarget, string> = {
  code: '产品编码', name: '产品名称', spec: '规格型号', unit: '单位', barcode: '条形码', category: '产品分类',
  listPrice: '标准售价(元)', floorPrice: '最低售价(元)', standardCost: '标准成本(元)', taxRate: '税率', status: '状态', notes: '备注',
}
export const COST_TARGETS: readonly CatalogueImportTarget[] = ['floorPrice', 'standardCost']

const SYNONYMS: Record<CatalogueImportTarget, string[]> = {
  code: ['产品编码', '编码', '产品编号', '编号', '货号', '物料编码', 'code', 'sku', 'productcode'],
  name: ['产品名称', '名称', '品名', '商品名称', '产品', 'name', 'productname'],
  spec: ['规格型号', '规格', '型号', 'spec', 'specification', 'model'],
  unit: ['单位', '计量单位', 'unit', 'uom'],
  barcode: ['条形码', '条码', 'barcode', 'ean'],
  category: ['产品分类', '分类', '类别', '产品类别', 'category'],
  listPrice: ['标准售价', '售价', '销售价', '单价', '价格', '零售价', 'listprice', 'price'],
  floorPrice: ['最低售价', '最低价', '底价', 'floorprice', 'minprice'],
  standardCost: ['标准成本', '成本价', '成本', 'standardcost', 'cost'],
  taxRate: ['税率', '税率%', 'taxrate', 'tax'],
  status: ['状态', '启用状态', 'status'],
  notes: ['备注', '说明', 'notes', 'remark', 'remarks'],
}

const normHeader = (h: string) => h.toLowerCase().replace(/[\s_\-()（）]|元|%|％/g, '')

export function suggestMapping(columns: string[], withCost: boolean): Mapping {
  const used = new Set<CatalogueImportTarget>()
  const out: Mapping = {}
  for (const c of columns) {
    const h = normHeader(c)
    const hit = CATALOGUE_IMPORT_TARGETS.find((t) => !used.has(t) && (withCost || !COST_TARGETS.includes(t)) && SYNONYMS[t].some((s) => normHeader(s) === h))
    out[c] = hit ?? ''
    if (hit) used.add(hit)
  }
  return out
}

/** "¥1,234.5" / "12元" → fen; null when not a non-negative amount with at most 2 decimals. */
export function parseYuan(raw: string): number | null {
  const s = raw.replace(/[¥￥,，\s]|元/g, '')
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_PRICE_FEN ? fen : null
}

/** "13%" / "13" / "0.13" → 1300 basis points. */
export function parseTaxRate(raw: string): number | null {
  const s = raw.replace(/\s/g, '')
  const m = /^(\d{1,3}(?:\.\d{1,4})?)(%|％)?$/.exec(s)
  if (!m) return null
  const n = Number(m[1])
  const bp = m[2] ? n * 100 : n < 1 && s.includes('.') ? n * 10_000 : n * 100
  const r = Math.round(bp)
  return r >= 0 && r <= 10_000 && Math.abs(r - bp) < 1e-6 ? r : null
}

const STATUS_WORDS: Record<string, 'active' | 'inactive'> = {
  启用: 'active', 正常: 'active', 在售: 'active', 有效: 'active', 是: 'active', active: 'active', enabled: 'active',
  停用: 'inactive', 禁用: 'inactive', 停售: 'inactive', 无效: 'inactive', 否: 'inactive', inactive: 'inactive', disabled: 'inactive',
}

export function splitCategoryPath(raw: string): string[] {
  return raw.split(/[/>＞\\]/).map((s) => s.trim()).filter(Boolean)
}

export interface PlannedRow {
  report: CatalogueImportRow
  values: ProductValues
  existing: ProductRecord | null
  /** Category path segments, when the row names one. */
  categoryPath: string[] | null
}

const LIMITS: Partial<Record<CatalogueImportTarget, number>> = { code: 40, name: 100, spec: 100, unit: 10, notes: 20_000 }

/** Resolves category paths by name (case-insensitive) against the live tree. */
export class CategoryResolver {
  private readonly byParent = new Map<string | null, Map<string, string>>()
  constructor(categories: { id: string; name: string; parentId: string | null }[]) {
    for (const c of categories) {
      let m = this.byParent.get(c.parentId)
      if (!m) this.byParent.set(c.parentId, (m = new Map()))
      m.set(c.name.toLowerCase(), c.id)
    }
  }
  /** The id of the deepest existing category of the path, and how many segments are missing. */
  resolve(path: string[]): { id: string | null; missing: number } {
    let parent: string | null = null
    for (let i = 0; i < path.length; i++) {
      const id: string | undefined = this.byParent.get(parent)?.get(path[i]!.toLowerCase())
      if (!id) return { id: parent, missing: path.length - i }
      parent = id
    }
    return { id: parent, missing: 0 }
  }
  add(parentId: string | null, name: string, id: string): void {
    let m = this.byParent.get(parentId)
    if (!m) this.byParent.set(parentId, (m = new Map()))
    m.set(name.toLowerCase(), id)
  }
}

/** Checks every row of the file; nothing is written here. */
export function planRows(table: ImportTable, mapping: Mapping, repo: CatalogueRepository, categories: CategoryResolver, mode: 'skip' | 'update'): PlannedRow[] {
  const col = new Map<CatalogueImportTarget, number>()
  table.columns.forEach((c, i) => { const t = mapping[c]; if (t) col.set(t, i) })
  const codesSeen = new Map<string, number>()
  const barcodesSeen = new Map<string, number>()
  return table.rows.map(({ row, cells }) => {
    const cell = (t: CatalogueImportTarget) => { const i = col.get(t); return i === undefined ? '' : (cells[i] ?? '').trim() }
    const errors: CatalogueImportIssue[] = []
    const warnings: CatalogueImportIssue[] = []
    const err = (field: string, messageKey: string, params?: CatalogueImportIssue['params']) => errors.push({ row, field, messageKey, ...(params ? { params } : {}) })
    for (const [t, max] of Object.entries(LIMITS) as [CatalogueImportTarget, number][]) if ([...cell(t)].length > max) err(t, 'errors.importTooLong', { max })
    const code = cell('code')
    const name = cell('name')
    const values: ProductValues = { code, name: name || undefined }
    if (!code) err('code', 'errors.importCodeRequired')
    const existing = code ? repo.productByCode(code) ?? null : null
    if (!name && !existing) err('name', 'errors.importProductNameRequired')
    if (code) {
      const k = normCode(code)
      const first = codesSeen.get(k)
      if (first !== undefined) err('code', 'errors.importDuplicateCodeInFile', { code, firstRow: first })
      else codesSeen.set(k, row)
    }
    for (const t of ['spec', 'unit', 'notes'] as const) { const v = cell(t); if (v) values[t] = v }
    const barcode = cell('barcode')
    if (barcode) {
      if (!/^[0-9A-Za-z-]{4,40}$/.test(barcode)) err('barcode', 'errors.importInvalidBarcode', { value: barcode })
      else {
        const first = barcodesSeen.get(barcode)
        const taken = repo.barcodeTakenBy(barcode, existing?.id)
        if (first !== undefined) err('barcode', 'errors.importDuplicateBarcodeInFile', { value: barcode, firstRow: first })
        else if (taken) err('barcode', 'errors.importBarcodeTaken', { value: barcode, code: taken.code })
        barcodesSeen.set(barcode, row)
        values.barcode = barcode
      }
    }
    for (const t of ['listPrice', 'floorPrice', 'standardCost'] as const) {
      const raw = cell(t)
      if (!raw) continue
      const fen = parseYuan(raw)
      if (fen === null) err(t, 'errors.importInvalidPrice', { value: raw })
      else values[t] = fen
    }
    const floor = values.floorPrice ?? (existing && repo.costOf(existing.id)?.floorPrice) ?? null
    const list = values.listPrice ?? existing?.listPrice ?? 0
    if (floor !== null && floor > list && (values.floorPrice !== undefined || values.listPrice !== undefined)) err('floorPrice', 'errors.importFloorAboveList')
    const tax = cell('taxRate')
    if (tax) { const bp = parseTaxRate(tax); if (bp === null) err('taxRate', 'errors.importInvalidTaxRate', { value: tax }); else values.taxRate = bp }
    const status = cell('status')
    if (status) { const s = STATUS_WORDS[status.toLowerCase()]; if (!s) err('status', 'errors.importInvalidProductStatus', { value: status }); else values.status = s }
    let categoryPath: string[] | null = null
    const catRaw = cell('category')
    if (catRaw) {
      categoryPath = splitCategoryPath(catRaw)
      if (categoryPath.some((s) => [...s].length > 50)) err('category', 'errors.importTooLong', { max: 50 })
      else if (categoryPath.length && categories.resolve(categoryPath).missing > 0) warnings.push({ row, field: 'category', messageKey: 'catalogue.import.newCategory', params: { path: categoryPath.join(' / ') } })
    }
    const isError = errors.length > 0
    const report: CatalogueImportRow = {
      row, code, name: name || existing?.name || '',
      status: isError ? 'error' : existing ? 'duplicate' : 'new',
      action: isError ? null : existing ? mode : 'create',
      errors, warnings,
    }
    return { report, values, existing, categoryPath }
  })
}
