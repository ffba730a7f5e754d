/**
 * The data generator (issue 6): a realistic Chinese company's data written straight into a
 * LaiBang profile database with bulk prepared INSERTs, deterministic for a seed and a base
 * time. Used by `npm run seed`, the benchmarks, and the app's 演示数据 (system.loadDemoData).
 * No outbox or audit rows: generated data is local to the device (docs/PERFORMANCE.md).
 */
import type { Sqlite } from '../core/db'
import type { PasswordCost } from '../modules/auth/password'
import { rebuildProductSearch } from '../modules/catalogue/search'
import { rebuildSearchIndex } from '../modules/customers/search-index'
import { writeActivity, planActivity } from './activity'
import { rebuildDerived, suspendDerived } from './derived'
import { SeedContext, type Progress } from './bulk'
import { seedCatalogue } from './catalogue'
import { planCustomers, writeCustomers } from './customers'
import { orgHashes, seedOrg, type Org, type OrgHashes, type OrgOptions } from './org'
import { seedSales } from './sales'
import { SCALES, type ScaleName } from './scales'
import { LAST_SWEEP_KEY } from '../modules/pool/sweeper'

export { SCALES, SCALE_NAMES, type ScaleName } from './scales'

export interface SeedOptions {
  scale: ScaleName
  seed: number
  /** End of the generated history (ms); the same seed and base time give the same data. */
  baseTime: number
  /** A new database (company, roles, administrator created); false = add to the existing company. */
  fresh: boolean
  companyName?: string
  adminUsername?: string
  adminPassword?: string
  /** Password of the other generated users (null: random and unknown, for demo data in the app). */
  userPassword?: string | null
  /** Record every generated id in demo_records (removable demo data). */
  markDemo?: boolean
  /** Called first inside the writing (and its transaction when atomic): throw to refuse. */
  guard?: () => void
  /** Everything in one transaction (demo data in the app: all or nothing). */
  atomic?: boolean
  /** Run ANALYZE at the end (bulk loads leave the planner without statistics). */
  analyze?: boolean
  progress?: Progress
  passwordCost?: PasswordCost
}

export interface SeedReport {
  scale: ScaleName; seed: number; baseTime: number; ms: number
  counts: Record<string, number>
  logins: Org['logins']
  salesSkipped: string | null
  phases: { phase: string; ms: number }[]
}

export async function seedDatabase(sqlite: Sqlite, o: SeedOptions): Promise<SeedReport> {
  const started = performance.now()
  const orgOptions = {
    fresh: o.fresh, companyName: o.companyName ?? '杭州莱邦科技有限公司', adminUsername: o.adminUsername ?? 'admin', adminPassword: o.adminPassword ?? 'laibang-admin-1',
    userPassword: o.userPassword ?? null, salespeople: SCALES[o.scale].salespeople,
  }
  const hashes = await orgHashes(orgOptions, o.passwordCost)
  const run = () => seedSync(sqlite, o, orgOptions, hashes, started)
  return o.atomic ? sqlite.transaction(run)() : run()
}

