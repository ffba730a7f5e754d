/**
 * X-5 for customers: import (CSV/xlsx with mapping, preview and all-or-nothing commit),
 * export of the list view, vCard in and out, and printing. Permission and scope checks are
 * here, in main: import needs customers.import, exports (file and vCard) customers.export,
 * printing customers.view; every customer touched must be inside the caller's data scope.
 */
import type { z } from 'zod'
import type { CustomerListItem, DuplicateMatch, listInput, listSort, listFilters } from '../../../src-preload/contracts/customers'
import type { customersIo, ImportPreview, ImportResult, ImportTarget, selectionInput } from '../../../src-preload/contracts/customers-io'
import type { FileOutput, Page, ParsedInputOf } from '../../../src-preload/contracts/define'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Db } from '../../core/db'
import type { Platform } from '../../platform/ports'
import type { Access, Actor } from '../auth/access'
import { CustomersIoRepository, type ContactRecord, type CustomerRecord } from './customers-io.repository'
import { customerRows, exportHeaders, templateNotes } from './export-rows'
import { readImportTable, toCsvBytes, type ImportTable } from './import-parse'
import { applyImport, planImport, totals, type PlannedGroup } from './import-plan'
import { buildGroups, suggestMapping } from './import-rows'
import { renderPrintHtml, type PrintItem, type PrintKind } from './print-templates'
import { importVcards } from './vcard-import'
import { buildVcard, parseVcards } from './vcard'
import { writeXlsx } from './xlsx'

type In<K extends keyof typeof customersIo> = ParsedInputOf<(typeof customersIo)[K]>
type ListInput = z.output<typeof listInput>
type Selection = z.output<typeof selectionInput>

/** One page of the customer list exactly as the list view shows it (filters, sort, search, scope). */
export type ListPage = (userId: string | null, input: ListInput) => Page<CustomerListItem>

export interface CustomersIoDeps {
  db: Db; mutation: Mutation; access: Access; platform: Platform; now: () => number; listPage: ListPage
  /** The customers module's 查重 (CustomersService.duplicates), for near-identical-name warnings in previews. */
  duplicates?: (actor: Actor, q: { name: string }) => DuplicateMatch[]
}

/** Largest export (rows of customers); beyond it the user narrows the filters. */
export const EXPORT_MAX_CUSTOMERS = 100_000
/** Largest selection for vCard and printing. */
export const SELECTION_MAX = 10_000
const SAMPLE_ROWS = 10
/** Error rows carried in an importHasErrors error (the preview has them all). */
const MAX_ERROR_ROWS_IN_ERROR = 200

function stamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`
}

function fileOutput(fileName: string, mime: string, bytes: Uint8Array): FileOutput {
  return { fileName, mime, contentBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }
}

const CSV_MIME = 'text/csv;charset=utf-8'
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export class CustomersIoService {
  private readonly repo: CustomersIoRepository
  constructor(private readonly deps: CustomersIoDeps) {
    this.repo = new CustomersIoRepository(deps.db)
  }

  // ---- import ----

  async importPreview(userId: string | null, input: In<'importPreview'>): Promise<ImportPreview> {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.import')
    const table = await readImportTable(input.fileName, Buffer.from(input.contentBase64, 'base64'))
    const { mapping, plans, missingRequired } = this.plan(actor, table, input, true)
    return {
      fileType: table.fileType, encoding: table.encoding, delimiter: table.delimiter, columns: table.columns,
      sampleRows: table.rows.slice(0, SAMPLE_ROWS).map((r) => r.cells.slice(0, table.columns.length)),
      mapping, missingRequired, rows: plans.map((p) => p.report), totals: totals(plans, table.rows.length),
    }
  }

  /**
   * All or nothing: the file is checked again inside the one transaction that writes it, so
   * the plan and the data it was checked against cannot drift apart; any error writes nothing.
   */
  async importCommit(userId: string | null, input: In<'importCommit'>): Promise<ImportResult> {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.import')
    const table = await readImportTable(input.fileName, Buffer.from(input.contentBase64, 'base64'))
    return this.deps.mutation({ userId: actor.userId }, (w) => {
      const { plans, missingRequired } = this.plan(actor, table, input)
      if (missingRequired.length) throw new AppError('VALIDATION', 'errors.importNameNotMapped', { missing: missingRequired })
      const bad = plans.filter((p) => p.report.status === 'error')
      if (bad.length) {
        throw new AppError('VALIDATION', 'errors.importHasErrors', { errorCount: bad.length, rows: bad.slice(0, MAX_ERROR_ROWS_IN_ERROR).map((p) => p.report) })
      }
      return applyImport(w, actor.userId, plans, input.fileName)
    })
  }

  private plan(actor: Actor, table: ImportTable, input: In<'importPreview'>, forPreview = false): { mapping: ImportPreview['mapping']; plans: PlannedGroup[]; missingRequired: ImportPreview['missingRequired'] } {
    const refs = { levels: this.repo.levels(), fields: this.repo.fields() }
    const given = input.mapping
    // Only the file's own columns; unknown headers in a given mapping are ignored.
    const mapping: ImportPreview['mapping'] = given ? Object.fromEntries(table.columns.map((c) => [c, (given[c] ?? '') as ImportTarget | ''])) : suggestMapping(table.columns, refs)
    const missingRequired = Object.values(mapping).includes('name') ? [] : ['name' as const]
    if (missingRequired.length) return { mapping, plans: [], missingRequired }
    const groups = buildGroups(table, mapping, refs)
    // Near-identical names only warn, so a commit does not spend time on them.
    const dup = this.deps.duplicates
    const similar = forPreview && dup ? (a: Actor, name: string) => dup(a, { name }) : undefined
    return { mapping, plans: planImport({ repo: this.repo, access: this.deps.access, actor, similar }, groups, input.duplicateMode), missingRequired }
  }

  async importTemplate(userId: string | null, input: In<'importTemplate'>): Promise<FileOutput> {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.import')
    const fields = this.repo.fields()
    const headers = exportHeaders(fields).filter((h) => h.header !== '负责人')
    if (input.format === 'csv') return fileOutput('客户导入模板.csv', CSV_MIME, toCsvBytes([headers.map((h) => h.header)]))
    const notes = templateNotes(this.repo.levels(), fields)
    const bytes = await writeXlsx({ name: '客户', columns: headers, rows: [] }, { name: '填写说明', columns: [{ header: notes[0]![0]!, width: 18 }, { header: notes[0]![1]!, width: 70 }], rows: notes.slice(1) })
    return fileOutput('客户导入模板.xlsx', XLSX_MIME, bytes)
  }

  // ---- export ----

  /** Ids of the list view, every page, in the list's order (the list applies scope and filters). */
  private listIds(userId: string, filters: z.output<typeof listFilters>, sort: z.output<typeof listSort> | undefined, max: number, tooLargeKey: string): string[] {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = this.deps.listPage(userId, { filters, sort: sort ?? { field: 'updatedAt', dir: 'desc' }, cursor, limit: 200 })
      for (const item of page.items) ids.push(item.id)
      if (ids.length > max) throw new AppError('VALIDATION', tooLargeKey, { max })
      cursor = page.nextCursor
    } while (cursor)
    return ids
  }

  async export(userId: string | null, input: In<'export'>): Promise<FileOutput> {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.export')
    const ids = this.listIds(actor.userId, input.filters, input.sort, EXPORT_MAX_CUSTOMERS, 'errors.exportTooLarge')
    const fields = this.repo.fields()
    const headers = exportHeaders(fields)
    const rows: string[][] = []
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = this.repo.customersByIds(ids.slice(i, i + 1000))
      const people = this.repo.contactsOf(batch.map((c) => c.id))
      const owners = this.repo.userNames(batch.map((c) => c.ownerId))
      for (const c of batch) rows.push(...customerRows(c, people.get(c.id) ?? [], fields, c.ownerId ? owners.get(c.ownerId) ?? '' : '', input.contacts))
    }
    const name = `客户_${stamp(this.deps.now())}`
    if (input.format === 'csv') return fileOutput(`${name}.csv`, CSV_MIME, toCsvBytes([headers.map((h) => h.header), ...rows]))
    return fileOutput(`${name}.xlsx`, XLSX_MIME, await writeXlsx({ name: '客户', columns: headers, rows }))
  }

  /**
   * The customers of a selection: explicit ids (each must be inside the caller's scope, or the
   * call is refused) or the list view's filters (which the list already scopes).
   */
  private selection(actor: Actor, sel: Selection): CustomerRecord[] {
    if (!sel.ids) return this.repo.customersByIds(this.listIds(actor.userId, sel.filters ?? {}, undefined, SELECTION_MAX, 'errors.selectionTooLarge'))
    const ids = [...new Set(sel.ids)]
    const found = this.repo.customersByIds(ids)
    if (found.length !== ids.length) throw notFound('customer')
    const all = this.deps.access.visibleOwners(actor, 'customers') === 'all'
    for (const c of found) {
      if (c.ownerId ? !this.deps.access.canSeeOwner(actor, 'customers', c.ownerId) : !all) throw forbidden('customers.scope')
    }
    return found
  }

  /** Contacts shown for a customer: none while it is in the pool (hidden until claimed). */
  private contactsFor(list: CustomerRecord[]): Map<string, ContactRecord[]> {
    return this.repo.contactsOf(list.filter((c) => c.ownerId !== null).map((c) => c.id))
  }

  exportVcard(userId: string | null, input: In<'exportVcard'>): FileOutput {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.export')
    const list = this.selection(actor, input)
    const people = this.contactsFor(list)
    const text = list.flatMap((c) => (people.get(c.id) ?? []).map((p) => buildVcard({
      name: p.name, org: c.name, title: p.title, mobile: p.mobile, phone: p.phone, email: p.email, wechat: p.wechat, birthday: p.birthday,
      address: { province: c.province, city: c.city, street: c.address }, uid: p.id,
    }, input.version))).join('')
    return fileOutput(`联系人_${stamp(this.deps.now())}.vcf`, 'text/vcard;charset=utf-8', Buffer.from(text, 'utf8'))
  }

  importVcard(userId: string | null, input: In<'importVcard'>): ImportResult {
    const actor = this.deps.access.actor(userId)
    const cards = parseVcards(Buffer.from(input.contentBase64, 'base64'))
    if (cards.length === 0) throw new AppError('VALIDATION', 'errors.vcardEmpty')
    return this.deps.mutation({ userId: actor.userId }, (w) => importVcards(w, { repo: this.repo, access: this.deps.access, actor }, cards, { customerId: input.customerId, fileName: input.fileName }))
  }

  // ---- printing ----

  printHtml(userId: string | null, input: In<'printHtml'>): { html: string; count: number } {
    const actor = this.deps.access.actor(userId)
    this.deps.access.require(actor, 'customers.view')
    const list = this.selection(actor, input)
    const people = this.contactsFor(list)
    const items: PrintItem[] = list.flatMap((c) => {
      const shown = people.get(c.id) ?? []
      const item = (p: ContactRecord | undefined): PrintItem => ({
        customerName: c.name, contactName: p?.name ?? null, contactTitle: p?.title ?? null, mobile: p?.mobile ?? null, phone: p?.phone ?? (c.ownerId ? c.phone : null),
        province: c.province, city: c.city, address: c.address,
      })
      // The phone list has a line per contact; addresses and labels one per customer.
      return input.kind === 'phoneList' && shown.length > 1 ? shown.map(item) : [item(shown[0])]
    })
    const d = new Date(this.deps.now())
    const p = (n: number) => String(n).padStart(2, '0')
    const printedAt = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
    return { html: renderPrintHtml(input.kind, input.lang, items, printedAt), count: items.length }
  }

  async printPdf(userId: string | null, input: In<'printPdf'>): Promise<FileOutput> {
    const { html } = this.printHtml(userId, input)
    let pdf: Uint8Array
    try {
      pdf = await this.deps.platform.printing.htmlToPdf(html)
    } catch (err) {
      // Browser mode without a PDF renderer: the page prints the HTML itself.
      this.deps.platform.log.info('PDF rendering unavailable', err instanceof Error ? err.message : err)
      throw new AppError('CONFLICT', 'errors.printUnavailable')
    }
    const names: Record<PrintKind, string> = { addressList: '客户地址清单', phoneList: '客户电话清单', labels: '邮寄标签' }
    return fileOutput(`${names[input.kind]}_${stamp(this.deps.now())}.pdf`, 'application/pdf', pdf)
  }
}
