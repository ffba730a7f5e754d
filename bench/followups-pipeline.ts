/**
 * Benchmark of the pipeline board, the forecast and the opportunity/follow-up lists through
 * the real contract calls (registry, zod, scope, SQL), beside the raw SQL of the forecast's
 * grouping in the same run. Generated data: 100,000 customers over 20 salespeople, 50,000
 * opportunities (60 % open), 300,000 follow-ups over a year.
 *
 *   npx tsx bench/followups-pipeline.ts            (data kept in $BENCH_DIR or /tmp/laibang-bench-followups)
 */
import { existsSync, mkdirSync } from 'node:fs'
import { createTestApp, setupCompany, userWithRole, type TestClient } from '../src-main/testing'
import { uuidv7 } from '../src-main/core/uuid'
import { rng } from './customers-data'

const CUSTOMERS = 100_000
const OPPORTUNITIES = 50_000
const FOLLOWUPS = 300_000
const SALES = 20
const DAY = 86_400_000
const STAGES = ['initial', 'needs', 'quoted', 'negotiating', 'committed', 'initial', 'needs', 'quoted', 'won', 'lost']

const median = async (f: () => unknown, n = 15): Promise<string> => {
  const t: number[] = []
  for (let i = 0; i < n; i++) { const s = performance.now(); await f(); t.push(performance.now() - s) }
  t.sort((a, b) => a - b)
  return t[n >> 1]!.toFixed(2)
}

const login = async (c: TestClient, username: string) => { await c.ok('auth.login', { username, password: 'user-pass-1' }); return c }

async function generate(dir: string): Promise<void> {
  const t = createTestApp({ dir })
  try {
    const admin = await setupCompany(t)
    const manager = await userWithRole(t, admin, 'manager', 'sales_manager')
    const sales: { client: TestClient; id: string }[] = []
    for (let i = 0; i < SALES; i++) sales.push(await userWithRole(t, admin, `sales${i}`, 'salesperson', { managerId: manager.id }))
    await userWithRole(t, admin, 'gm', 'general_manager')
    const s = t.app.database.sqlite
    const now = t.clock.now()
    const r = rng(5)
    const started = performance.now()
    const customerIds: string[] = []
    const ownerOf: string[] = []
    s.transaction(() => {
      const ins = s.prepare(`INSERT INTO customers (id, created_at, updated_at, hlc, owner_id, name, name_norm, pinyin) VALUES (?, ?, ?, 'b', ?, ?, ?, '')`)
      for (let i = 0; i < CUSTOMERS; i++) {
        const id = uuidv7(now - 400 * DAY + i)
        const owner = sales[i % SALES]!.id
        ins.run(id, now - 400 * DAY, now - 400 * DAY, owner, `客户${i}`, `客户${i}`)
        customerIds.push(id); ownerOf.push(owner)
      }
      const opp = s.prepare(`INSERT INTO opportunities (id, created_at, updated_at, hlc, customer_id, owner_id, name, stage, amount, expected_close_date) VALUES (?, ?, ?, 'b', ?, ?, ?, ?, ?, ?)`)
      for (let i = 0; i < OPPORTUNITIES; i++) {
        const c = Math.floor(r() * CUSTOMERS)
        const created = now - Math.floor(r() * 200 * DAY)
        const close = new Date(now + Math.floor((r() * 360 - 60) * DAY)).toISOString().slice(0, 10)
        opp.run(uuidv7(created), created, created + Math.floor(r() * DAY), customerIds[c], ownerOf[c], `商机${i}`, STAGES[Math.floor(r() * STAGES.length)], Math.floor(r() * 10_000_000), close)
      }
      const fu = s.prepare(`INSERT INTO followups (id, created_at, updated_at, hlc, customer_id, owner_id, type, at, content) VALUES (?, ?, ?, 'b', ?, ?, 'call', ?, '电话')`)
      for (let i = 0; i < FOLLOWUPS; i++) {
        const c = Math.floor(r() * CUSTOMERS)
        const at = now - Math.floor(r() * 365 * DAY)
        fu.run(uuidv7(at), at, at, customerIds[c], ownerOf[c], at)
      }
    })()
    s.exec('ANALYZE')
    console.log(`generated ${CUSTOMERS} customers, ${OPPORTUNITIES} opportunities, ${FOLLOWUPS} follow-ups in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    t.close()
  }
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR ?? '/tmp/laibang-bench-followups'
  if (!existsSync(dir)) { mkdirSync(dir, { recursive: true }); await generate(dir) }
  const t = createTestApp({ dir })
  try {
    const s = t.app.database.sqlite
    const one = await login(t.connect(), 'sales0')
    const g = await login(t.connect(), 'gm')
    const m = await login(t.connect(), 'manager')
    const firstCustomer = s.prepare(`SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.username = 'sales0' LIMIT 1`).pluck().get() as string
    const rows: [string, string][] = [
      ['pipeline, general manager (all 50,000)', await median(() => g.ok('opportunities.pipeline', {}))],
      ['pipeline, sales manager (20 salespeople)', await median(() => m.ok('opportunities.pipeline', {}))],
      ['pipeline, one salesperson (~2,500)', await median(() => one.ok('opportunities.pipeline', {}))],
      ['forecast 12 months, general manager', await median(() => g.ok('opportunities.forecast', { fromMonth: '2026-11', toMonth: '2027-10' }))],
      ['forecast 12 months, one salesperson', await median(() => one.ok('opportunities.forecast', { fromMonth: '2026-11', toMonth: '2027-10' }))],
      ['opportunities.list first page, general manager', await median(() => g.ok('opportunities.list', { limit: 50 }))],
      ['opportunities.list first page, one salesperson', await median(() => one.ok('opportunities.list', { limit: 50 }))],
      ['followups.list first page, general manager', await median(() => g.ok('followups.list', { limit: 50 }))],
      ['followups.list first page, one salesperson', await median(() => one.ok('followups.list', { limit: 50 }))],
      ['followups.list one customer', await median(() => one.ok('followups.list', { customerId: firstCustomer, limit: 50 }))],
    ]
    const raw = s.prepare(`SELECT owner_id, substr(expected_close_date, 1, 7) m, count(*), sum(amount) FROM opportunities
      WHERE deleted_at IS NULL AND stage <> 'lost' AND expected_close_date >= '2026-11-01' AND expected_close_date < '2027-11-01' GROUP BY owner_id, m`)
    rows.push(['raw SQL: Σ amount per owner and month (no win rate, no scope)', await median(() => raw.all())])
    for (const [k, v] of rows) console.log(`${v.padStart(8)} ms  ${k}`)
  } finally {
    t.close()
  }
}

await main()
