/**
 * Turning line inputs into stored lines (quotes and orders share it): product snapshot, amounts
 * by sales-math.ts, the floor check, and (orders) the cost captured now.
 */
import type { LineInput, DocLine, OrderLine } from '../../../src-preload/contracts/sales'
import { AppError, notFound } from '../../core/errors'
import { documentSums, isBelowFloor, lineAmounts, lineCost, type DocumentSums } from './sales-math'
import type { OrderLineRecord, ProductPricing, QuoteLineRecord } from './sales.repository'

/** Line values without the document link and header copies. */
export interface BuiltLine {
  lineNo: number; productId: string; productCode: string; productName: string; spec: string | null; unit: string | null
  qtyMilli: number; unitPrice: number; discountPermille: number; taxRate: number; netUnitPrice: number; amount: number; tax: number; total: number
  listPrice: number; belowFloor: boolean; note: string | null; unitCost: number | null; cost: number | null
}

type ParsedLine = Omit<LineInput, 'discountPermille'> & { discountPermille: number }

export function buildLines(inputs: readonly ParsedLine[], products: Map<string, ProductPricing>, priceIncludesTax: boolean): { lines: BuiltLine[]; sums: DocumentSums } {
  const lines = inputs.map((l, i): BuiltLine => {
    const p = products.get(l.productId)
    if (!p) throw notFound('product')
    if (p.status !== 'active') throw new AppError('VALIDATION', 'errors.productInactive', { code: p.code, line: i + 1 })
    const taxRate = l.taxRate ?? p.taxRate
    const a = lineAmounts({ qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate }, priceIncludesTax)
    return {
      lineNo: i + 1, productId: p.id, productCode: p.code, productName: p.name, spec: p.spec, unit: p.unit,
      qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate, ...a,
      listPrice: p.listPrice, belowFloor: isBelowFloor(l.unitPrice, l.discountPermille, p.floorPrice), note: l.note?.trim() || null,
      unitCost: p.standardCost, cost: p.standardCost === null ? null : lineCost(l.qtyMilli, p.standardCost),
    }
  })
  return { lines, sums: documentSums(lines) }
}

/**
 * Lines copied from a quote to an order: prices, discounts and tax exactly as quoted (the
 * customer accepted them), amounts recomputed by the same rules (so they equal the quote's),
 * cost and floor taken from the catalogue now. A product deleted since keeps its snapshot and
 * has no cost.
 */
export function copyLines(from: readonly QuoteLineRecord[], products: Map<string, ProductPricing>, priceIncludesTax: boolean): { lines: BuiltLine[]; sums: DocumentSums } {
  const lines = from.map((l, i): BuiltLine => {
    const p = products.get(l.productId)
    const a = lineAmounts({ qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate: l.taxRate }, priceIncludesTax)
    const unitCost = p?.standardCost ?? null
    return {
      lineNo: i + 1, productId: l.productId, productCode: l.productCode, productName: l.productName, spec: l.spec, unit: l.unit,
      qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate: l.taxRate, ...a,
      listPrice: l.listPrice, belowFloor: p ? isBelowFloor(l.unitPrice, l.discountPermille, p.floorPrice) : l.belowFloor, note: l.note,
      unitCost, cost: unitCost === null ? null : lineCost(l.qtyMilli, unitCost),
    }
  })
  return { lines, sums: documentSums(lines) }
}

export function docLine(l: QuoteLineRecord | OrderLineRecord): DocLine {
  return {
    id: l.id, lineNo: l.lineNo, productId: l.productId, productCode: l.productCode, productName: l.productName, spec: l.spec, unit: l.unit,
    qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate: l.taxRate, netUnitPrice: l.netUnitPrice,
    amount: l.amount, tax: l.tax, total: l.total, listPrice: l.listPrice, belowFloor: l.belowFloor, note: l.note,
  }
}

export function orderLine(l: OrderLineRecord, withCost: boolean): OrderLine {
  return withCost ? { ...docLine(l), unitCost: l.unitCost, cost: l.cost } : docLine(l)
}

/** A line input from a stored line (revising a quote copies its lines this way). */
export function lineInputOf(l: QuoteLineRecord | OrderLineRecord): ParsedLine {
  return { productId: l.productId, qtyMilli: l.qtyMilli, unitPrice: l.unitPrice, discountPermille: l.discountPermille, taxRate: l.taxRate, note: l.note ?? undefined }
}
