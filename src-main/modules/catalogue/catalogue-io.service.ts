/**
 * Product import (CSV/xlsx: mapping, per-row report, all-or-nothing commit) and export (CSV
 * with BOM, .xlsx). Import needs catalogue.edit, export catalogue.export; cost columns (floor
 * price, standard cost) need catalogue.viewCost both ways.
 */
import type {
  catalogue, CatalogueImportPreview, CatalogueImportResult, CatalogueImportTarget, ProductSort,
} from '../../../src-preload/contracts/catalogue'
import type { FileOutput, ParsedInputOf } from '../../../src-preload/contracts/define'
import { AppError, forbidden } from '../../core/errors'
import type { Writer } from '../../core/mutation'
import type { Actor } from '../auth/access'
import { readImportTable, toCsvBytes, type ImportTable } from '../customers/import-parse'
import { writeXlsx } from '../customers/xlsx'
import { CategoryResolver, COST_TARGETS, HEADERS, planRows, suggestMapping, type Mapping, type PlannedRow } from './catalogue-import'
import type { CategoriesService } from './categories.service'
import { decodeCursor } from './product-list-query'
import type { CatalogueDeps, ProductsService } from './products.service'

type In<K extends keyof typeof catalogue> = ParsedInputOf<(typeof catalogue)[K]>

export const EXPORT_MAX_PRODUCTS = 200_000
const SAMPLE_ROWS = 10
const MAX_ERROR_ROWS_IN_ERROR = 200
const CSV_MIME = 'text/csv;charset=utf-8'
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function fileOutput(fileName: string, mime: string, bytes: Uint8Array): FileOutput {
  return { fileName, mime, contentBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }
}

function stamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`
}

export const yuanText = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`)
export const taxText = (bp: number) => `${bp / 100}%`

export class CatalogueIoService {
  constructor(private readonly d: CatalogueDeps, private readonly productsSvc: ProductsService, private readonly categories: CategoriesService) {}

  private targets(actor: Actor): CatalogueImportTarget[] {
    const all = Object.keys(HEADERS) as CatalogueImportTarget[]
    return this.productsSvc.canSeeCost(actor) ? all : all.filter((t) => !COST_TARGETS.includes(t))
  }

  private importer(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    return actor
  }

  private plan(actor: Actor, table: ImportTable, input: In<'importPreview'>): { mapping: Mapping; missingRequired: CatalogueImportTarget[]; rows: PlannedRow[]; resolver: CategoryResolver } {
    const mapping: Mapping = input.mapping
      ? Object.fromEntries(table.columns.map((c) => [c, input.mapping?.[c] ?? '']))
      : suggestMapping(table.columns, this.productsSvc.canSeeCost(actor))
    if (!this.productsSvc.canSeeCost(actor) && Object.values(mapping).some((t) => t && COST_TARGETS.includes(t))) throw forbidden('catalogue.viewCost')
    const used = new Set(Object.values(mapping))
    const missingRequired = (['code', 'name'] as const).filter((t) => !used.has(t))
    const resolver = new CategoryResolver(this.d.repo.liveCategories())
    if (missingRequired.length) return { mapping, missingRequired, rows: [], resolver }
    return { mapping, missingRequired, rows: planRows(table, mapping, this.d.repo, resolver, input.duplicateMode), resolver }
  }

  async importPreview(userId: string | null, input: In<'importPreview'>): Promise<CatalogueImportPreview> {
    const actor = this.importer(userId)
    const table = await readImportTable(input.fileName, Buffer.from(input.contentBase64, 'base64'))
    const { mapping, missingRequired, rows } = this.plan(actor, table, input)
    const count = (f: (r: PlannedRow) => boolean) => rows.filter(f).length
    const newPaths = new Set(rows.flatMap((r) => r.report.warnings.filter((w) => w.messageKey === 'catalogue.import.newCategory').map((w) => String(w.params?.path).toLowerCase())))
    return {
      fileType: table.fileType, encoding: table.encoding, delimiter: table.delimiter, columns: table.columns,
      sampleRows: table.rows.slice(0, SAMPLE_ROWS).map((r) => r.cells.slice(0, table.columns.length)),
      mapping, missingRequired, rows: rows.map((r) => r.report),
      totals: {
        rows: table.rows.length, new: count((r) => r.report.status === 'new'), duplicate: count((r) => r.report.status === 'duplicate'), error: count((r) => r.report.status === 'error'),
        create: count((r) => r.report.action === 'create'), update: count((r) => r.report.action === 'update'), skip: count((r) => r.report.action === 'skip'),
        newCategories: newPaths.size,
      },
    }
  }

