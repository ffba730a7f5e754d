import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'

const QUOTE_STATUS = ['draft', 'submitted', 'approved', 'rejected', 'sent', 'accepted', 'declined', 'superseded'] as const
const ORDER_STATUS = ['draft', 'submitted', 'approved', 'rejected', 'reversed', 'cancelled'] as const

/**
 * Number fields of a numbered document. Read by the server agent (src-main/agent/numbers.ts):
 * a document with numberStatus 'provisional' gets the next official number of `numberRule`
 * (a numbering_rules id) and the device's number moves to `provisionalNumber`.
 */
const numbered = () => ({
  number: text('number').notNull(),
  numberStatus: text('number_status', { enum: ['provisional', 'official'] }).notNull(),
  numberRule: text('number_rule').notNull(),
  provisionalNumber: text('provisional_number'),
})

/** Document amounts (fen): before tax, tax, with tax; largest discount (‰); any line below floor. */
const totals = () => ({
  priceIncludesTax: integer('price_includes_tax', { mode: 'boolean' }).notNull().default(true),
  subtotal: integer('subtotal').notNull().default(0),
  taxTotal: integer('tax_total').notNull().default(0),
  total: integer('total').notNull().default(0),
  maxDiscountPermille: integer('max_discount_permille').notNull().default(0),
  belowFloor: integer('below_floor', { mode: 'boolean' }).notNull().default(false),
})

/**
 * A line of a quote or order: a snapshot of the product (code, name, spec, unit, list price)
 * and the amounts computed by sales-math.ts. `customerId`, `ownerId` and the document date are
 * copied from the header so the price history is one index range on (product_id, date).
 */
