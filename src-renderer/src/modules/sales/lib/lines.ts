import type { DocLine, LineInput } from '../../../../../src-preload/contracts/sales'
import { computeLine, type LineAmounts } from '../../../../../src-preload/contracts/sales-math'
import { bpText, fenToYuan, parsePercentBp, parsePercentPermille, parseQty, permilleText, qtyText, yuanToFen } from './format'

/** A line as typed in the editor (text fields), before it becomes a contract LineInput. */
export interface EditLine {
  key: string
  productId: string | null
  productLabel: string
  unit: string | null
  listPrice: number | null
  qty: string
  price: string
  discount: string
  taxRate: string
}

let seq = 0
export const newLine = (): EditLine => ({ key: `l${++seq}`, productId: null, productLabel: '', unit: null, listPrice: null, qty: '1', price: '', discount: '', taxRate: '' })

export function fromDocLine(l: DocLine): EditLine {
  return {
    key: `l${++seq}`, productId: l.productId, productLabel: `${l.productCode} ${l.productName}${l.spec ? ` ${l.spec}` : ''}`, unit: l.unit, listPrice: l.listPrice,
    qty: qtyText(l.qtyMilli), price: fenToYuan(l.unitPrice), discount: l.discountPermille ? permilleText(l.discountPermille) : '', taxRate: bpText(l.taxRate),
  }
}

export interface ParsedLine { input: LineInput | null; amounts: LineAmounts | null; netUnitPrice: number | null }

/** Parses one line; amounts follow exactly the main process's rules (contracts/sales-math.ts). */
export function parseLine(l: EditLine, priceIncludesTax: boolean): ParsedLine {
  const qtyMilli = parseQty(l.qty)
  const unitPrice = yuanToFen(l.price)
  const discountPermille = parsePercentPermille(l.discount)
  const taxRate = parsePercentBp(l.taxRate)
  if (!l.productId || qtyMilli === undefined || unitPrice === null || unitPrice === undefined || discountPermille === undefined || taxRate === undefined) {
    return { input: null, amounts: null, netUnitPrice: null }
  }
  const amounts = computeLine({ qtyMilli, unitPrice, discountPermille, taxRate }, priceIncludesTax)
  return { input: { productId: l.productId, qtyMilli, unitPrice, discountPermille, taxRate }, amounts, netUnitPrice: amounts?.netUnitPrice ?? null }
}

export function totalsOf(parsed: ParsedLine[]): { subtotal: number; tax: number; total: number } {
  return parsed.reduce((s, p) => (p.amounts ? { subtotal: s.subtotal + p.amounts.amount, tax: s.tax + p.amounts.tax, total: s.total + p.amounts.total } : s), { subtotal: 0, tax: 0, total: 0 })
}
