/**
 * Contract calls on a generated database, each beside the same SQL as raw prepared
 * better-sqlite3 statements in the same run (the statements the call itself runs, traced and
 * replayed: lib/sql-trace.ts): customer search (name, pinyin initials, phone),
 * list pages, opening a customer page, pipeline, sales reports. Run once per scale; run.ts
 * compares scales (large / medium) and checks the targets.
 */
import { createTestApp, type TestClient } from '../../src-main/testing'
import { encodeCursor } from '../../src-main/modules/customers/customer-list-query'
import { ftsQuery } from '../../src-main/modules/customers/search-keys'
import { SalesReports } from '../../src-main/modules/sales/sales-reports'
import { ADMIN, USER_PASSWORD } from '../lib/cache'
import { rawTwin } from '../lib/sql-trace'
import { round, time, type Timing } from '../lib/timing'

export interface ApiRow {
  id: string
  label: string
  group: 'overhead' | 'search' | 'list' | 'page' | 'sales' | 'reference'
  contract: Timing | null
  raw: Timing | null
  /** contract / raw */
  ratio: number | null
  matches?: number
  /** The statements the raw baseline runs (the contract call's own SQL, see lib/sql-trace.ts). */
  rawSql?: string[]
}

/** Per row, the faster of two passes' timings (contract and raw separately); all round medians kept. */
export function bestOf(a: ApiRow[], b: ApiRow[]): ApiRow[] {
  const pick = (x: Timing | null, y: Timing | null): Timing | null => {
    if (!x || !y) return x ?? y
    const best = y.ms < x.ms ? y : x
    return { ...best, rounds: [...x.rounds, ...y.rounds] }
  }
  return a.map((r) => {
    const o = b.find((x) => x.id === r.id)
    if (!o) return r
    const contract = pick(r.contract, o.contract)
    const raw = pick(r.raw, o.raw)
    return { ...r, contract, raw, ratio: contract && raw ? round(contract.ms / raw.ms, 2) : null }
  })
}

