/**
 * Reading import files into a plain table of strings: CSV/TSV as Excel and WPS save them on
 * Chinese Windows (UTF-8 with or without BOM, GBK/GB18030, UTF-16 "Unicode text"), and .xlsx.
 * Nothing here knows about customers; the mapping and validation live in import-rows.ts.
 */
import { AppError } from '../../core/errors'
import { readXlsx } from './xlsx'

export type ImportEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'xlsx'
export type Delimiter = ',' | '\t' | ';'

export interface ImportTable {
  fileType: 'csv' | 'xlsx'
  encoding: ImportEncoding
  delimiter: Delimiter | null
  /** Header cells, made unique and non-empty so a mapping can be keyed by them. */
  columns: string[]
  /** Data rows with their spreadsheet row number (the header is row 1); blank rows dropped. */
  rows: { row: number; cells: string[] }[]
}

/** Largest number of data rows one import accepts (a preview stays a few MB of JSON). */
export const MAX_IMPORT_ROWS = 50_000

/**
 * Decodes CSV bytes: a BOM decides first; otherwise bytes that are valid UTF-8 are UTF-8, and
 * anything else is GB18030 (a superset of GBK and GB2312, what Excel on Chinese Windows writes
 * for "CSV (逗号分隔)"). Valid GBK text with Chinese characters is almost never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: ImportEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/** The separator used most on the first record (outside quotes); comma when none is found. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0 }
  let quoted = false
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const ch = text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0]!
  return counts[best] > 0 ? best : ','
}

/**
 * RFC 4180 parsing: quoted fields may hold separators, doubled quotes and line breaks; CRLF,
 * LF and lone CR end records. A quote inside an unquoted field is kept literally, as Excel does.
 */
export function parseDelimited(text: string, delimiter: Delimiter): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let fieldStarted = false
  const endField = () => { record.push(field); field = ''; fieldStarted = false }
  const endRecord = () => { endField(); records.push(record); record = [] }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++ } else quoted = false
      } else field += ch
      continue
    }
    if (ch === '"' && !fieldStarted) { quoted = true; fieldStarted = true } else if (ch === delimiter) endField()
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRecord()
    } else { field += ch; fieldStarted = true }
  }
  if (field !== '' || fieldStarted || record.length > 0) endRecord()
  return records
}

/** Excel shows a cell starting with =, +, - or @ as a formula; exports guard them with a quote. */
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/

function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>()
  return header.map((raw, i) => {
    const base = raw.replace(/^\uFEFF/, '').trim().slice(0, 90) || `#${i + 1}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base} (${n})`
  })
}

function toTable(fileType: ImportTable['fileType'], encoding: ImportEncoding, delimiter: Delimiter | null, records: string[][]): ImportTable {
  const headerIndex = records.findIndex((r) => r.some((c) => c.trim() !== ''))
  if (headerIndex < 0) throw new AppError('VALIDATION', 'errors.importEmpty')
  const columns = uniqueColumns(records[headerIndex]!)
  const rows: ImportTable['rows'] = []
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i]!.map((c) => c.replace(FORMULA_GUARD, '').trim())
    if (cells.every((c) => c === '')) continue
    while (cells.length < columns.length) cells.push('')
    rows.push({ row: i + 1, cells })
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('VALIDATION', 'errors.importTooLarge', { max: MAX_IMPORT_ROWS, rows: rows.length })
  return { fileType, encoding, delimiter, columns, rows }
}

function isZip(b: Uint8Array): boolean { return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 }
function isOle(b: Uint8Array): boolean { return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 }

/** Reads an uploaded file by its content (the name only breaks ties): .xlsx or delimited text. */
export async function readImportTable(fileName: string, bytes: Uint8Array): Promise<ImportTable> {
  if (bytes.length === 0) throw new AppError('VALIDATION', 'errors.importEmpty')
  // Old binary .xls (and .et saved as .xls) cannot be read without another dependency.
  if (isOle(bytes)) throw new AppError('VALIDATION', 'errors.importXlsUnsupported', { fileName })
  if (isZip(bytes)) {
    const records = await readXlsx(bytes)
    return toTable('xlsx', 'xlsx', null, records)
  }
  if (/\.(xlsx|xlsm)$/i.test(fileName)) throw new AppError('VALIDATION', 'errors.importUnreadable', { fileName })
  const { text, encoding } = decodeText(bytes)
  if (text.includes('\u0000')) throw new AppError('VALIDATION', 'errors.importUnreadable', { fileName })
  const delimiter = detectDelimiter(text)
  return toTable('csv', encoding, delimiter, parseDelimited(text, delimiter))
}

/** A cell that Excel would run as a formula gets a leading quote (CSV injection guard). */
function guardCell(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`
  // Phone numbers such as +86 138… or -1 stay as they are; "+SUM(…)" does not.
  if (/^[+-]/.test(value) && !/^[+-][\d\s().-]*$/.test(value)) return `'${value}`
  return value
}

/** CSV text for Excel/WPS: UTF-8 with BOM (so Chinese opens correctly), CRLF, quoted as needed. */
export function toCsvBytes(rows: string[][]): Uint8Array {
  const lines = rows.map((r) => r.map((raw) => {
    const v = guardCell(raw)
    return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
  }).join(','))
  const body = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])
}