const lineColumns = () => ({
  lineNo: integer('line_no').notNull(),
  productId: text('product_id').notNull(),
  productCode: text('product_code').notNull(),
  productName: text('product_name').notNull(),
  spec: text('spec'),
  unit: text('unit'),
  qtyMilli: integer('qty_milli').notNull(),
  unitPrice: integer('unit_price').notNull(),
  discountPermille: integer('discount_permille').notNull().default(0),
  taxRate: integer('tax_rate').notNull(),
  netUnitPrice: integer('net_unit_price').notNull(),
  amount: integer('amount').notNull(),
  tax: integer('tax').notNull(),
  total: integer('total').notNull(),
  listPrice: integer('list_price').notNull().default(0),
  belowFloor: integer('below_floor', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  customerId: text('customer_id').notNull(),
  ownerId: text('owner_id').notNull(),
})

/**
 * 编号规则 (company data). The id is derived from the document type, so two devices saving the
 * rule write one document; the server agent reads it as `numbering_rule:<id>` (same fields).
 */
export const numberingRules = sqliteTable('numbering_rules', {
  ...baseColumns(),
  documentType: text('document_type').notNull(),
  prefix: text('prefix').notNull(),
  datePart: text('date_part', { enum: ['none', 'YYYY', 'YYYYMM', 'YYYYMMDD'] }).notNull(),
  serialWidth: integer('serial_width').notNull(),
  reset: text('reset', { enum: ['never', 'yearly', 'monthly', 'daily'] }).notNull(),
  separator: text('separator').notNull().default('-'),
}, (t) => [index('numbering_rules_type').on(t.documentType)])

/**
 * 客户报价. Versions of one quote share `groupId` (the first version's id) and the number;
 * revising creates a new row and marks the old one superseded. `ownerId` is the salesperson.
 */
export const quotes = sqliteTable('quotes', {
  ...baseColumns(),
  ...numbered(),
  groupId: text('group_id').notNull(),
  version: integer('version').notNull().default(1),
  supersededBy: text('superseded_by'),
  customerId: text('customer_id').notNull(),
  contactId: text('contact_id'),
  opportunityId: text('opportunity_id'),
  ownerId: text('owner_id').notNull(),
  status: text('status', { enum: QUOTE_STATUS }).notNull().default('draft'),
  quoteDate: text('quote_date').notNull(),
  validUntil: text('valid_until'),
  ...totals(),
  terms: text('terms'),
  notes: text('notes'),
  sentAt: integer('sent_at'),
  decidedAt: integer('decided_at'),
  declineReason: text('decline_reason'),
}, (t) => [
  index('quotes_owner').on(t.ownerId, t.deletedAt, t.createdAt, t.id),
  index('quotes_customer').on(t.customerId, t.deletedAt, t.createdAt, t.id),
  index('quotes_recent').on(t.deletedAt, t.createdAt, t.id),
  index('quotes_group').on(t.groupId, t.version),
  index('quotes_number').on(t.number),
])

export const quoteLines = sqliteTable('quote_lines', {
  ...baseColumns(),
  quoteId: text('quote_id').notNull(),
  ...lineColumns(),
  quoteDate: text('quote_date').notNull(),
}, (t) => [
  index('quote_lines_quote').on(t.quoteId, t.lineNo),
  index('quote_lines_product').on(t.productId, t.quoteDate),
])

/** 销售单. `ownerId` is the salesperson credited; cost is captured on the lines when saved. */
export const salesOrders = sqliteTable('sales_orders', {
  ...baseColumns(),
  ...numbered(),
  quoteId: text('quote_id'),
  customerId: text('customer_id').notNull(),
  contactId: text('contact_id'),
  opportunityId: text('opportunity_id'),
  ownerId: text('owner_id').notNull(),
  status: text('status', { enum: ORDER_STATUS }).notNull().default('draft'),
  orderDate: text('order_date').notNull(),
  deliveryDate: text('delivery_date'),
  paymentTerms: text('payment_terms'),
  ...totals(),
  /** Null when a line's product had no standard cost. */
  costTotal: integer('cost_total'),
  notes: text('notes'),
  approvedAt: integer('approved_at'),
  reversedAt: integer('reversed_at'),
  reversedBy: text('reversed_by'),
  reversalReason: text('reversal_reason'),
}, (t) => [
  index('sales_orders_owner').on(t.ownerId, t.deletedAt, t.createdAt, t.id),
  index('sales_orders_customer').on(t.customerId, t.deletedAt, t.createdAt, t.id),
  index('sales_orders_recent').on(t.deletedAt, t.createdAt, t.id),
  // A status filter is a range of its own, for everyone and per owner (the list's arms, sales.repository.ts).
  index('sales_orders_status').on(t.status, t.deletedAt, t.createdAt, t.id),
  index('sales_orders_owner_status').on(t.ownerId, t.status, t.deletedAt, t.createdAt, t.id),
  index('sales_orders_quote').on(t.quoteId),
  index('sales_orders_number').on(t.number),
])

export const salesOrderLines = sqliteTable('sales_order_lines', {
  ...baseColumns(),
  orderId: text('order_id').notNull(),
  ...lineColumns(),
  orderDate: text('order_date').notNull(),
  unitCost: integer('unit_cost'),
  cost: integer('cost'),
}, (t) => [
  index('sales_order_lines_order').on(t.orderId, t.lineNo),
  index('sales_order_lines_product').on(t.productId, t.orderDate),
])

/** Local serial counters for provisional numbers (this device only; never synced). */
export const numberCounters = sqliteTable('number_counters', {
  ruleId: text('rule_id').notNull(),
  period: text('period').notNull(),
  next: integer('next').notNull(),
}, (t) => [primaryKey({ columns: [t.ruleId, t.period] })])

/**
 * Lines of orders that count (approved, not reversed, not deleted): local, derived, kept by
 * the afterWrite hooks of orders and lines in the same transaction (services and sync alike).
 * The basis of product / customer / salesperson analysis; each index leads with its grouping
 * key and covers the report's columns.
 */
export const salesFacts = sqliteTable('sales_facts', {
  lineId: text('line_id').primaryKey(),
  orderId: text('order_id').notNull(),
  orderDate: text('order_date').notNull(),
  month: text('month').notNull(),
  productId: text('product_id').notNull(),
  customerId: text('customer_id').notNull(),
  salespersonId: text('salesperson_id').notNull(),
  qtyMilli: integer('qty_milli').notNull(),
  amount: integer('amount').notNull(),
  tax: integer('tax').notNull(),
  cost: integer('cost'),
}, (t) => [
  index('sales_facts_order').on(t.orderId),
  // (product, month) in index order: the per-product monthly report groups without a sort.
  index('sales_facts_product').on(t.productId, t.month, t.orderDate, t.amount, t.cost, t.qtyMilli),
  index('sales_facts_customer').on(t.customerId, t.orderDate, t.amount, t.cost),
  index('sales_facts_salesperson').on(t.salespersonId, t.orderDate, t.amount, t.cost),
])

/**
 * Monthly rollup of sales_facts per dimension ('product' | 'customer' | 'salesperson'), updated
 * in the same transaction as the facts. Reports over whole months read this (12 × keys rows).
 */
export const salesMonthly = sqliteTable('sales_monthly', {
  dim: text('dim', { enum: ['product', 'customer', 'salesperson'] }).notNull(),
  month: text('month').notNull(),
  keyId: text('key_id').notNull(),
  qtyMilli: integer('qty_milli').notNull().default(0),
  amount: integer('amount').notNull().default(0),
  tax: integer('tax').notNull().default(0),
  cost: integer('cost').notNull().default(0),
  /** Lines counted, and how many of them had no cost (margin incomplete when > 0). */
  lines: integer('lines').notNull().default(0),
  linesWithoutCost: integer('lines_without_cost').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.dim, t.month, t.keyId] }), index('sales_monthly_key').on(t.dim, t.keyId, t.month)])

/**
 * Yearly totals per product ('YYYY'), kept with sales_monthly in the same transaction. The
 * product report ranks a year's products by revenue and pages them by keyset on
 * (amount, product_id) through sales_product_years_rank, then reads the page's 12 months from
 * sales_monthly (sales_monthly_key): with 100,000 products a year has up to 1.2 M product-month
 * rows, which no report screen shows at once (docs/SALES.md, "Reports").
 */
export const salesProductYears = sqliteTable('sales_product_years', {
  year: text('year').notNull(),
  productId: text('product_id').notNull(),
  qtyMilli: integer('qty_milli').notNull().default(0),
  amount: integer('amount').notNull().default(0),
  tax: integer('tax').notNull().default(0),
  cost: integer('cost').notNull().default(0),
  lines: integer('lines').notNull().default(0),
  linesWithoutCost: integer('lines_without_cost').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.year, t.productId] }), index('sales_product_years_rank').on(t.year, t.amount, t.productId)])
