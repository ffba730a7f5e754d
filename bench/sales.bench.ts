/**
 * Quotes and sales orders at scale:
 *   node --import tsx bench/sales.bench.ts [--lines 1000000] [--runs 30]   (npm run bench:sales)
 * Bulk-loads orders with 1,000,000 lines (prepared statements, one transaction per 100,000
 * rows, secondary indexes dropped during the load and rebuilt after, as PERFORMANCE-LIMITS.md
 * advises) plus quotes, builds sales_facts / sales_monthly, runs ANALYZE, then times: the order
 * list (first and deep page, contract call through the registry beside the raw keyset SQL),
 * the price history of a product (contract and raw), and the three report queries the analysis
 * module needs — revenue and margin per product per month over a year, top 100 customers,
 * salesperson ranking — each three ways: the monthly rollup, sales_facts through the covering
 * index that leads with the grouping key, and the naive join of lines and orders. Medians of
 * the best of three rounds. Results: bench/results/sales-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { createTestApp, type TestClient } from '../src-main/testing'
import { encodeCursor } from '../src-main/modules/followups/keyset'
import { rebuildSalesFacts, SalesReports } from '../src-main/modules/sales/sales.module'
import { lineAmounts } from '../src-main/modules/sales/sales-math'
import { ordersListSql, quotesListSql, SalesRepository } from '../src-main/modules/sales/sales.repository'
import { explainPriceHistory, priceHistory, rebuildPricePoints } from '../src-main/modules/sales/price-history'
import { sql, type SQL } from 'drizzle-orm'
import { ordersListSqlBefore, priceHistoryBefore } from './lib/sales-before'
import { time as oneRound, type Timing } from './lib/timing'
import { median } from './lib/timing'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const LINES = arg('lines', 1_000_000)
const RUNS = Math.max(5, arg('runs', 30))
const SALESPEOPLE = 40
const CUSTOMERS = 20_000
const PRODUCTS = arg('products', 100_000)
/** A catalogue sells unevenly: 30 % of lines go to the first HOT products (~1,500 lines each at 1,000,000). */
const HOT = 200
const QUOTE_LINES = Math.floor(LINES / 10)
const DAY = 86_400_000

