import { z } from 'zod'
import { cursor, dateStr, id, method, noInput, shortText, type FileOutput, type Page } from './define'

/**
 * 客户报价 (SA-3 / SA-4) and 销售单 (SA-1 / SA-2), with 编号规则. Money in integer fen, quantities
 * in thousandths of the product's unit (`qtyMilli`: 1500 = 1.5), discounts in ‰ (50 = 5 % off),
 * tax rates in basis points (1300 = 13 %). How amounts are computed and rounded: docs/SALES.md.
 * Scope: the `sales` data scope on the document's salesperson (ownerId); quotes.* / orders.*
 * permissions for actions.
 */

/** `expired` is not stored: a sent quote whose validUntil is before today reads as expired. */
export const QUOTE_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'sent', 'accepted', 'declined', 'expired', 'superseded'] as const
export type QuoteStatus = (typeof QUOTE_STATUSES)[number]
export const ORDER_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'reversed', 'cancelled'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** 编号规则 (shared with the server agent, src-main/agent/numbering.ts). */
export const NUMBERED_DOCUMENTS = ['quote', 'sales_order'] as const
export type NumberedDocument = (typeof NUMBERED_DOCUMENTS)[number]
export const NUMBER_DATE_PARTS = ['none', 'YYYY', 'YYYYMM', 'YYYYMMDD'] as const
export const NUMBER_RESETS = ['never', 'yearly', 'monthly', 'daily'] as const
export type NumberStatus = 'provisional' | 'official'

export const MAX_LINES = 200
/** 100 million yuan per unit, as the catalogue. */
const unitPrice = z.number().int().min(0).max(10_000_000_000)
/** Thousandths of a unit: at most one billion units. */
export const qtyMilli = z.number().int().min(1).max(1_000_000_000_000)
export const discountPermille = z.number().int().min(0).max(1000)
const taxRate = z.number().int().min(0).max(10_000)

export const lineInput = z.object({
  productId: id,
  qtyMilli,
  unitPrice,
  discountPermille: discountPermille.default(0),
  /** Omitted: the product's tax rate. */
  taxRate: taxRate.optional(),
  note: shortText(200).optional(),
}).strict()
export type LineInput = z.input<typeof lineInput>

const lines = z.array(lineInput).min(1).max(MAX_LINES)
const text2k = z.string().max(2000)

export const quoteFields = {
  customerId: id,
  contactId: id.nullable().optional(),
  opportunityId: id.nullable().optional(),
  quoteDate: dateStr,
  validUntil: dateStr.nullable().optional(),
  /** 含税价: unit prices include tax (the default in China); otherwise tax is added on top. */
  priceIncludesTax: z.boolean().default(true),
  terms: text2k.optional(),
  notes: text2k.optional(),
  lines,
}
export const createQuoteInput = z.object(quoteFields).strict()
export const updateQuoteInput = z.object({ id, ...quoteFields }).strict()

export const orderFields = {
  customerId: id,
  contactId: id.nullable().optional(),
  opportunityId: id.nullable().optional(),
  /** The salesperson credited; omitted = the caller. Must be inside the caller's sales scope. */
  salespersonId: id.optional(),
  orderDate: dateStr,
  deliveryDate: dateStr.nullable().optional(),
  paymentTerms: z.string().trim().max(200).optional(),
  priceIncludesTax: z.boolean().default(true),
  notes: text2k.optional(),
  lines,
}
export const createOrderInput = z.object(orderFields).strict()
export const updateOrderInput = z.object({ id, ...orderFields }).strict()

export const numberingRuleInput = z.object({
  documentType: z.enum(NUMBERED_DOCUMENTS),
  prefix: z.string().trim().max(20).regex(/^[A-Za-z0-9\u4e00-\u9fff_-]*$/),
  datePart: z.enum(NUMBER_DATE_PARTS),
  serialWidth: z.number().int().min(1).max(12),
  reset: z.enum(NUMBER_RESETS),
  separator: z.enum(['-', '', '/', '_']),
}).strict()
export type NumberingRuleInput = z.infer<typeof numberingRuleInput>
export interface NumberingRuleRow extends NumberingRuleInput { id: string; example: string; saved: boolean }

