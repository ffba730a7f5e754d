import type { Messages } from '../../app/i18n/types'
import type { salesErrorsZhCN } from './i18n.zh-CN'

/** English for i18n.zh-CN.ts (same keys). */
export const salesEn: Messages['sales'] = {
  nav: { quotes: 'Quotes', orders: 'Sales orders', numbering: 'Numbering rules' },
  quoteStatus: { draft: 'Draft', submitted: 'In approval', approved: 'Approved', rejected: 'Rejected', sent: 'Sent', accepted: 'Accepted', declined: 'Declined', expired: 'Expired', superseded: 'Superseded' },
  orderStatus: { draft: 'Draft', submitted: 'In approval', approved: 'Approved', rejected: 'Rejected', reversed: 'Reversed', cancelled: 'Cancelled' },
  fields: {
    number: 'No.', customer: 'Customer', contact: 'Contact', salesperson: 'Salesperson', quoteDate: 'Quote date', validUntil: 'Valid until', orderDate: 'Order date',
    deliveryDate: 'Delivery date', paymentTerms: 'Payment terms', status: 'Status', total: 'Total', subtotal: 'Net amount', tax: 'Tax', version: 'Version',
    terms: 'Terms', notes: 'Notes', priceIncludesTax: 'Prices include tax', product: 'Product', qty: 'Qty', unitPrice: 'Unit price', discount: 'Discount %', taxRate: 'Tax %',
    amount: 'Amount', cost: 'Cost', margin: 'Margin', quote: 'From quote', createdAt: 'Created', reason: 'Reason', opportunity: 'Opportunity',
  },
  list: {
    quotesTitle: 'Quotes', quotesSubtitle: 'Quotes, approval, sending and versions; earlier prices beside the lines',
    ordersTitle: 'Sales orders', ordersSubtitle: 'Orders after a sale: they count in sales analysis once approved',
    newQuote: 'New quote', newOrder: 'New order', anyStatus: 'Any status', numberSearch: 'Find by number', loadMore: 'Load more',
    emptyQuotes: 'No quotes yet', emptyQuotesHint: 'Create a quote: pick a customer and products.', emptyOrders: 'No sales orders yet', emptyOrdersHint: 'Create one from an accepted quote in one click, or directly.',
    allVersions: 'Show all versions',
  },
  editor: {
    newQuote: 'New quote', editQuote: 'Edit quote {number}', newOrder: 'New sales order', editOrder: 'Edit sales order {number}',
    addLine: 'Add product', removeLine: 'Remove line', pickProduct: 'Search code, name or pinyin', noProduct: 'No matching product',
    saveDraft: 'Save draft', saveSubmit: 'Save and submit', listPrice: 'List {price}', belowFloor: 'Below floor price', needsLines: 'Add at least one product with quantity and price.',
    badNumber: 'Enter a valid number', unitHint: 'Unit: {unit}', saved: 'Saved', submitted: 'Submitted for approval',
    pickContact: 'Pick a contact (optional)', pickOpportunity: 'Pick an open opportunity (optional)', noContacts: 'This customer has no contacts yet', noOpportunities: 'This customer has no open opportunities',
    self: 'me', wonOnAccept: 'When the customer accepts the quote, this opportunity is marked won.',
  },
  history: {
    title: 'Price history', pick: 'Select a line: earlier quotes and sales of its product show here.', thisCustomer: 'This customer', others: 'Other customers',
    count: '{count} times', min: 'Min', median: 'Median', last: 'Last', none: 'No records', quote: 'Quote', order: 'Sale',
    hiddenCustomer: 'Another customer', entry: '{date} · {who}', inclTax: 'incl. tax', exclTax: 'excl. tax',
  },
  detail: {
    back: 'Back to list', lines: 'Lines', versions: 'Versions', approval: 'Open approval', submit: 'Submit for approval', markSent: 'Mark as sent',
    accept: 'Customer accepted', decline: 'Customer declined', revise: 'Revise (new version)', createOrder: 'Create sales order', edit: 'Edit', print: 'Print', pdf: 'Save as PDF',
    printNoPrices: 'Print without prices', reverse: 'Reverse', cancel: 'Cancel order', provisional: 'Provisional number', provisionalHint: 'Replaced by the official number once the server confirms it',
    declineTitle: 'Customer declined the quote', declineReason: 'Reason (optional)', reverseTitle: 'Reverse sales order', cancelTitle: 'Cancel sales order',
    reverseHint: 'A reversed order no longer counts in sales analysis; the record stays.', cancelHint: 'The order stays on record but can no longer be edited or submitted.', reasonRequired: 'Enter a reason',
    reviseConfirm: 'A new draft version will be created; this version is kept as superseded.', reviseTitle: 'Revise quote', fromQuote: 'From quote {number}',
    marked: 'Updated', reversed: 'Reversed', cancelled: 'Cancelled', orderCreated: 'Sales order {number} created', approvedAt: 'Approved', reversedBy: 'Reversed by',
    declineReasonLabel: 'Decline reason', totalsInWords: 'In words', noCost: 'no cost', pdfUnavailable: 'PDF is not available here; the print dialog opened instead (choose “Save as PDF”).',
  },
  customer: {
    tabs: { quotes: 'Quotes', orders: 'Sales orders', expenses: 'Expenses' },
    newQuote: 'New quote', emptyQuotes: 'No quotes for this customer yet', emptyOrders: 'No sales orders for this customer yet', emptyExpenses: 'No expenses for this customer yet',
  },
  numbering: {
    title: 'Numbering rules', subtitle: 'Number = prefix + date + serial; the serial restarts each period. Offline documents get a provisional number, replaced by the official one after sync.',
    documentType: 'Document', prefix: 'Prefix', datePart: 'Date part', serialWidth: 'Serial digits', reset: 'Serial reset', separator: 'Separator', example: 'Example',
    docTypes: { quote: 'Quote', sales_order: 'Sales order' },
    dateParts: { none: 'No date', YYYY: 'Year (2026)', YYYYMM: 'Year-month (202611)', YYYYMMDD: 'Date (20261127)' },
    resets: { never: 'Never', yearly: 'Yearly', monthly: 'Monthly', daily: 'Daily' },
    separators: { none: 'None' },
    default: 'Default', saved: 'Numbering rule saved', readOnly: 'Only administrators can change numbering rules.',
  },
}

export const salesErrorsEn: Record<keyof typeof salesErrorsZhCN, string> = {
  documentLocked: 'The document is submitted or approved and cannot be edited; approved documents can only be revised or reversed.',
  documentCustomerFixed: 'The customer of a document cannot be changed.',
  customerInPool: 'Customers in the pool cannot be quoted or ordered; claim the customer first.',
  productInactive: 'Product {code} is inactive and cannot be added (line {line}).',
  amountTooLarge: 'The amount is too large.',
  quoteWrongStatus: 'The quote’s status does not allow this.',
  quoteNotAccepted: 'Only a quote the customer accepted can become a sales order.',
  quoteHasOrder: 'A sales order was already created from this quote.',
  orderWrongStatus: 'The sales order’s status does not allow this.',
}
