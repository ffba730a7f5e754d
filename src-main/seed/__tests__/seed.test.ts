import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, createTestDb, TEST_PASSWORD_COST, type TestApp } from '../../testing'
import { SCALES, seedDatabase } from '..'
import { pipelineRollupSnapshot, rebuildPipelineRollup } from '../../modules/followups/pipeline-rollup'

const BASE = Date.UTC(2026, 10, 27)
/** Device-local or random by design: password salts, migration bookkeeping, derived search data. */
const SKIP = new Set(['__drizzle_migrations', 'local_meta', 'sqlite_stat1', 'sqlite_stat4', 'sqlite_sequence'])

function tableHashes(sqlite: TestApp['app']['database']['sqlite']): Record<string, string> {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' ORDER BY name`).pluck().all() as string[]
  const out: Record<string, string> = {}
  for (const t of tables) {
    if (SKIP.has(t)) continue
    const h = createHash('sha256')
    const columns = (sqlite.prepare('SELECT count(*) FROM pragma_table_info(?)').pluck().get(t) as number)
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ')
    for (const row of sqlite.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).iterate() as Iterable<Record<string, unknown>>) {
      if (t === 'user_credentials') row.password_hash = null
      h.update(JSON.stringify(row))
    }
    out[t] = h.digest('hex').slice(0, 16)
  }
  return out
}