let seed = 42
const rnd = () => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648 }
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!
let idSeq = 0
function fastId(ms: number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7000-8000-${(idSeq++).toString(16).padStart(12, '0')}`
}
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

async function time(fn: () => unknown, runs = RUNS): Promise<{ ms: number; rounds: number[] }> {
  for (let i = 0; i < 2; i++) await fn()
  const rounds: number[] = []
  for (let r = 0; r < 3; r++) {
    const xs: number[] = []
    for (let i = 0; i < runs; i++) {
      const s = performance.now()
      await fn()
      xs.push(performance.now() - s)
    }
    rounds.push(median(xs))
  }
  return { ms: Math.min(...rounds), rounds }
}

async function main(): Promise<void> {
  const t = createTestApp()
  const { sqlite, db } = t.app.database
  const admin = t.connect('admin')
  await admin.ok('auth.setup', { companyName: '莱邦基准测试有限公司', adminUsername: 'admin', adminDisplayName: '管理员', password: 'admin-pass-1' })
  const roles = await admin.ok('admin.listRoles', {})
  const roleId = (code: string) => roles.find((r) => r.code === code)!.id
  const manager = await admin.ok('admin.createUser', { username: 'manager', password: 'user-pass-1', displayName: '王经理', roleId: roleId('sales_manager') })
  const owners: string[] = []
  for (let i = 0; i < SALESPEOPLE; i++) {
    owners.push((await admin.ok('admin.createUser', { username: `sales${i}`, password: 'user-pass-1', displayName: `销售${i}`, roleId: roleId('salesperson'), managerId: i < 10 ? manager.id : null })).id)
  }
  const login = async (u: string): Promise<TestClient> => { const c = t.connect(`c-${u}`); await c.ok('auth.login', { username: u, password: 'user-pass-1' }); return c }
  const sales0 = await login('sales0')
  const boss = await login('manager')

  const now = t.clock.now()
  const hlc = `${now.toString(36)}-0000-bench`
  sqlite.pragma('cache_size = -131072')
  const loadStart = performance.now()
  // Secondary indexes of the sales tables go during the load and come back after it.
  const indexSql = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('quotes', 'quote_lines', 'sales_orders', 'sales_order_lines', 'sales_facts')`).all() as { name: string; sql: string }[]
  for (const i of indexSql) sqlite.exec(`DROP INDEX ${i.name}`)
  // price_points' triggers likewise: the table is rebuilt in one pass after the load.
  const triggerSql = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'price_points_%'`).all() as { name: string; sql: string }[]
  for (const tr of triggerSql) sqlite.exec(`DROP TRIGGER ${tr.name}`)

  const products: { id: string; price: number; cost: number }[] = []
  const insProduct = sqlite.prepare(`INSERT INTO products (id, created_at, updated_at, hlc, field_hlc, code, name, pinyin, unit, list_price, tax_rate, status) VALUES (?, ?, ?, ?, '{}', ?, ?, '', '台', ?, 1300, 'active')`)
  const insCost = sqlite.prepare(`INSERT INTO product_costs (id, created_at, updated_at, hlc, field_hlc, product_id, floor_price, standard_cost) VALUES (?, ?, ?, ?, '{}', ?, ?, ?)`)
  const customers: { id: string; owner: string }[] = []
  const insCustomer = sqlite.prepare(`INSERT INTO customers (id, created_at, updated_at, hlc, field_hlc, owner_id, name, name_norm, pinyin, custom, locked, won) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, '', '{}', 0, 0)`)
  sqlite.transaction(() => {
    for (let i = 0; i < PRODUCTS; i++) {
      const id = fastId(now - 400 * DAY)
      const price = 100 * (10 + Math.floor(rnd() * 5_000))
      const cost = i % 50 === 0 ? null : Math.floor(price * (0.4 + rnd() * 0.3))
      insProduct.run(id, now, now, hlc, `P${String(i).padStart(5, '0')}`, `产品${i}`, price)
      insCost.run(fastId(now), now, now, hlc, id, Math.floor(price * 0.8), cost)
      products.push({ id, price, cost: cost ?? -1 })
    }
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = fastId(now - 400 * DAY)
      const owner = owners[i % SALESPEOPLE]!
      insCustomer.run(id, now, now, hlc, owner, `基准客户${i}有限公司`, `基准客户${i}`)
      customers.push({ id, owner })
    }
  })()
  console.log(`products + customers ${((performance.now() - loadStart) / 1000).toFixed(1)} s`)

  const insOrder = sqlite.prepare(`INSERT INTO sales_orders (id, created_at, created_by, updated_at, updated_by, hlc, field_hlc, number, number_status, number_rule, customer_id, owner_id,
    status, order_date, price_includes_tax, subtotal, tax_total, total, max_discount_permille, below_floor, cost_total, approved_at)
    VALUES (?, ?, ?, ?, ?, ?, '{}', ?, 'official', 'bench', ?, ?, ?, ?, 1, ?, ?, ?, ?, 0, ?, ?)`)
  const insLine = sqlite.prepare(`INSERT INTO sales_order_lines (id, created_at, updated_at, hlc, field_hlc, order_id, line_no, product_id, product_code, product_name, qty_milli,
    unit_price, discount_permille, tax_rate, net_unit_price, amount, tax, total, list_price, below_floor, customer_id, owner_id, order_date, unit_cost, cost)
    VALUES (?, ?, ?, ?, '{}', ?, ?, ?, '', '', ?, ?, ?, 1300, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`)
  const yearAgo = now - 365 * DAY
  let lines = 0
  let orders = 0
  // Orders in date order over the last year: created_at follows the order date, as entered.
  const load = (total: number, insertDoc: (id: string, at: number, c: { id: string; owner: string }, n: number) => (docId: string, lineNo: number, at: number, c: { id: string; owner: string }) => void) => {
    let done = 0
    while (done < total) {
      sqlite.transaction(() => {
        const stop = Math.min(total, done + 100_000)
        while (done < stop) {
          const at = yearAgo + Math.floor((done / total) * 365 * DAY)
          const c = pick(customers)
          const n = Math.min(stop - done, 1 + Math.floor(rnd() * 9))
          const id = fastId(at)
          const addLine = insertDoc(id, at, c, n)
          for (let k = 0; k < n; k++) addLine(id, k + 1, at, c)
          done += n
        }
      })()
    }
  }
  load(LINES, (id, at, c, n) => {
    const status = orders % 20 === 0 ? 'reversed' : orders % 25 === 0 ? 'draft' : 'approved'
    const ls = Array.from({ length: n }, () => {
      const p = rnd() < 0.3 ? products[Math.floor(rnd() * HOT)]! : pick(products)
      const qty = 1000 * (1 + Math.floor(rnd() * 20))
      const disc = rnd() < 0.3 ? Math.floor(rnd() * 150) : 0
      const price = Math.floor(p.price * (0.85 + rnd() * 0.3))
      return { p, qty, disc, price, a: lineAmounts({ qtyMilli: qty, unitPrice: price, discountPermille: disc, taxRate: 1300 }, true), cost: p.cost < 0 ? null : Math.round((qty * p.cost) / 1000) }
    })
    const sum = (f: (l: (typeof ls)[number]) => number) => ls.reduce((s, l) => s + f(l), 0)
    const costs = ls.some((l) => l.cost === null) ? null : sum((l) => l.cost ?? 0)
    insOrder.run(id, at, c.owner, at, c.owner, hlc, `SO-${orders}`, c.id, c.owner, status, dateOf(at), sum((l) => l.a.amount), sum((l) => l.a.tax), sum((l) => l.a.total), Math.max(...ls.map((l) => l.disc)), costs, status === 'draft' ? null : at)
    orders++
    let i = 0
    return (docId, lineNo, lat, lc) => {
      const l = ls[i++]!
      insLine.run(fastId(lat), lat, lat, hlc, docId, lineNo, l.p.id, l.qty, l.price, l.disc, l.a.netUnitPrice, l.a.amount, l.a.tax, l.a.total, l.p.price, lc.id, lc.owner, dateOf(lat), l.cost === null ? null : l.p.cost, l.cost)
      lines++
    }
  })
  const insQuote = sqlite.prepare(`INSERT INTO quotes (id, created_at, created_by, updated_at, updated_by, hlc, field_hlc, number, number_status, number_rule, group_id, customer_id, owner_id,
    status, quote_date, price_includes_tax, total, sent_at) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, 'official', 'bench', ?, ?, ?, 'sent', ?, 1, 0, ?)`)
  const insQuoteLine = sqlite.prepare(`INSERT INTO quote_lines (id, created_at, updated_at, hlc, field_hlc, quote_id, line_no, product_id, product_code, product_name, qty_milli,
    unit_price, discount_permille, tax_rate, net_unit_price, amount, tax, total, list_price, below_floor, customer_id, owner_id, quote_date)
    VALUES (?, ?, ?, ?, '{}', ?, ?, ?, '', '', 1000, ?, 0, 1300, ?, 0, 0, 0, ?, 0, ?, ?, ?)`)
  let quoteLines = 0
  load(QUOTE_LINES, (id, at, c) => {
    insQuote.run(id, at, c.owner, at, c.owner, hlc, `QT-${quoteLines}`, id, c.id, c.owner, dateOf(at), at)
    return (docId, lineNo, lat, lc) => {
      const p = rnd() < 0.3 ? products[Math.floor(rnd() * HOT)]! : pick(products)
      const price = Math.floor(p.price * (0.85 + rnd() * 0.3))
      insQuoteLine.run(fastId(lat), lat, lat, hlc, docId, lineNo, p.id, price, price, p.price, lc.id, lc.owner, dateOf(lat))
      quoteLines++
    }
  })
  const loadMs = performance.now() - loadStart
  let s = performance.now()
  // sales_facts is filled first and indexed after (bulk-load order), the other tables before.
  const factIndexes = indexSql.filter((i) => /ON [`"]?sales_facts[`"]?/.test(i.sql))
  for (const i of indexSql) if (!factIndexes.includes(i)) sqlite.exec(i.sql)
  const indexMs = performance.now() - s
  s = performance.now()
  sqlite.transaction(() => rebuildSalesFacts(db))()
  sqlite.transaction(() => { rebuildPricePoints(sqlite); for (const tr of triggerSql) sqlite.exec(tr.sql) })()
  for (const i of factIndexes) sqlite.exec(i.sql)
  const factsMs = performance.now() - s
  s = performance.now()
  sqlite.exec('ANALYZE')
  sqlite.pragma('cache_size = -2000')
  const analyzeMs = performance.now() - s
  console.log(`loaded ${orders} orders / ${lines} lines + ${quoteLines} quote lines in ${(loadMs / 1000).toFixed(1)} s; indexes ${(indexMs / 1000).toFixed(1)} s; facts + rollup ${(factsMs / 1000).toFixed(1)} s; ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`)

  const raw = (q: string) => sqlite.prepare(q)
  const rows: { query: string; contract: number | null; raw: number | null; rows: number | null; note: string; before?: object; after?: object; ratio?: number }[] = []
  const plans: Record<string, string[]> = {}
  const plan = (label: string, q: string, ...params: unknown[]) => { plans[label] = (raw(`EXPLAIN QUERY PLAN ${q}`).all(...params) as { detail: string }[]).map((r) => r.detail) }
  const planSql = (label: string, q: SQL) => { plans[label] = db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`).map((r) => r.detail) }

  // ---- lists ----
  const rawFirst = `SELECT id, number, total FROM sales_orders WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 50`
  const deepAt = Math.min(50_000, Math.floor(orders / 2))
  const deep = raw(`SELECT created_at AS t, id FROM sales_orders WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?`).get(deepAt - 1) as { t: number; id: string }
  const rawDeep = `SELECT id, number, total FROM sales_orders WHERE deleted_at IS NULL AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT 50`
  plan('list deep page (raw keyset)', rawDeep, deep.t, deep.t, deep.id)
  const team = new Set(owners.slice(0, 10).concat(manager.id))
  // Before/after (the list-speed work): the query as it was (bench/lib/sales-before.ts) and as
  // it is, same data, rounds interleaved A B A B A B, best round's median of each.
  const ab = async (label: string, before: () => unknown, after: () => unknown, contract: (() => unknown) | null, n: number | null, note = '') => {
    const bs: Timing[] = []
    const as: Timing[] = []
    for (let r = 0; r < 3; r++) { bs.push(await oneRound(before, RUNS, 1)); as.push(await oneRound(after, RUNS, 1)) }
    const best = (ts: Timing[]) => ts.reduce((m, t) => (t.ms < m.ms ? t : m))
    const b = best(bs)
    const a = best(as)
    rows.push({
      query: label, contract: contract ? (await time(contract)).ms : null, raw: null, rows: n, note,
      before: { ms: b.ms, cpu: b.cpu, rounds: bs.map((t) => t.ms) }, after: { ms: a.ms, cpu: a.cpu, rounds: as.map((t) => t.ms) }, ratio: b.ms / a.ms,
    })
  }
  const listAb = async (label: string, f: Parameters<typeof ordersListSql>[0], after: { t: number; id: string } | null, who: TestClient, input: Record<string, unknown>) => {
    planSql(`before: ${label}`, ordersListSqlBefore(f, after, 51))
    planSql(`after: ${label}`, ordersListSql(f, after, 51))
    const old = db.all(ordersListSqlBefore(f, after, 51)).map((r) => (r as { id: string }).id)
    const repo = new SalesRepository(db)
    const cur = repo.listOrders(f, after, 51).map((r) => r.id)
    if (JSON.stringify(old) !== JSON.stringify(cur)) throw new Error(`${label}: the new list differs from the old one`)
    await ab(label, () => db.all(ordersListSqlBefore(f, after, 51)), () => repo.listOrders(f, after, 51), () => who.ok('sales.listOrders', { limit: 50, ...input }), cur.length)
  }
  const orderDeepCursor = { cursor: encodeCursor({ t: deep.t, id: deep.id }) }
  const teamDeep = raw(`SELECT created_at AS t, id FROM sales_orders WHERE deleted_at IS NULL AND owner_id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?`).get(JSON.stringify([...team]), Math.floor(orders / 8)) as { t: number; id: string }
  await listAb('orders list, first page (admin, all)', { visible: 'all' }, null, admin, {})
  await listAb(`orders list, deep page after ${deepAt} (admin, keyset)`, { visible: 'all' }, deep, admin, orderDeepCursor)
  rows.push({ query: `(raw OFFSET ${deepAt}, for comparison)`, contract: null, raw: (await time(() => raw(`${rawFirst} OFFSET ${deepAt}`).all())).ms, rows: 50, note: '' })
  await listAb('orders list, first page (salesperson, own)', { visible: new Set([owners[0]!]) }, null, sales0, {})
  await listAb('orders list, first page (manager, 11 owners)', { visible: team }, null, boss, {})
  await listAb(`orders list, page after ${Math.floor(orders / 8)} (manager, 11 owners)`, { visible: team }, teamDeep, boss, { cursor: encodeCursor(teamDeep) })
  await listAb('orders list, first page, status draft (admin)', { visible: 'all', status: 'draft' }, null, admin, { filters: { status: 'draft' } })
  await listAb(`orders list, status draft, deep page after ${deepAt} (admin)`, { visible: 'all', status: 'draft' }, deep, admin, { filters: { status: 'draft' }, ...orderDeepCursor })
  await listAb('orders list, first page, status draft (manager, 11 owners)', { visible: team, status: 'draft' }, null, boss, { filters: { status: 'draft' } })
  await listAb('orders list, first page, status reversed (salesperson)', { visible: new Set([owners[0]!]), status: 'reversed' }, null, sales0, { filters: { status: 'reversed' } })
  planSql('after: quotes first page (salesperson)', quotesListSql({ visible: new Set([owners[0]!]), latestOnly: true, today: dateOf(now) }, null, 51))
  planSql('after: quotes first page (manager)', quotesListSql({ visible: team, latestOnly: true, today: dateOf(now) }, null, 51))
  rows.push({ query: 'quotes list, first page (salesperson, own)', contract: (await time(() => sales0.ok('sales.listQuotes', { limit: 50 }))).ms, raw: null, rows: 50, note: '' })
  rows.push({ query: 'quotes list, first page (manager, 11 owners)', contract: (await time(() => boss.ok('sales.listQuotes', { limit: 50 }))).ms, raw: null, rows: 50, note: '' })

  // ---- price history ----
  const owner0 = owners[0]!
  const busy = raw(`SELECT product_id AS p, COUNT(*) AS n FROM sales_order_lines WHERE owner_id = ? GROUP BY product_id ORDER BY n DESC LIMIT 1`).get(owner0) as { p: string; n: number }
  const c0 = { id: raw(`SELECT customer_id FROM sales_order_lines WHERE owner_id = ? AND product_id = ? GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`).pluck().get(owner0, busy.p) as string }
  const historyLines = raw(`SELECT (SELECT COUNT(*) FROM sales_order_lines WHERE product_id = ?) + (SELECT COUNT(*) FROM quote_lines WHERE product_id = ?)`).pluck().get(busy.p, busy.p) as number
  const rawHistory = `SELECT l.order_date, l.net_unit_price, l.customer_id FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id WHERE l.product_id = ? AND o.status = 'approved' ORDER BY l.order_date DESC LIMIT 10`
  plan('price history (raw)', rawHistory, busy.p)
  Object.assign(plans, Object.fromEntries(Object.entries(explainPriceHistory(sqlite)).map(([k, v]) => [`after: price history ${k}`, v])))
  const hq = { productId: busy.p, customerId: c0.id, excludeId: null, limit: 10 }
  // Same answer as before, on this data: statistics and the entries' prices and dates.
  const same = (h: { stats: unknown; mine: { netUnitPrice: number }[]; others: { netUnitPrice: number }[] }) =>
    JSON.stringify({ s: JSON.parse(JSON.stringify(h.stats, (k, v: unknown) => (k === 'last' ? undefined : v))), m: h.mine.map((e) => e.netUnitPrice), o: h.others.map((e) => e.netUnitPrice) })
  if (same(priceHistoryBefore(db, hq)) !== same(priceHistory(sqlite, hq))) throw new Error(`price history differs: ${same(priceHistoryBefore(db, hq))} vs ${same(priceHistory(sqlite, hq))}`)
  await ab(`price history of a product (${historyLines} lines)`, () => priceHistoryBefore(db, hq), () => priceHistory(sqlite, hq),
    () => sales0.ok('sales.priceHistory', { productId: busy.p, customerId: c0.id }), historyLines, 'before: every line with its header, window median; after: price_points ranges, median by OFFSET')
  rows.push({ query: '(raw: 10 latest approved order prices of that product)', contract: null, raw: (await time(() => raw(rawHistory).all(busy.p))).ms, rows: 10, note: '' })

  // ---- reports (AN-1..3), a year ----
  const reports = new SalesReports(db)
  const fromMonth = dateOf(yearAgo).slice(0, 7)
  const toMonth = dateOf(now).slice(0, 7)
  const fromDate = `${fromMonth}-01`
  const toDate = `${toMonth}-31`
  const naiveProduct = `SELECT l.product_id, substr(o.order_date, 1, 7) AS m, SUM(l.amount), SUM(l.cost) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
    WHERE o.status = 'approved' AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND o.order_date BETWEEN ? AND ? GROUP BY l.product_id, m`
  const naiveCustomer = `SELECT o.customer_id, SUM(l.amount) AS a FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
    WHERE o.status = 'approved' AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND o.order_date BETWEEN ? AND ? GROUP BY o.customer_id ORDER BY a DESC LIMIT 100`
  const naiveSales = `SELECT o.owner_id, SUM(l.amount) AS a, SUM(l.cost) FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
    WHERE o.status = 'approved' AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND o.order_date BETWEEN ? AND ? GROUP BY o.owner_id ORDER BY a DESC`
  const heavy = Math.max(5, Math.floor(RUNS / 4))
  const report = async (label: string, rollup: () => unknown[], facts: () => unknown[], naive: string) => {
    const n = rollup().length
    const r = (await time(rollup, heavy)).ms
    const f = (await time(facts, heavy)).ms
    const nv = (await time(() => raw(naive).all(fromDate, toDate), Math.max(3, Math.floor(heavy / 2)))).ms
    plan(`${label} (naive)`, naive, fromDate, toDate)
    rows.push({ query: `${label}: monthly rollup`, contract: r, raw: null, rows: n, note: 'sales_monthly' })
    rows.push({ query: `${label}: facts, covering index`, contract: f, raw: null, rows: facts().length, note: 'sales_facts' })
    rows.push({ query: `${label}: naive join lines × orders`, contract: null, raw: nv, rows: (raw(naive).all(fromDate, toDate)).length, note: 'raw SQL' })
  }
  plan('facts per product per month', `SELECT substr(order_date, 1, 7) AS month, product_id, SUM(amount), SUM(cost) FROM sales_facts INDEXED BY sales_facts_product
    WHERE order_date >= ? AND order_date <= ? GROUP BY product_id, month ORDER BY month, product_id`, fromDate, toDate)
  plan('rollup top customers', `SELECT key_id, SUM(amount) AS a FROM sales_monthly WHERE dim = 'customer' AND month >= ? AND month <= ? GROUP BY key_id ORDER BY a DESC LIMIT 100`, fromMonth, toMonth)
  await report('revenue & margin per product per month, 1 year', () => reports.productMonthly(fromMonth, toMonth), () => reports.productMonthlyBetween(fromDate, toDate), naiveProduct)
  // The report as a screen reads it: a calendar year's products ranked by revenue, 100 a page with 12 months each (sales_product_years).
  const year = dateOf(now).slice(0, 4)
  let deepCursor = reports.productYear(year, { limit: 100 }).nextCursor
  for (let i = 0; i < 9 && deepCursor; i++) deepCursor = reports.productYear(year, { limit: 100, cursor: deepCursor }).nextCursor
  rows.push({ query: `product report ${year}: top 100 products, 12 months each`, contract: (await time(() => reports.productYear(year, { limit: 100 }), heavy)).ms, raw: null, rows: 100, note: 'sales_product_years + sales_monthly' })
  rows.push({ query: `product report ${year}: page after 1,000 products (keyset)`, contract: (await time(() => reports.productYear(year, { limit: 100, cursor: deepCursor }), heavy)).ms, raw: null, rows: 100, note: 'sales_product_years + sales_monthly' })
  await report('top 100 customers, 1 year', () => reports.topCustomers(fromMonth, toMonth, 100), () => reports.topCustomersBetween(fromDate, toDate, 100), naiveCustomer)
  await report('salesperson ranking, 1 year', () => reports.salespersonRanking(fromMonth, toMonth), () => reports.salespersonRankingBetween(fromDate, toDate), naiveSales)

  // ---- write path: create + submit + approve one 5-line order (rollup kept in the approval's transaction) ----
  const pids = products.slice(0, 5).map((p) => p.id)
  const c1 = customers.find((c) => c.owner === owners[1])!
  const sales1 = await login('sales1')
  rows.push({
    query: 'create 5-line order (contract)', contract: (await time(() => sales1.ok('sales.createOrder', { customerId: c1.id, orderDate: dateOf(now), lines: pids.map((productId) => ({ productId, qtyMilli: 1000, unitPrice: 10_000 })) }), 10)).ms,
    raw: null, rows: null, note: 'numbering, lines, audit, outbox, timeline',
  })

  const ms = (t: object | undefined) => (t ? (t as { ms: number }).ms.toFixed(3) : '')
  const table = rows.map((r) => ({ query: r.query, 'contract/app ms': r.contract?.toFixed(3) ?? '', 'raw SQL ms': r.raw?.toFixed(3) ?? '', 'before ms': ms(r.before), 'after ms': ms(r.after), 'before/after': r.ratio?.toFixed(1) ?? '', rows: r.rows ?? '' }))
  console.table(table)
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`)
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
  const file = new URL(`./results/sales-${new Date().toISOString().slice(0, 10)}.json`, import.meta.url)
  writeFileSync(file, JSON.stringify({
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: loadavg(), sqlite: raw('SELECT sqlite_version()').pluck().get(), runs: RUNS,
    orders, lines, quoteLines, products: PRODUCTS, customers: CUSTOMERS, loadMs: Math.round(loadMs), indexMs: Math.round(indexMs), factsMs: Math.round(factsMs), analyzeMs: Math.round(analyzeMs),
    results: rows, plans,
  }, null, 2))
  console.log(`written ${file.pathname}`)
  t.close()
}

await main()
