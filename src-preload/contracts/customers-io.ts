import { z } from 'zod'
import { fileInput, id, method, MAX_FILE_BYTES, type FileOutput } from './define'
import { listFilters, listSort, type DuplicateMatch } from './customers'

export const IMPORT_DUPLICATE_MODES = ['skip', 'update', 'create'] as const
/** Target fields an import column can map to; custom fields as `custom.<key>`. */
export const IMPORT_TARGETS = ['name', 'creditCode', 'level', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website', 'tags', 'status', 'notes',
  'contact.name', 'contact.title', 'contact.mobile', 'contact.phone', 'contact.email', 'contact.wechat', 'contact.birthday'] as const
export type ImportTarget = (typeof IMPORT_TARGETS)[number] | `custom.${string}`
export const importTarget = z.union([z.enum(IMPORT_TARGETS), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,39}$/), z.literal('')])
export const importInput = fileInput.extend({
  /** Column header → target field ('' = ignore); omitted on the first preview to get suggestions. */
  mapping: z.record(z.string().max(100), importTarget).optional(),
  /** What to do with a customer that already exists: skip it, update it (non-empty cells overwrite, contacts are added) or create another. */
  duplicateMode: z.enum(IMPORT_DUPLICATE_MODES).default('skip'),
}).strict()

/** One problem with a row: `field` is an import target; the renderer translates `messageKey` with `params`. */
export interface ImportIssue { row: number; field: string; messageKey: string; params?: Record<string, string | number> }
/**
 * One customer of the file: consecutive rows with the same customer name are one customer with
 * several contacts, so a report spans spreadsheet rows `row`..`lastRow` (the header is row 1).
 */
export interface ImportRowReport {
  row: number; lastRow: number; name: string; contacts: number
  status: 'new' | 'duplicate' | 'error'
  /** What a commit would do with this customer under the chosen duplicate mode; null for errors. */
  action: 'create' | 'update' | 'skip' | null
  errors: ImportIssue[]
  /** Not blocking, e.g. a similar (not identical) name exists. */
  warnings: ImportIssue[]
  /** An existing customer it duplicates (only the owner's name when the caller cannot open it). */
  duplicateOf: DuplicateMatch | null
  /** The first row of an earlier customer in the same file that it duplicates. */
  duplicateOfRow: number | null
}
export interface ImportPreview {
  fileType: 'csv' | 'xlsx'
  /** 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'xlsx' */
  encoding: string
  delimiter: ',' | '\t' | ';' | null
  columns: string[]
  /** The first rows of the file as read (at most 10). */
  sampleRows: string[][]
  /** The mapping used: the one given, or the suggestion from the headers. */
  mapping: Record<string, ImportTarget | ''>
  /** Required targets no column maps to (then `rows` is empty). */
  missingRequired: ImportTarget[]
  rows: ImportRowReport[]
  totals: { rows: number; customers: number; contacts: number; new: number; duplicate: number; error: number; create: number; update: number; skip: number }
}
export interface ImportResult { created: number; updated: number; skipped: number; contacts: number }

export const PRINT_KINDS = ['addressList', 'phoneList', 'labels'] as const
/**
 * Which customers a vCard export or a print covers: the ids given (each must be inside the
 * caller's scope, or the call is refused), else the list view's filters (all pages, scoped).
 * Contacts of customers in the pool stay hidden.
 */
export const selectionInput = z.object({ ids: z.array(id).max(10_000).optional(), filters: listFilters.optional() }).strict()

/** X-5 for customers: import, export, vCard and printing. Part of the `customers` domain. */
export const customersIo = {
  /** Reads the file and reports what a commit would do, row by row; without `mapping`, suggests one from the headers. Needs customers.import. */
  importPreview: method<ImportPreview>()(importInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  /** All or nothing, in one transaction: any row with an error (errors.importHasErrors, details.rows) writes nothing. */
  importCommit: method<ImportResult>()(importInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  /** An empty import file with the Chinese headers (and custom fields); .xlsx adds a sheet of notes. */
  importTemplate: method<FileOutput>()(z.object({ format: z.enum(['csv', 'xlsx']) }).strict()),
  /** The list view (filters + sort, all pages) as CSV (UTF-8 with BOM) or .xlsx; `contacts: 'all'` writes one row per contact. */
  export: method<FileOutput>()(z.object({ filters: listFilters.default({}), sort: listSort.optional(), format: z.enum(['csv', 'xlsx']), contacts: z.enum(['primary', 'all']).default('primary') }).strict()),
  /** vCard 3.0 or 4.0 of the selection's contacts (ORG = customer name); needs customers.export. */
  exportVcard: method<FileOutput>()(selectionInput.extend({ version: z.enum(['3.0', '4.0']).default('3.0') }).strict()),
  /** Contacts from a .vcf into one customer, or (without customerId) into customers found or created by ORG. */
  importVcard: method<ImportResult>()(fileInput.extend({ customerId: id.optional() }).strict(), 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  /** Printable HTML (address list, phone list, 2×7 A4 labels) for the selection. */
  printHtml: method<{ html: string; count: number }>()(selectionInput.extend({ kind: z.enum(PRINT_KINDS), lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict()),
  /** The same as a PDF through the printing port (Electron, or the headless host with a system Chromium); else CONFLICT errors.printUnavailable and the page prints the HTML itself. */
  printPdf: method<FileOutput>()(selectionInput.extend({ kind: z.enum(PRINT_KINDS), lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict()),
}