export interface DocumentTotals {
  /** Amount before tax (不含税金额). */
  subtotal: number
  tax: number
  /** Amount with tax (价税合计). */
  total: number
}

export interface DocLine {
  id: string
  lineNo: number
  productId: string
  productCode: string
  productName: string
  spec: string | null
  unit: string | null
  qtyMilli: number
  unitPrice: number
  discountPermille: number
  taxRate: number
  /** The price per unit after discount, rounded half-up. */
  netUnitPrice: number
  /** Before tax. */
  amount: number
  tax: number
  total: number
  listPrice: number
  /** The net price is below the product's floor price (低于底价). */
  belowFloor: boolean
  note: string | null
}

export interface OrderLine extends DocLine {
  /** Cost captured when the order was saved (standard cost × qty); only with catalogue.viewCost. */
  unitCost?: number | null
  cost?: number | null
}

interface DocHeader extends DocumentTotals {
  id: string
  number: string
  numberStatus: NumberStatus
  customerId: string
  customerName: string
  ownerId: string
  ownerName: string
  priceIncludesTax: boolean
  maxDiscountPermille: number
  belowFloor: boolean
  createdAt: number
  updatedAt: number
}

export interface QuoteRow extends DocHeader {
  status: QuoteStatus
  version: number
  quoteDate: string
  validUntil: string | null
}

export interface QuoteDetail extends QuoteRow {
  groupId: string
  contactId: string | null
  contactName: string | null
  opportunityId: string | null
  opportunityName: string | null
  terms: string | null
  notes: string | null
  sentAt: number | null
  decidedAt: number | null
  declineReason: string | null
  supersededBy: string | null
  lines: DocLine[]
  /** Every version of this quote, newest first. */
  versions: { id: string; version: number; status: QuoteStatus; total: number; updatedAt: number }[]
  /** The latest approval of this version, if submitted. */
  approvalId: string | null
  /** The sales order made from this quote, if any. */
  orderId: string | null
  can: { edit: boolean; submit: boolean; markSent: boolean; accept: boolean; decline: boolean; revise: boolean; createOrder: boolean }
}

export interface OrderRow extends DocHeader {
  status: OrderStatus
  orderDate: string
  deliveryDate: string | null
  quoteId: string | null
  /** Only with catalogue.viewCost. */
  costTotal?: number | null
  margin?: number | null
}

export interface OrderDetail extends OrderRow {
  contactId: string | null
  contactName: string | null
  opportunityId: string | null
  opportunityName: string | null
  quoteNumber: string | null
  paymentTerms: string | null
  notes: string | null
  provisionalNumber: string | null
  approvedAt: number | null
  reversedAt: number | null
  reversedByName: string | null
  reversalReason: string | null
  approvalId: string | null
  lines: OrderLine[]
  can: { edit: boolean; submit: boolean; reverse: boolean; cancel: boolean }
}

export interface PriceHistoryEntry {
  source: 'quote' | 'order'
  documentId: string
  number: string
  date: string
  /** Null when the customer is outside the caller's scope (the price still counts). */
  customerId: string | null
  customerName: string | null
  salespersonName: string
  qtyMilli: number
  unitPrice: number
  discountPermille: number
  netUnitPrice: number
  priceIncludesTax: boolean
}
export interface PriceStats { count: number; min: number | null; median: number | null; max: number | null; last: PriceHistoryEntry | null }
export interface PriceHistory {
  productId: string
  thisCustomer: { stats: PriceStats; entries: PriceHistoryEntry[] }
  others: { stats: PriceStats; entries: PriceHistoryEntry[] }
}

const limit = z.number().int().min(1).max(200).default(50)
const lang = z.enum(['zh-CN', 'en']).default('zh-CN')

export const quoteListFilters = z.object({
  customerId: id.optional(),
  ownerId: id.optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  /** Number prefix (QT-2026…). */
  number: z.string().trim().max(40).optional(),
  /** Only the newest version of each quote (default). */
  latestOnly: z.boolean().default(true),
}).strict()

