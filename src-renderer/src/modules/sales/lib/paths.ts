/**
 * Routes of the sales pages (src-renderer/src/app/routes.ts). The page registry has no hidden
 * entries, so a document's page and the editor live on the list's route with search params.
 */
export const QUOTES_PATH = '/sales/quotes'
export const ORDERS_PATH = '/sales/orders'
export const NUMBERING_PATH = '/system/numbering'

export const quotePath = (id: string) => `${QUOTES_PATH}?id=${encodeURIComponent(id)}`
export const editQuotePath = (id: string) => `${QUOTES_PATH}?edit=${encodeURIComponent(id)}`
export const newQuotePath = (customerId?: string) => `${QUOTES_PATH}?new=1${customerId ? `&customerId=${encodeURIComponent(customerId)}` : ''}`
export const orderPath = (id: string) => `${ORDERS_PATH}?id=${encodeURIComponent(id)}`
export const editOrderPath = (id: string) => `${ORDERS_PATH}?edit=${encodeURIComponent(id)}`
export const newOrderPath = () => `${ORDERS_PATH}?new=1`
export const EXPENSES_PATH = '/sales/expenses'
/** 客户费用 open in the expense form on their list page. */
export const expensePath = (id: string) => `${EXPENSES_PATH}?id=${encodeURIComponent(id)}`

/** The page of a document an approval is about (the approvals inbox links to it); null for types without one. */
export function documentPath(documentType: string, id: string): string | null {
  if (documentType === 'quote') return quotePath(id)
  if (documentType === 'sales_order') return orderPath(id)
  if (documentType === 'expense') return expensePath(id)
  return null
}