/** `only`: measure just the rows whose id it matches (bench/api-ab.ts); the full run measures all. */
export async function apiSuite(dataDir: string, opts: { runs: number; log: (s: string) => void; only?: RegExp }): Promise<ApiRow[]> {
  const t = createTestApp({ dir: dataDir })
  const s = t.app.database.sqlite
  const rows: ApiRow[] = []
  try {
    const login = async (username: string, password: string): Promise<TestClient> => {
      const c = t.connect(`bench-${username}`)
      await c.ok('auth.login', { username, password })
      return c
    }
    const admin = await login(ADMIN.username, ADMIN.password)
    const sales = await login('sales001', USER_PASSWORD)
    const add = async (id: string, label: string, group: ApiRow['group'], contract: (() => unknown) | null, raw: (() => unknown) | null, matches?: number) => {
      if (opts.only && !opts.only.test(id)) return
      const c = contract ? await time(contract, opts.runs) : null
      const r = raw ? await time(raw, opts.runs) : null
      const row: ApiRow = { id, label, group, contract: c, raw: r, ratio: c && r ? round(c.ms / r.ms, 2) : null, ...(matches !== undefined ? { matches } : {}) }
      rows.push(row)
      opts.log(`    ${label.padEnd(58)} contract ${c ? c.ms.toFixed(3).padStart(8) : '       -'} ms   raw ${r ? r.ms.toFixed(3).padStart(8) : '       -'} ms`)
    }
    const call = (who: TestClient, name: string, input: unknown) => async () => {
      const res = await who.raw(name, input)
      if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`)
    }

    // Raw baselines (issue 6: "the same query as a raw prepared better-sqlite3 statement"): the
    // statements a warm contract call executes, traced and replayed prepared once (lib/sql-trace.ts),
    // so each does the same SQL work as the call — for customers.list the plan-choice counts
    // (max(rowid), matches up to a cap), the scope/owner filter and the page query with owner
    // names, primary contacts, tags and the unsynced marker; for customers.get the customer, its
    // contacts, the owner's name and the outbox marker; for timeline.customer the customer
    // (scope check), the merged-customer family, each source's page (activities, audit edits) and
    // actor and customer names; for followups/opportunities.list the customer and the page with
    // its joins. The exact SQL of each baseline is kept with its row (`rawSql` in the JSON).
    const same = (fn: () => Promise<void>) => rawTwin(s, fn)
    const addSame = async (id: string, label: string, group: ApiRow['group'], fn: () => Promise<void>, matches?: number) => {
      if (opts.only && !opts.only.test(id)) return
      const twin = await same(fn)
      await add(id, label, group, fn, twin.raw, matches)
      rows[rows.length - 1]!.rawSql = twin.sql
    }

    // A customer with a life: owned, with contacts, many follow-ups (the same rule at every scale).
    const busy = s.prepare(`SELECT customer_id FROM followups GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1 OFFSET 10`).pluck().get() as string
    await addSame('overhead.customers.get', 'customers.get (customer + contacts)', 'overhead', call(admin, 'customers.get', { id: busy }))

    // Search, first page of 50, as the list's search box sends it (matches: all customers the term matches).
    const ftsCount = s.prepare(`SELECT count(*) FROM customers_fts WHERE customers_fts MATCH ?`).pluck()
    const keyCount = s.prepare(`SELECT count(DISTINCT customer_id) FROM customer_keys WHERE key >= ? AND key < ?`).pluck()
    const search = (term: string) => call(admin, 'customers.list', { filters: { search: term }, limit: 50 })
    const sample = s.prepare(`SELECT c.name, c.pinyin, ct.mobile FROM customers c JOIN contacts ct ON ct.customer_id = c.id WHERE c.owner_id IS NOT NULL AND c.name LIKE '杭州%' AND length(c.pinyin) >= 6 ORDER BY c.id LIMIT 1 OFFSET 20`).get() as { name: string; pinyin: string; mobile: string }
    const name4 = [...sample.name].slice(2, 6).join('')
    await addSame('search.name2', 'search name, 2 chars "科技"', 'search', search('科技'), ftsCount.get(ftsQuery('科技')) as number)
    await addSame('search.name4', `search name, 4 chars "${name4}"`, 'search', search(name4), ftsCount.get(ftsQuery(name4)) as number)
    const py = sample.pinyin.slice(0, 4)
    await addSame('search.pinyin', `search pinyin initials "${py}"`, 'search', search(py), keyCount.get(`p:${py}`, `p:${py}\uffff`) as number)
    const digits = sample.mobile.replace(/\D/g, '')
    const suffix = digits.slice(-4)
    const rev = [...suffix].reverse().join('')
    await addSame('search.phone4', `search phone, last 4 digits "${suffix}"`, 'search', search(suffix), keyCount.get(`r:${rev}`, `r:${rev}\uffff`) as number)
    await addSame('search.phone11', 'search phone, full mobile', 'search', search(digits))

    // List: first page and a page deep in the list (keyset cursor), newest changes first.
    const total = s.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number
    const deepAt = Math.floor(total / 2)
    const deep = s.prepare(`SELECT updated_at AS u, id FROM customers WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET ?`).get(deepAt - 1) as { u: number; id: string }
    const cursor = encodeCursor({ field: 'updatedAt', dir: 'desc' }, [deep.u, deep.id])
    await addSame('list.first', 'list first page (50)', 'list', call(admin, 'customers.list', { limit: 50 }))
    await addSame('list.deep', 'list page after half the list (keyset)', 'list', call(admin, 'customers.list', { limit: 50, cursor }))
    await add('list.first.sales', 'list first page, salesperson (own scope)', 'list', call(sales, 'customers.list', { limit: 50 }), null)
    await add('list.filtered', 'list first page, level A + active', 'list', call(admin, 'customers.list', { limit: 50, filters: { level: ['A'], status: ['active'] } }), null)

    // Opening a customer: the detail, the timeline and the follow-ups and opportunities tabs.
    await addSame('page.timeline', 'timeline.customer (50 entries)', 'page', call(admin, 'timeline.customer', { customerId: busy, limit: 50 }))
    await addSame('page.followups', 'followups.list of the customer', 'page', call(admin, 'followups.list', { customerId: busy, limit: 50 }))
    await addSame('page.open', 'open customer page (get + timeline + follow-ups + opportunities)', 'page', async () => {
      await Promise.all([call(admin, 'customers.get', { id: busy })(), call(admin, 'timeline.customer', { customerId: busy, limit: 50 })(),
        call(admin, 'followups.list', { customerId: busy, limit: 50 })(), call(admin, 'opportunities.list', { customerId: busy, limit: 50 })()])
    })
    // The same in one call, as the page now opens (customers.page: same parts, same checks).
    await addSame('page.single', 'customers.page (one call: the same four parts)', 'page', call(admin, 'customers.page', { id: busy, limit: 50, opportunitiesLimit: 50 }))

    // Sales reports over the last 12 whole months (rollup and facts), when the data has orders.
    // (The whole year as one array of up to 1.2 M product-months is no longer measured: 1.2 s at
    // large for rows no screen shows; docs/PERFORMANCE.md, "Sales reports".)
    const lines = s.prepare(`SELECT count(*) FROM sales_order_lines`).pluck().get() as number
    if (lines > 0 && (!opts.only || opts.only.test('sales.'))) {
      const reports = new SalesReports(t.app.database.db)
      const last = s.prepare(`SELECT max(month) FROM sales_facts`).pluck().get() as string
      const [y, m] = last.split('-').map(Number) as [number, number]
      const from = `${y - 1}-${String(m).padStart(2, '0')}`
      const to = `${y}-${String(m - 1 || 12).padStart(2, '0')}`
      const toMonth = m === 1 ? `${y - 1}-12` : to
      const fromDate = `${from}-01`
      const toDate = `${toMonth}-31`
      const naiveProduct = s.prepare(`SELECT substr(o.order_date, 1, 7) m, l.product_id, sum(l.amount), sum(l.cost) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
        WHERE o.status = 'approved' AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND o.order_date BETWEEN ? AND ? GROUP BY m, l.product_id`)
      // As a report screen reads it: the last whole calendar year's products ranked by revenue, 100
      // a page with their 12 months (sales_product_years); a page deep in the ranking by keyset.
      const year = String(y - 1)
      await add('sales.productMonthly', `revenue + margin per product per month, ${year}: top 100 products (ranked rollup)`, 'sales', () => reports.productYear(year, { limit: 100 }), () => naiveProduct.all(fromDate, toDate))
      let deep = reports.productYear(year, { limit: 100 }).nextCursor
      for (let i = 0; i < 9 && deep; i++) deep = reports.productYear(year, { limit: 100, cursor: deep }).nextCursor
      await add('sales.productMonthlyDeep', `same, page after 1,000 products (keyset)`, 'sales', () => reports.productYear(year, { limit: 100, cursor: deep }), null)
      await add('sales.productMonthlyFacts', 'same over any dates (sales_facts)', 'sales', () => reports.productMonthlyBetween(fromDate, toDate), null)
      await add('sales.topCustomers', 'top 100 customers, 1 year', 'sales', () => reports.topCustomers(from, toMonth, 100), null)
      await add('sales.salespersonRanking', 'salesperson ranking, 1 year', 'sales', () => reports.salespersonRanking(from, toMonth), null)
      await add('sales.listOrders', 'sales.listOrders first page', 'list', call(admin, 'sales.listOrders', { limit: 50 }), null)
    }

    await add('ref.pipeline', 'opportunities.pipeline (all)', 'reference', call(admin, 'opportunities.pipeline', {}), null)
    await add('ref.count', 'customers.count (all)', 'reference', call(admin, 'customers.count', {}), null)
    await add('ref.products', 'catalogue.list search "打印机"', 'reference', call(admin, 'catalogue.list', { filters: { search: '打印机' }, limit: 50 }), null)
  } finally {
    t.app.close()
  }
  return rows
}