export const orderListFilters = z.object({
  customerId: id.optional(),
  ownerId: id.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  number: z.string().trim().max(40).optional(),
}).strict()

const reason = z.string().trim().min(1).max(500)

export const sales = {
  // ---- 客户报价 (quotes.view / quotes.edit) ----
  /** Newest first, keyset paged, inside the caller's sales scope. */
  listQuotes: method<Page<QuoteRow>>()(z.object({ filters: quoteListFilters.default({ latestOnly: true }), cursor, limit }).strict()),
  getQuote: method<QuoteDetail>()(z.object({ id }).strict()),
  /** A draft with a provisional number; the caller is the salesperson. */
  createQuote: method<QuoteDetail>()(createQuoteInput),
  /** Draft or rejected quotes only (a rejected one goes back to draft); CONFLICT errors.documentLocked otherwise. */
  updateQuote: method<QuoteDetail>()(updateQuoteInput),
  /** To the approval engine (document type 'quote'): approved at once when no flow matches. */
  submitQuote: method<QuoteDetail>()(z.object({ id }).strict()),
  /** Approved → sent (given to the customer). */
  markQuoteSent: method<QuoteDetail>()(z.object({ id }).strict()),
  /** Sent and not expired → accepted. */
  acceptQuote: method<QuoteDetail>()(z.object({ id }).strict()),
  declineQuote: method<QuoteDetail>()(z.object({ id, reason: reason.optional() }).strict()),
  /** A new draft version (lines copied); the old version is kept as superseded. */
  reviseQuote: method<QuoteDetail>()(z.object({ id }).strict()),
  /** Earlier sent quotes and approved sales of a product: to this customer and to others. */
  priceHistory: method<PriceHistory>()(z.object({ productId: id, customerId: id, excludeDocumentId: id.optional(), limit: z.number().int().min(1).max(50).default(10) }).strict()),
  /** Self-contained printable HTML with the company header; `hidePrices` prints a quote without prices. */
  printQuoteHtml: method<{ html: string }>()(z.object({ id, lang, hidePrices: z.boolean().default(false) }).strict()),
  /** The same as PDF through the printing port; CONFLICT errors.printUnavailable without a renderer. */
  exportQuotePdf: method<FileOutput>()(z.object({ id, lang, hidePrices: z.boolean().default(false) }).strict()),

  // ---- 销售单 (orders.view / orders.edit / orders.reverse) ----
  listOrders: method<Page<OrderRow>>()(z.object({ filters: orderListFilters.default({}), cursor, limit }).strict()),
  getOrder: method<OrderDetail>()(z.object({ id }).strict()),
  /** One click from an accepted quote: lines copied, cost captured now. One live order per quote. */
  createOrderFromQuote: method<OrderDetail>()(z.object({ quoteId: id, orderDate: dateStr.optional(), deliveryDate: dateStr.nullable().optional(), paymentTerms: z.string().trim().max(200).optional() }).strict()),
  createOrder: method<OrderDetail>()(createOrderInput),
  /** Draft or rejected orders only. */
  updateOrder: method<OrderDetail>()(updateOrderInput),
  /** Every sales order needs approval before it counts (document type 'sales_order'). */
  submitOrder: method<OrderDetail>()(z.object({ id }).strict()),
  /**
   * Approved → reversed (红冲, orders.reverse): it stops counting; the record stays. A draft or
   * rejected order → cancelled (its owner, orders.edit). Both need a reason; nothing is deleted.
   */
  reverseOrder: method<OrderDetail>()(z.object({ id, reason }).strict()),
  printOrderHtml: method<{ html: string }>()(z.object({ id, lang }).strict()),
  exportOrderPdf: method<FileOutput>()(z.object({ id, lang }).strict()),

  /**
   * People a sales order may be credited to (the salesperson picker): active users inside the
   * caller's `sales` data scope, the caller first. Needs orders.edit.
   */
  listSalespeople: method<{ id: string; name: string }[]>()(noInput),

  // ---- 编号规则 (read: any sales user; save: system.settings) ----
  getNumberingRules: method<NumberingRuleRow[]>()(noInput),
  saveNumberingRule: method<NumberingRuleRow>()(numberingRuleInput),
}
