/** Routes of the customer pages (see src-renderer/src/app/routes.ts). */
export const CUSTOMERS_PATH = '/customers/list'

/**
 * The customer page. The page registry has no hidden (non-sidebar) entries, so the detail
 * view lives on the list's route with the id as a search parameter.
 */
export function customerPath(id: string, tab?: string): string {
  return `${CUSTOMERS_PATH}?id=${encodeURIComponent(id)}${tab ? `&tab=${tab}` : ''}`
}

export const IMPORT_PATH = '/customers/import'