function seedSync(sqlite: Sqlite, o: SeedOptions, orgOptions: OrgOptions, hashes: OrgHashes, started: number): SeedReport {
  const spec = SCALES[o.scale]
  const progress = o.progress ?? (() => {})
  o.guard?.()
  const ctx = new SeedContext(sqlite, o.seed, o.baseTime, progress, o.markDemo ? 'demo00000000' : 'seed00000000', o.markDemo ?? false)
  const phases: SeedReport['phases'] = []
  let t = performance.now()
  const lap = (phase: string) => { const now = performance.now(); phases.push({ phase, ms: Math.round(now - t) }); t = now }

  const org = seedOrg(ctx, orgOptions, hashes)
  lap('organisation')
  // Planned in memory first: follow-ups move the customers' lastFollowupAt/updatedAt and won.
  const customers = planCustomers(ctx, spec, org)
  const activity = planActivity(ctx, spec, customers)
  lap('plan')
  // Bulk loads into a new file: secondary indexes are built once after the rows (a sort)
  // instead of row by row at random positions (PERFORMANCE-LIMITS: insert first, index after).
  const deferred = o.fresh && !o.atomic ? dropSecondaryIndexes(sqlite, BULK_TABLES) : []
  // Tables derived by triggers (price points, category counts, pipeline rollup) are rebuilt
  // set-based after the load instead of row by row (derived.ts).
  const suspended = o.fresh && !o.atomic ? suspendDerived(sqlite) : null
  const c = writeCustomers(ctx, customers)
  lap('customers + contacts')
  const a = writeActivity(ctx, activity)
  lap('opportunities, follow-ups, timeline, reminders')
  const cat = seedCatalogue(ctx, spec, org.adminId)
  lap('catalogue')
  const sales = seedSales(ctx, spec, customers, cat.products)
  lap('sales')
  if (suspended) {
    // Before the deferred indexes: the derived tables' own indexes are then built once, sorted.
    progress('derived tables', 0, 1)
    rebuildDerived(sqlite, suspended)
    lap('derived tables')
  }
  if (deferred.length) {
    progress('indexes', 0, deferred.length)
    deferred.forEach((ddl, i) => { sqlite.exec(ddl); progress('indexes', i + 1, deferred.length) })
    lap('indexes')
  }
  // Search data after the rows, in rowid order (PERFORMANCE-LIMITS: FTS in order is 3–4× faster).
  progress('search index (customers)', 0, 1)
  rebuildSearchIndex(sqlite)
  progress('search index (products)', 0, 1)
  rebuildProductSearch(sqlite)
  lap('search indexes')
  if (o.markDemo) {
    const mark = sqlite.prepare('INSERT OR IGNORE INTO demo_records (table_name, record_id) VALUES (?, ?)')
    sqlite.transaction(() => { for (const [table, ids] of ctx.written) for (const id of ids) mark.run(table, id) })()
  }
  // A generated database stands for a device that has been in use up to baseTime, sweeping the
  // pool daily; the generator does not replay those sweeps, so without this mark the first start
  // would reclaim every customer whose clock ran out in three years of history at once.
  if (o.fresh && !o.markDemo) {
    sqlite.prepare('INSERT OR REPLACE INTO local_meta (key, value, updated_at) VALUES (?, ?, ?)').run(LAST_SWEEP_KEY, String(o.baseTime), o.baseTime)
  }
  // Atomic loads (demo data in the app) are small and run inside a transaction: no ANALYZE.
  if (o.analyze && !o.atomic) { progress('ANALYZE', 0, 1); sqlite.exec('ANALYZE'); lap('analyze') }
  return {
    scale: o.scale, seed: o.seed, baseTime: o.baseTime, ms: Math.round(performance.now() - started),
    counts: { users: org.users.length + (o.fresh ? 1 : 0), customers: c.customers, contacts: c.contacts, ...a, productCategories: cat.categories, products: cat.products.length, quotes: sales.quotes, orders: sales.orders, orderLines: sales.orderLines },
    logins: org.logins, salesSkipped: sales.skipped, phases,
  }
}

/** Tables the generator fills with many rows (price_points: filled by triggers on the sales lines). */
const BULK_TABLES = ['customers', 'contacts', 'followups', 'opportunities', 'activities', 'reminders', 'products', 'product_costs',
  'quotes', 'quote_lines', 'sales_orders', 'sales_order_lines', 'sales_facts', 'sales_monthly', 'sales_product_years', 'price_points']
/**
 * Kept during the load: sales facts are rebuilt at the end of the sales phase by joining the
 * lines to their documents. (price_points_document served the price-point triggers, which are
 * now set aside during the load: derived.ts. With them, a header insert without it scanned the
 * table so far and the load turned quadratic.)
 */
const KEEP_DURING_LOAD = ['quote_lines_quote', 'sales_order_lines_order']

/** Drops the explicit indexes of `tables` and returns their CREATE statements, to run after the load. */
function dropSecondaryIndexes(sqlite: Sqlite, tables: readonly string[]): string[] {
  const rows = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
      AND name NOT IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(tables), JSON.stringify(KEEP_DURING_LOAD)) as { name: string; sql: string }[]
  for (const r of rows) sqlite.exec(`DROP INDEX "${r.name}"`)
  return rows.map((r) => r.sql)
}