describe('data generator', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => { for (const c of cleanups.splice(0)) c() })

  it('gives identical rows for the same seed and base date, different ones for another seed (demo scale)', async () => {
    const run = async (seed: number) => {
      const db = createTestDb()
      cleanups.push(db.cleanup)
      await seedDatabase(db.sqlite, { scale: 'demo', seed, baseTime: BASE, fresh: true, passwordCost: TEST_PASSWORD_COST, userPassword: 'user-pass-1' })
      return tableHashes(db.sqlite)
    }
    const a = await run(7)
    const b = await run(7)
    const c = await run(8)
    expect(a).toEqual(b)
    expect(a.customers).toBeDefined()
    expect(c.customers).not.toBe(a.customers)
    expect(c.followups).not.toBe(a.followups)
  }, 180_000)

  it('bulk load with derived tables rebuilt set-based gives the same database as a load with their triggers live', async () => {
    const run = async (atomic: boolean) => {
      const db = createTestDb()
      cleanups.push(db.cleanup)
      // atomic: one transaction, indexes and triggers in place (demo data in the app); otherwise
      // indexes and derived-table triggers set aside and rebuilt after (npm run seed).
      await seedDatabase(db.sqlite, { scale: 'tiny', seed: 5, baseTime: BASE, fresh: true, atomic, passwordCost: TEST_PASSWORD_COST, userPassword: 'user-pass-1' })
      return { hashes: tableHashes(db.sqlite), sqlite: db.sqlite }
    }
    const live = await run(true)
    const bulk = await run(false)
    expect(bulk.hashes).toEqual(live.hashes)
    const count = (q: string) => bulk.sqlite.prepare(q).pluck().get() as number
    expect(count(`SELECT count(*) FROM price_points`)).toBeGreaterThan(0)
    expect(count(`SELECT count(*) FROM opportunity_pipeline`)).toBeGreaterThan(0)
    // The triggers are back after the rebuild.
    const triggers = (s: typeof bulk.sqlite) => s.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).pluck().all()
    expect(triggers(bulk.sqlite)).toEqual(triggers(live.sqlite))
    const kept = pipelineRollupSnapshot(live.sqlite)
    rebuildPipelineRollup(live.sqlite)
    expect(pipelineRollupSnapshot(live.sqlite)).toEqual(kept)
  }, 120_000)

  it('writes a database the app works with: logins, search by name, pinyin and phone, customer page, counts', async () => {
    const t = createTestApp()
    cleanups.push(() => t.close())
    const s = t.app.database.sqlite
    const report = await seedDatabase(s, { scale: 'tiny', seed: 3, baseTime: t.clock.now(), fresh: true, analyze: true, passwordCost: TEST_PASSWORD_COST, adminPassword: 'admin-pass-1', userPassword: 'user-pass-1' })
    const spec = SCALES.tiny
    const count = (q: string) => s.prepare(q).pluck().get() as number
    expect(count('SELECT count(*) FROM customers')).toBe(spec.customers)
    expect(count('SELECT count(*) FROM followups')).toBe(spec.followups)
    expect(count('SELECT count(*) FROM opportunities')).toBe(spec.opportunities)
    expect(count('SELECT count(*) FROM products')).toBe(spec.products)
    expect(count('SELECT count(*) FROM product_costs')).toBe(spec.products)
    expect(count('SELECT count(*) FROM contacts')).toBeGreaterThanOrEqual(spec.customers)
    expect(count('SELECT count(*) FROM customers_fts')).toBe(spec.customers)
    expect(count('SELECT count(*) FROM products_fts')).toBe(spec.products)
    expect(count('SELECT count(*) FROM outbox')).toBe(0)
    expect(count(`SELECT count(*) FROM customers WHERE owner_id IS NULL`)).toBeGreaterThan(0)
    expect(count(`SELECT count(*) FROM opportunities WHERE stage = 'won'`)).toBeGreaterThan(0)
    // lastFollowupAt agrees with the follow-ups, as the follow-ups service keeps it.
    expect(count(`SELECT count(*) FROM customers c WHERE last_followup_at IS NOT (SELECT max(at) FROM followups f WHERE f.customer_id = c.id)`)).toBe(0)
    // The pipeline rollup, rebuilt after the bulk load, covers every live opportunity; its triggers are back.
    expect(count(`SELECT count(*) FROM opportunity_pipeline`)).toBe(count(`SELECT count(*) FROM opportunities WHERE deleted_at IS NULL`))
    expect(count(`SELECT sum(n) FROM opportunity_stage_totals`)).toBe(count(`SELECT count(*) FROM opportunities WHERE deleted_at IS NULL`))
    expect(count(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'pipeline_rollup_%'`)).toBe(8)
    expect(report.logins[0]).toMatchObject({ username: 'admin', role: 'administrator' })

    const admin = t.connect()
    await admin.ok('auth.login', { username: 'admin', password: 'admin-pass-1' })
    const target = s.prepare(`SELECT c.id, c.name, c.pinyin, ct.mobile FROM customers c JOIN contacts ct ON ct.customer_id = c.id WHERE c.owner_id IS NOT NULL AND length(c.pinyin) >= 4 ORDER BY c.id LIMIT 1`).get() as { id: string; name: string; pinyin: string; mobile: string }
    const has = (p: { items: { id: string }[] }) => p.items.some((c) => c.id === target.id)
    expect(has(await admin.ok('customers.list', { filters: { search: target.pinyin }, limit: 50 }))).toBe(true)
    expect(has(await admin.ok('customers.list', { filters: { search: target.mobile.replace(/\D/g, '').slice(-4) }, limit: 200 }))).toBe(true)
    expect(has(await admin.ok('customers.list', { filters: { search: [...target.name].slice(0, 4).join('') }, limit: 50 }))).toBe(true)

    const detail = await admin.ok('customers.get', { id: target.id })
    expect(detail.contacts.length).toBeGreaterThan(0)
    const busy = s.prepare(`SELECT customer_id FROM followups GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string
    const timeline = await admin.ok('timeline.customer', { customerId: busy, limit: 50 })
    expect(timeline.items.length).toBeGreaterThan(0)
    expect(timeline.items.some((e) => e.kind === 'followup' && e.body)).toBe(true)
    const pipeline = await admin.ok('opportunities.pipeline', {})
    expect(pipeline.reduce((n, col) => n + col.count, 0)).toBeGreaterThan(0)

    // A salesperson sees only their own customers (scopes work on generated ownership).
    const sales = t.connect()
    await sales.ok('auth.login', { username: 'sales001', password: 'user-pass-1' })
    const mine = await sales.ok('customers.list', { limit: 200 })
    const salesId = s.prepare(`SELECT id FROM users WHERE username = 'sales001'`).pluck().get() as string
    expect(mine.items.every((c) => c.ownerId === salesId)).toBe(true)
  }, 120_000)
})
