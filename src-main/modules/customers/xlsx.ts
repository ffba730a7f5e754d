/**
 * .xlsx in and out through exceljs. Reading turns every cell into the text a person sees
 * (dates as YYYY-MM-DD, formulas as their cached result); writing keeps every value a string
 * cell so phone numbers and codes never become numbers in Excel or WPS.
 */
import ExcelJS from 'exceljs'
import { AppError } from '../../core/errors'

/** Uncompressed size an .xlsx may expand to (a zip bomb is refused before exceljs inflates it). */
const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024

/** Sums the uncompressed sizes in the zip's central directory; null when it cannot be read. */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  for (let eocd = buf.length - 22; eocd >= Math.max(0, buf.length - 65_557); eocd--) {
    if (buf.readUInt32LE(eocd) !== 0x06054b50) continue
    const entries = buf.readUInt16LE(eocd + 10)
    let p = buf.readUInt32LE(eocd + 16)
    let total = 0
    for (let i = 0; i < entries; i++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null
      const size = buf.readUInt32LE(p + 24)
      if (size === 0xffffffff) return null // zip64: far beyond anything we accept
      total += size
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
    }
    return total
  }
  return null
}

function pad(n: number): string { return String(n).padStart(2, '0') }

/** exceljs reads dates as UTC instants of the shown wall-clock time. */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  return d.getUTCHours() || d.getUTCMinutes() ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day
}

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateText(v)
  if ('richText' in v) return v.richText.map((r) => r.text).join('')
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue)
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined || (typeof v.result === 'object' && 'error' in v.result) ? '' : cellText(v.result)
  return '' // error values (#N/A…)
}

/** The first worksheet that has data, as rows of cell text (row i is spreadsheet row i + 1). */
export async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const size = zipUncompressedSize(bytes)
  if (size === null || size > MAX_UNZIPPED_BYTES) throw new AppError('VALIDATION', 'errors.importUnreadable', { reason: size === null ? 'zip' : 'tooLarge' })
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer)
  } catch {
    throw new AppError('VALIDATION', 'errors.importUnreadable', { reason: 'xlsx' })
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0)
  if (!sheet) return []
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value) })
    for (let i = 0; i < cells.length; i++) cells[i] ??= ''
    rows[rowNumber - 1] = cells
  })
  for (let i = 0; i < rows.length; i++) rows[i] ??= []
  return rows
}

export interface SheetSpec {
  name: string
  columns: { header: string; width?: number }[]
  rows: string[][]
}

/** Worksheets with a bold, frozen header row; every cell is text. The first sheet is the data. */
export async function writeXlsx(...sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'LaiBang'
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, Math.min(40, [...c.header].length * 2 + 4)), style: { numFmt: '@' } }))
    ws.getRow(1).font = { bold: true }
    for (const r of spec.rows) ws.addRow(r)
  }
  const out = await wb.xlsx.writeBuffer()
  return new Uint8Array(out as ArrayBuffer)
}
