import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { profileDbFile } from '../../../app'
import { formatHlc } from '../../../core/hlc'
import { ManualClock } from '../../../platform/node'
import { createTestApp, tempDir, type TestApp, type TestClient } from '../../../testing'
import { decideClaims, type ClaimCandidate } from '../decide-claims'
import { customer, ownerOf, RULES, world } from './fixture'

const cleanups: (() => void)[] = []
afterEach(() => { for (const f of cleanups.splice(0).reverse()) f() })

const claim = (id: string, ms: number, node: string, extra: Partial<ClaimCandidate> = {}): ClaimCandidate =>
  ({ id, customerId: 'c1', round: 0, claimerId: `user-${id}`, claimHlc: formatHlc({ ms, counter: 0, node }), status: 'pending', ...extra })

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
}

describe('decideClaims (pure)', () => {
  it('picks the earliest HLC stamp, whatever order the claims arrive in', () => {
    const claims = [claim('a', 2_000, 'node-a'), claim('b', 1_000, 'node-b'), claim('c', 3_000, 'node-a')]
    const results = permutations(claims).map((p) => decideClaims(p))
    for (const r of results) expect(r).toEqual(results[0])
    expect(results[0]).toEqual([{ customerId: 'c1', round: 0, winner: claims[1], losers: [{ claim: claims[0], reasonKey: 'errors.claimLost' }, { claim: claims[2], reasonKey: 'errors.claimLost' }] }])
  })

  it('breaks a tie of time and counter by node id, then by claim id', () => {
    const x = claim('x', 5_000, 'bbbb')
    const y = claim('y', 5_000, 'aaaa')
    expect(decideClaims([x, y])[0]!.winner).toBe(y)
    expect(decideClaims([y, x])[0]!.winner).toBe(y)
    const counterLater = claim('z', 5_000, 'aaaa', { claimHlc: formatHlc({ ms: 5_000, counter: 1, node: '0000' }) })
    expect(decideClaims([counterLater, x])[0]!.winner).toBe(x)
  })

  it('a confirmed claim stands; rejected ones stay rejected; rounds and customers are decided apart', () => {
    const early = claim('early', 1_000, 'n1')
    const confirmed = claim('conf', 2_000, 'n2', { status: 'confirmed' })
    expect(decideClaims([early, confirmed])[0]).toMatchObject({ winner: confirmed, losers: [{ claim: early }] })
    const rejected = claim('rej', 500, 'n1', { status: 'rejected' })
    expect(decideClaims([rejected])[0]).toEqual({ customerId: 'c1', round: 0, winner: null, losers: [] })
    const other = claim('o', 9_000, 'n1', { customerId: 'c2' })
    const nextRound = claim('n', 9_000, 'n1', { round: 42 })
    const out = decideClaims([other, nextRound, early, rejected])
    expect(out.map((d) => [d.customerId, d.round, d.winner?.id])).toEqual([['c1', 0, 'early'], ['c1', 42, 'n'], ['c2', 0, 'o']])
  })
})

const TABLES = ['customers', 'pool_claims', 'customer_transfers', 'activities']

/** What sync does, reduced to what matters here: rows newer by HLC replace older ones. */
function syncRows(from: TestApp, to: TestApp): void {
  const src = from.app.database.sqlite
  const dst = to.app.database.sqlite
  for (const table of TABLES) {
    for (const r of src.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      const mine = dst.prepare(`SELECT hlc FROM ${table} WHERE id = ?`).get(r.id) as { hlc: string } | undefined
      if (mine && mine.hlc >= (r.hlc as string)) continue
      const cols = Object.keys(r)
      if (mine) dst.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(r)
      else dst.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r)
    }
  }
  to.app.bus.emit('data.changed', { tables: TABLES })
}

