import { defineSyncedTable } from '../../core/synced'
import { withCustomer } from '../customers/customer-partition'
import { registerCustomerReference } from '../customers/customer-references'
import { syncFactsForLine, syncOrderFacts } from './facts'
import { numberingRules, quoteLines, quotes, salesOrderLines, salesOrders } from './sales.table'

/**
 * Quotes and orders live with their customer (like follow-ups); 编号规则 are company data. The
 * afterWrite hooks keep sales_facts / sales_monthly in step with approved orders, on this
 * device's writes and on records arriving by sync alike.
 */
export const salesSynced = [
  defineSyncedTable({ table: numberingRules, docType: 'numbering_rule', partition: 'company' }),
  defineSyncedTable({ table: quotes, docType: 'quote', merge: { terms: 'ask', notes: 'ask' }, partition: withCustomer('ownerId') }),
  defineSyncedTable({ table: quoteLines, docType: 'quote_line', partition: withCustomer('ownerId') }),
  defineSyncedTable({
    table: salesOrders, docType: 'sales_order', merge: { notes: 'ask', paymentTerms: 'ask' }, partition: withCustomer('ownerId'),
    afterWrite: (db, row) => syncOrderFacts(db, row.id as string),
  }),
  defineSyncedTable({
    table: salesOrderLines, docType: 'sales_order_line', partition: withCustomer('ownerId'),
    afterWrite: (db, row) => syncFactsForLine(db, row.orderId as string),
  }),
]

// Merging customers (查重 → 合并) moves quotes and orders onto the survivor.
registerCustomerReference(quotes, quotes.customerId)
registerCustomerReference(quoteLines, quoteLines.customerId)
registerCustomerReference(salesOrders, salesOrders.customerId)
registerCustomerReference(salesOrderLines, salesOrderLines.customerId)
