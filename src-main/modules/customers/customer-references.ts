import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { syncedTableDef, type SyncedTable } from '../../core/synced'

/** A column of a synced table that holds a customer id (follow-ups, opportunities, reminders…). */
export interface CustomerReference { table: SyncedTable; column: SQLiteColumn; key: string }

const references = new Map<string, CustomerReference>()

/**
 * Other modules declare here which of their columns point at a customer, so merging customers
 * (查重 → 合并) moves those rows onto the surviving customer through the mutation writer (each
 * moved row audited and queued for sync). Call once at import time, next to defineSyncedTable:
 *
 *   registerCustomerReference(followups, followups.customerId)
 *
 * Ledger tables (append-only, e.g. activities) cannot be rewritten and are not moved: the
 * timeline follows merge activities instead (see timeline.repository customerFamily).
 */
export function registerCustomerReference(table: SyncedTable, column: SQLiteColumn): void {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c === column)
  if (!entry) throw new Error(`column ${column.name} is not a column of ${getTableName(table)}`)
  if (syncedTableDef(table).ledger) throw new Error(`${getTableName(table)} is a ledger: its rows cannot be moved by a merge`)
  references.set(`${getTableName(table)}.${column.name}`, { table, column, key: entry[0] })
}

export function customerReferences(): CustomerReference[] {
  return [...references.values()]
}
