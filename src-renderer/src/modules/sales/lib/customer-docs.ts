import type { Permission } from '../../../../../src-preload/contracts/permissions'

/** The customer page's document tabs (报价 / 销售单 / 费用) and the permission each needs. */
export const CUSTOMER_DOC_KINDS = ['quotes', 'orders', 'expenses'] as const
export type CustomerDocKind = (typeof CUSTOMER_DOC_KINDS)[number]
export const CUSTOMER_DOC_PERMISSION: Record<CustomerDocKind, Permission> = { quotes: 'quotes.view', orders: 'orders.view', expenses: 'expenses.view' }
