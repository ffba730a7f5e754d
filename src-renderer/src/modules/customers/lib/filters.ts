import type { z } from 'zod'
import type { listFilters, listSort } from '../../../../../src-preload/contracts/customers'

export type ListFilters = z.infer<typeof listFilters>
export type ListSort = z.infer<typeof listSort>
export const DEFAULT_SORT: ListSort = { field: 'updatedAt', dir: 'desc' }

/** Filters without empty parts, so equal filters compare (and cache) equal. */
export function cleanFilters(f: ListFilters): ListFilters {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    out[k] = typeof v === 'string' ? v.trim() : v
  }
  return out as ListFilters
}

/** Number of filters set besides search and scope (for the "more filters" badge). */
export function activeFilterCount(f: ListFilters): number {
  return Object.entries(cleanFilters(f)).filter(([k]) => k !== 'search' && k !== 'scope').length
}