/** A second laptop of the same company: a copy of the database with its own device id. */
function cloneDevice(a: TestApp, clock: ManualClock): TestApp {
  const dir = tempDir()
  const file = profileDbFile(dir.dir)
  mkdirSync(dirname(file), { recursive: true })
  a.app.database.sqlite.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`)
  const db = new Database(file)
  db.exec(`DELETE FROM local_meta WHERE key IN ('device_id', 'hlc')`)
  db.close()
  const b = createTestApp({ dir: dir.dir, clock })
  cleanups.push(() => { b.close(); dir.cleanup() })
  return b
}

async function login(t: TestApp, username: string): Promise<TestClient> {
  const c = t.connect(`device-${username}`)
  await c.ok('auth.login', { username, password: 'user-pass-1' })
  return c
}

describe('claims made offline on two laptops (公海 pending claims)', () => {
  it('both devices reach the same winner; the loser loses the customer and is told', async () => {
    const clockA = new ManualClock()
    const clockB = new ManualClock()
    const a = createTestApp({ clock: clockA })
    cleanups.push(() => a.close())
    const wa = await world({ t: a })
    await wa.admin.ok('pool.setRules', { ...RULES, autoReclaim: false })
    const p = customer(a, '两人同抢有限公司', null)
    const b = cloneDevice(a, clockB)
    expect(b.app.deviceId).not.toBe(a.app.deviceId)
    const liOnB = await login(b, 'li')

    // Both offline: zhang claims on laptop A first, li on laptop B a minute later.
    await wa.zhang.client.ok('pool.claim', { customerId: p })
    clockB.advance(60_000)
    const liClaim = await liOnB.ok('pool.claim', { customerId: p })
    expect(ownerOf(a, p)).toBe(wa.zhang.id)
    expect(ownerOf(b, p)).toBe(wa.li.id)

    await wa.li.client.ok('auth.logout', {}) // li uses laptop B only
    // They sync in opposite orders; each device decides for itself.
    syncRows(b, a)
    syncRows(a, b)
    for (const dev of [a, b]) {
      expect(ownerOf(dev, p)).toBe(wa.zhang.id)
      const rows = dev.app.database.sqlite.prepare('SELECT claimer_id AS claimerId, status, reason_key AS reasonKey FROM pool_claims ORDER BY claimed_at').all()
      expect(rows).toEqual([{ claimerId: wa.zhang.id, status: 'pending', reasonKey: null }, { claimerId: wa.li.id, status: 'rejected', reasonKey: 'errors.claimLost' }])
    }
    // Same documents on both sides, so the next sync merges instead of duplicating.
    const ledger = (dev: TestApp) => dev.app.database.sqlite.prepare('SELECT id FROM customer_transfers ORDER BY id').pluck().all()
    syncRows(b, a)
    syncRows(a, b)
    expect(ledger(a)).toEqual(ledger(b))

    expect((await liOnB.ok('pool.myClaims', {})).items).toEqual([expect.objectContaining({ id: liClaim.id, status: 'rejected', reasonKey: 'errors.claimLost' })])
    expect(b.platform.notifications.shown).toEqual([expect.objectContaining({ title: '领取未成功', body: expect.stringContaining('两人同抢有限公司') })])
    expect(a.platform.notifications.shown).toEqual([]) // li is not logged in on laptop A: told on B only
    expect(await liOnB.call('timeline.customer', { customerId: p })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const tl = await wa.zhang.client.ok('timeline.customer', { customerId: p })
    expect(tl.items.map((e) => e.summaryKey)).toContain('timeline.pool.claimLost')
    // The lost claim is not shown as a change of hands.
    expect((await wa.manager.client.ok('pool.transfers', { customerId: p })).items.map((r) => r.toOwnerName)).not.toContain('li')
  })

  it('a claim the sync authority rejects gives the customer back to the pool and tells the claimer', async () => {
    const a = createTestApp()
    cleanups.push(() => a.close())
    const w = await world({ t: a })
    const p = customer(a, '被拒领取有限公司', null)
    const c = await w.zhang.client.ok('pool.claim', { customerId: p })
    expect(ownerOf(a, p)).toBe(w.zhang.id)
    // The authority's decision arrives by sync.
    a.app.database.sqlite.prepare(`UPDATE pool_claims SET status = 'rejected', reason_key = 'errors.claimCapReached', decided_at = ?, hlc = hlc || '~' WHERE id = ?`).run(a.clock.now(), c.id)
    a.app.bus.emit('data.changed', { tables: ['pool_claims'] })
    expect(a.app.database.sqlite.prepare('SELECT owner_id AS ownerId, previous_owner_id AS prev FROM customers WHERE id = ?').get(p)).toEqual({ ownerId: null, prev: null })
    expect(a.platform.notifications.shown).toEqual([expect.objectContaining({ body: expect.stringContaining('被拒领取有限公司') })])
    expect((await w.zhang.client.ok('pool.list', {})).items.map((i) => i.id)).toEqual([p])
    // No reclaim block for a claimer whose claim was refused.
    expect(await w.zhang.client.ok('pool.claim', { customerId: p })).toMatchObject({ status: 'pending' })
  })
})
