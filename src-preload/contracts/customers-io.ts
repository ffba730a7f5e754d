import { z } from 'zod'
import { fileInput, id, method, MAX_FILE_BYTES, type FileOutput } from './define'
import { listFilters, listSort, type DuplicateMatch } from './customers'

export const IMPORT_DUPLICATE_MODES = ['skip', 'update', 'create'] as const
/** Target fields an import column can map to. */
export const IMPORT_TARGETS = ['name', 'creditCode', 'level', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website', 'tags', 'status', 'notes',
  'contact.name', 'contact.title', 'contact.mobile', 'contact.phone', 'contact.email', 'contact.wechat', 'contact.birthday'] as const
export const importInput = fileInput.extend({
  /** Column header → target field; omitted on the first preview to get suggestions. */
  mapping: z.record(z.string().max(100), z.enum(IMPORT_TARGETS).or(z.literal(''))).optional(),
  duplicateMode: z.enum(IMPORT_DUPLICATE_MODES).default('skip'),
}).strict()
export interface ImportRowReport { row: number; status: 'new' | 'duplicate' | 'error'; name: string; errors: string[]; duplicateOf: DuplicateMatch | null }
export interface ImportPreview {
  columns: string[]; sampleRows: string[][]; mapping: Record<string, string>; encoding: string
  rows: ImportRowReport[]; totals: { rows: number; new: number; duplicate: number; error: number }
}
export interface ImportResult { created: number; updated: number; skipped: number }

export const PRINT_KINDS = ['addressList', 'phoneList', 'labels'] as const
export const selectionInput = z.object({ ids: z.array(id).max(10_000).optional(), filters: listFilters.optional() }).strict()

/** X-5 for customers: import, export, vCard and printing. Part of the `customers` domain. */
export const customersIo = {
  importPreview: method<ImportPreview>()(importInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  importCommit: method<ImportResult>()(importInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  importTemplate: method<FileOutput>()(z.object({ format: z.enum(['csv', 'xlsx']) }).strict()),
  export: method<FileOutput>()(z.object({ filters: listFilters.default({}), sort: listSort.optional(), format: z.enum(['csv', 'xlsx']) }).strict()),
  exportVcard: method<FileOutput>()(selectionInput.extend({ version: z.enum(['3.0', '4.0']).default('3.0') }).strict()),
  importVcard: method<ImportResult>()(fileInput.extend({ customerId: id.optional() }).strict(), 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  /** Printable HTML (address list, phone list, 2×7 A4 labels) for the selection. */
  printHtml: method<{ html: string; count: number }>()(selectionInput.extend({ kind: z.enum(PRINT_KINDS), lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict()),
  /** The same as a PDF through the printing port (Electron); unavailable in browser mode (the page prints itself). */
  printPdf: method<FileOutput>()(selectionInput.extend({ kind: z.enum(PRINT_KINDS), lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict()),
}