  /** Checked again inside the one transaction that writes, so the report and the data cannot drift; any error writes nothing. */
  async importCommit(userId: string | null, input: In<'importCommit'>): Promise<CatalogueImportResult> {
    const actor = this.importer(userId)
    const table = await readImportTable(input.fileName, Buffer.from(input.contentBase64, 'base64'))
    return this.d.mutation({ userId: actor.userId }, (w) => {
      const { missingRequired, rows, resolver } = this.plan(actor, table, input)
      if (missingRequired.length) throw new AppError('VALIDATION', 'errors.importCodeNameNotMapped', { missing: missingRequired })
      const bad = rows.filter((r) => r.report.status === 'error')
      if (bad.length) throw new AppError('VALIDATION', 'errors.productImportHasErrors', { errorCount: bad.length, rows: bad.slice(0, MAX_ERROR_ROWS_IN_ERROR).map((r) => r.report) })
      const result: CatalogueImportResult = { created: 0, updated: 0, skipped: 0, categoriesCreated: 0 }
      for (const r of rows) {
        if (r.report.action === 'skip') { result.skipped++; continue }
        const values = { ...r.values }
        if (r.categoryPath?.length) values.categoryId = this.ensurePath(w, resolver, r.categoryPath, result)
        this.productsSvc.write(w, actor, r.existing, values)
        if (r.existing) result.updated++
        else result.created++
      }
      return result
    })
  }

  /** The category of a path, creating the missing levels. */
  private ensurePath(w: Writer, resolver: CategoryResolver, path: string[], result: CatalogueImportResult): string {
    let parent: string | null = null
    for (let i = 0; i < path.length; i++) {
      const hit = resolver.resolve(path.slice(0, i + 1))
      if (hit.missing === 0) { parent = hit.id; continue }
      const created = this.categories.create(w, path[i]!, parent)
      resolver.add(parent, path[i]!, created.id)
      result.categoriesCreated++
      parent = created.id
    }
    return parent!
  }

  async importTemplate(userId: string | null, input: In<'importTemplate'>): Promise<FileOutput> {
    const actor = this.importer(userId)
    const headers = this.targets(actor).map((t) => HEADERS[t])
    if (input.format === 'csv') return fileOutput('产品导入模板.csv', CSV_MIME, toCsvBytes([headers]))
    const notes = [
      ['产品编码', '必填；在未删除的产品中唯一（不区分大小写）。已存在的编码按“重复时”的选择跳过或更新。'],
      ['产品名称', '新产品必填。'],
      ['产品分类', '用“/”分隔各级，如“电子产品/手机”；不存在的分类会自动创建。'],
      ['价格', '单位为元，最多两位小数，如 1299.00。最低售价不能高于标准售价。'],
      ['税率', '如 13%、13 或 0.13，默认 13%。'],
      ['状态', '启用或停用，默认启用。'],
    ]
    const bytes = await writeXlsx({ name: '产品', columns: headers.map((h) => ({ header: h })), rows: [] }, { name: '填写说明', columns: [{ header: '列', width: 18 }, { header: '说明', width: 80 }], rows: notes })
    return fileOutput('产品导入模板.xlsx', XLSX_MIME, bytes)
  }

  async export(userId: string | null, input: In<'export'>): Promise<FileOutput> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    this.d.access.require(actor, 'catalogue.export')
    const withCost = this.productsSvc.canSeeCost(actor)
    const targets = this.targets(actor)
    const paths = this.categoryPaths()
    const sort: ProductSort = input.sort ?? { field: 'code', dir: 'asc' }
    const spec = this.productsSvc.spec(input.filters)
    const rows: string[][] = []
    let after: (string | number)[] | null = null
    for (;;) {
      const page = this.d.repo.listPage({ spec, sort, after, limit: 500, withCost })
      const notes = this.d.repo.notesOf(page.items.map((p) => p.id))
      for (const p of page.items) {
        const cells: Record<CatalogueImportTarget, string> = {
          code: p.code, name: p.name, spec: p.spec ?? '', unit: p.unit ?? '', barcode: p.barcode ?? '',
          category: p.categoryId ? paths.get(p.categoryId) ?? '' : '', listPrice: yuanText(p.listPrice),
          floorPrice: yuanText(p.floorPrice), standardCost: yuanText(p.standardCost), taxRate: taxText(p.taxRate),
          status: p.status === 'active' ? '启用' : '停用', notes: notes.get(p.id) ?? '',
        }
        rows.push(targets.map((t) => cells[t]))
      }
      if (rows.length > EXPORT_MAX_PRODUCTS) throw new AppError('VALIDATION', 'errors.productExportTooLarge', { max: EXPORT_MAX_PRODUCTS })
      if (!page.nextCursor) break
      after = decodeCursor(page.nextCursor, sort)
    }
    const headers = targets.map((t) => HEADERS[t])
    const name = `产品_${stamp(this.d.now())}`
    if (input.format === 'csv') return fileOutput(`${name}.csv`, CSV_MIME, toCsvBytes([headers, ...rows]))
    return fileOutput(`${name}.xlsx`, XLSX_MIME, await writeXlsx({ name: '产品', columns: headers.map((h) => ({ header: h })), rows }))
  }

  /** "电子产品/手机" for every live category, from one read of the tree. */
  private categoryPaths(): Map<string, string> {
    const cats = new Map(this.d.repo.liveCategories().map((c) => [c.id, c]))
    const out = new Map<string, string>()
    const pathOf = (id: string, depth = 0): string => {
      const hit = out.get(id)
      if (hit !== undefined) return hit
      const c = cats.get(id)
      if (!c) return ''
      const parent = c.parentId && depth < 64 ? pathOf(c.parentId, depth + 1) : ''
      const p = parent ? `${parent}/${c.name}` : c.name
      out.set(id, p)
      return p
    }
    for (const id of cats.keys()) pathOf(id)
    return out
  }
}
