import type { Sqlite } from '../core/db'
import { rebuildPipelineRollup, suspendPipelineRollup } from '../modules/followups/pipeline-rollup'

/**
 * Tables derived by SQL triggers (migrations 0023, 0026) that the generator fills set-based after
 * its bulk load instead of row by row: the triggers are dropped before the load and created again
 * after the rebuild. Each rebuild is the backfill of the migration that created the triggers, so
 * the result equals what the triggers would have written (seed.test.ts compares both). Triggers
 * not listed here (a newer migration's) stay in place and keep working during the load.
 */
interface Derived { triggers: string; rebuild(sqlite: Sqlite): void }

const DERIVED: readonly Derived[] = [
  {
    // 0023: one price point per live quote or order line, counted once its document is sent / approved.
    triggers: 'price_points_%',
    rebuild: (s) => {
      s.exec(`DELETE FROM price_points`)
      s.exec(`INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
        SELECT l.id, 'quote', l.quote_id, ifnull(h.group_id, l.quote_id), l.product_id, l.customer_id, l.quote_date, l.net_unit_price, ifnull((h.deleted_at IS NULL AND h.sent_at IS NOT NULL), 0)
        FROM quote_lines l LEFT JOIN quotes h ON h.id = l.quote_id WHERE l.deleted_at IS NULL`)
      s.exec(`INSERT OR REPLACE INTO price_points (line_id, source, document_id, document_key, product_id, customer_id, date, net_unit_price, counts)
        SELECT l.id, 'order', l.order_id, l.order_id, l.product_id, l.customer_id, l.order_date, l.net_unit_price, ifnull((h.deleted_at IS NULL AND h.status = 'approved'), 0)
        FROM sales_order_lines l LEFT JOIN sales_orders h ON h.id = l.order_id WHERE l.deleted_at IS NULL`)
    },
  },
  {
    // 0023: live products per category ('' = none).
    triggers: 'product_category_counts_%',
    rebuild: (s) => {
      s.exec(`DELETE FROM product_category_counts`)
      s.exec(`INSERT INTO product_category_counts (category_id, n) SELECT ifnull(category_id, ''), count(*) FROM products WHERE deleted_at IS NULL GROUP BY 1`)
    },
  },
]

export interface SuspendedTriggers { ddl: string[]; pipeline: string[] }

/** Drops the derived tables' triggers; returns what `rebuildDerived` needs to put them back. */
export function suspendDerived(sqlite: Sqlite): SuspendedTriggers {
  const ddl: string[] = []
  for (const d of DERIVED) {
    const rows = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`).all(d.triggers) as { name: string; sql: string }[]
    for (const r of rows) { sqlite.exec(`DROP TRIGGER "${r.name}"`); ddl.push(r.sql) }
  }
  return { ddl, pipeline: suspendPipelineRollup(sqlite) }
}

/** Recomputes every derived table from its sources, then creates the suspended triggers again. */
export function rebuildDerived(sqlite: Sqlite, suspended: SuspendedTriggers): void {
  sqlite.transaction(() => {
    for (const d of DERIVED) d.rebuild(sqlite)
    for (const ddl of suspended.ddl) sqlite.exec(ddl)
  })()
  rebuildPipelineRollup(sqlite, suspended.pipeline)
}
