import type { DemoLoadResult, DemoRemoveResult, DemoStatus } from '../../../src-preload/contracts/system'
import type { Db, Sqlite } from '../../core/db'
import { AppError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import { seedDatabase } from '../../seed'
import type { Access } from '../auth/access'
import type { PasswordCost } from '../auth/password'
import { reindexProduct } from '../catalogue/search'
import { reindexCustomer } from '../customers/search-index'
import { syncOrderFacts } from '../sales/facts'

export interface DemoDeps { db: Db; sqlite: Sqlite; access: Access; bus: EventBus; now: () => number; passwordCost?: PasswordCost }

/** Tables that hold device-local or derived data: never a reason to keep a demo record. */
const NOT_REFERENCES = new Set(['demo_records', 'audit_log', 'outbox', 'customer_keys', 'product_keys', '__drizzle_migrations'])
/** The seed of the app's demo data: every device shows the same company (times differ). */
const DEMO_SEED = 20_260_101

/**
 * 演示数据 (issue 6): the generator's demo scale loaded into this device's database on request,
 * every generated id listed in demo_records, and removed again without touching what users
 * created. Demo data is local: it is never queued for sync.
 */
export class DemoData {
  constructor(private readonly d: DemoDeps) {}

  status(userId: string | null): DemoStatus {
    const actor = this.d.access.actor(userId)
    const admin = actor.permissions.has('system.settings')
    const records = this.count('SELECT count(*) FROM demo_records')
    // EXISTS, not count(*): the dashboard asks on every visit (a count took 90 ms at 100,000 customers).
    const anyCustomer = this.count('SELECT EXISTS (SELECT 1 FROM customers WHERE deleted_at IS NULL)') > 0
    return { present: records > 0, records, canLoad: admin && records === 0 && !anyCustomer, canRemove: admin && records > 0 }
  }

  async load(userId: string | null): Promise<DemoLoadResult> {
    this.d.access.require(this.d.access.actor(userId), 'system.settings')
    this.assertEmpty()
    // Hashing the demo users' (unknown, random) password awaits: check again after it.
    const report = await seedDatabase(this.d.sqlite, {
      scale: 'demo', seed: DEMO_SEED, baseTime: this.d.now(), fresh: false, markDemo: true, atomic: true, passwordCost: this.d.passwordCost,
      guard: () => this.assertEmpty(),
    })
    this.d.bus.emit('data.changed', { tables: this.tables() })
    const c = report.counts
    return { customers: c.customers ?? 0, contacts: c.contacts ?? 0, followups: c.followups ?? 0, opportunities: c.opportunities ?? 0, products: c.products ?? 0, users: c.users ?? 0, orders: c.orders ?? 0, ms: report.ms }
  }

  remove(userId: string | null): DemoRemoveResult {
    this.d.access.require(this.d.access.actor(userId), 'system.settings')
    const tables = this.tables()
    if (tables.length === 0) return { removed: 0, kept: 0 }
    const known = new Set(this.d.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[])
    let removed = 0
    let kept = 0
    this.d.sqlite.transaction(() => {
      kept = this.unmarkReferenced(known)
      const sq = this.d.sqlite
      // Search data first (FTS rows are keyed by the rowid of the row about to go).
      sq.exec(`DELETE FROM customers_fts WHERE rowid IN (SELECT rowid FROM customers WHERE id IN (SELECT record_id FROM demo_records WHERE table_name = 'customers'))`)
      sq.exec(`DELETE FROM customer_keys WHERE customer_id IN (SELECT record_id FROM demo_records WHERE table_name = 'customers')`)
      if (known.has('products_fts')) {
        sq.exec(`DELETE FROM products_fts WHERE rowid IN (SELECT rowid FROM products WHERE id IN (SELECT record_id FROM demo_records WHERE table_name = 'products'))`)
        sq.exec(`DELETE FROM product_keys WHERE product_id IN (SELECT record_id FROM demo_records WHERE table_name = 'products')`)
      }
      // Device-local rows about demo records (login state, announced reminders) and changes never pushed.
      sq.exec(`DELETE FROM login_state WHERE user_id IN (SELECT record_id FROM demo_records WHERE table_name = 'users')`)
      sq.exec(`DELETE FROM reminder_notifications WHERE reminder_id IN (SELECT record_id FROM demo_records WHERE table_name = 'reminders')`)
      sq.exec(`DELETE FROM outbox WHERE status = 'pending' AND record_id IN (SELECT record_id FROM demo_records)`)
      const orders = sq.prepare(`SELECT record_id FROM demo_records WHERE table_name = 'sales_orders'`).pluck().all() as string[]
      for (const t of this.tables()) {
        if (!known.has(t)) continue
        removed += sq.prepare(`DELETE FROM "${t}" WHERE id IN (SELECT record_id FROM demo_records WHERE table_name = ?)`).run(t).changes
      }
      sq.exec('DELETE FROM demo_records')
      for (const id of this.keptIds('customers')) reindexCustomer(this.d.db, id)
      for (const id of this.keptIds('products')) reindexProduct(this.d.db, id)
      // The sales facts and monthly rollup lose the removed orders' contribution.
      for (const id of orders) syncOrderFacts(this.d.db, id)
    })()
    this.d.bus.emit('data.changed', { tables })
    return { removed, kept }
  }

  /** Demo records kept by the last removal (see unmarkReferenced). */
  private keptLog: { table: string; id: string }[] = []
  private keptIds(table: string): string[] { return this.keptLog.filter((k) => k.table === table).map((k) => k.id) }

  /**
   * A demo record that a user's own record points at (a follow-up logged on a demo customer,
   * an order of a demo product, a user who reports to a demo manager) stays, as an ordinary
   * record, so nothing of the user's dangles. Repeated until nothing new is kept, because a
   * kept record's own references (its owner, its category) must stay too.
   */
  private unmarkReferenced(known: Set<string>): number {
    const sq = this.d.sqlite
    const refs: { table: string; column: string }[] = []
    for (const table of known) {
      if (NOT_REFERENCES.has(table) || table.startsWith('sqlite_') || table.includes('_fts')) continue
      const cols = (sq.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[])
      if (!cols.includes('id') || !cols.includes('hlc')) continue
      for (const c of cols) if ((c.endsWith('_id') || c === 'created_by') && c !== 'id') refs.push({ table, column: c })
    }
    this.keptLog = []
    for (let round = 0; round < 10; round++) {
      const found: { table: string; id: string }[] = []
      for (const { table, column } of refs) {
        const rows = sq.prepare(`SELECT DISTINCT d.table_name AS t, d.record_id AS id FROM "${table}" x JOIN demo_records d ON d.record_id = x."${column}"
          WHERE x.id NOT IN (SELECT record_id FROM demo_records WHERE table_name = ?)`).all(table) as { t: string; id: string }[]
        for (const r of rows) found.push({ table: r.t, id: r.id })
      }
      if (found.length === 0) break
      const del = sq.prepare('DELETE FROM demo_records WHERE table_name = ? AND record_id = ?')
      for (const f of found) if (del.run(f.table, f.id).changes) this.keptLog.push(f)
    }
    return this.keptLog.length
  }

  private assertEmpty(): void {
    if (this.count('SELECT count(*) FROM demo_records') > 0) throw new AppError('CONFLICT', 'errors.demoDataPresent')
    if (this.count('SELECT EXISTS (SELECT 1 FROM customers WHERE deleted_at IS NULL)') > 0) throw new AppError('CONFLICT', 'errors.demoDataNotEmpty')
  }

  private tables(): string[] { return this.d.sqlite.prepare('SELECT DISTINCT table_name FROM demo_records').pluck().all() as string[] }
  private count(q: string): number { return this.d.sqlite.prepare(q).pluck().get() as number }
}
