import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PoolService } from '../../modules/pool/pool.service'
import { createTestApp, insertCustomer, setupCompany, userWithRole } from '../../testing'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { singleDatabaseTopology } from '../topology'
import { agentOn } from './helpers'

let server: CouchTestServer
const devices: SyncDevice[] = []
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

const claims = (d: SyncDevice) => d.t.app.database.sqlite.prepare('SELECT claimer_id AS claimerId, status, reason_key AS reasonKey FROM pool_claims ORDER BY claimed_at').all()
const poolOf = (d: SyncDevice) => (d.t.app.services.pool as { pool: PoolService }).pool

describe('devices and the agent (one shared database, as the sync tests use)', () => {
  it('two laptops claim the same pool customer offline: after the agent runs, one claim is confirmed and the other rejected on both', async () => {
    const db = 'agent_e2e'
    await serverWithDatabase(server, db, [{ name: 'lapa', password: 'pw-a' }, { name: 'lapb', password: 'pw-b' }])
    const a = await createDevice({ server, username: 'lapa', password: 'pw-a', database: db })
    const b = await createDevice({ server, username: 'lapb', password: 'pw-b', database: db })
    devices.push(a, b)
    const admin = await setupCompany(a.t)
    const zhang = await userWithRole(a.t, admin, 'zhang', 'salesperson')
    const li = await userWithRole(a.t, admin, 'li', 'salesperson')
    const p = insertCustomer(a.t, { name: '两台电脑同抢有限公司', ownerId: null })
    await syncAll([a, b], 1)

    // Offline on both: zhang claims on A, li on B a minute later (li's service on B; users came by sync).
    a.t.clock.advance(1000)
    await zhang.client.ok('pool.claim', { customerId: p })
    b.t.clock.advance(61_000)
    poolOf(b).claim(li.id, { customerId: p })
    expect(customerRow(b, p)?.ownerId).toBe(li.id)
    await a.engine.syncOnce()
    await b.engine.syncOnce() // B now guesses on its own that zhang won (a device's guess, not a decision)
    expect((await zhang.client.ok('pool.myClaims', {})).items[0]).toMatchObject({ status: 'pending' })

    const run = agentOn(server, { topology: singleDatabaseTopology(db) })
    await run.agent.runOnce()
    await syncAll([a, b], 2)
    for (const d of [a, b]) {
      expect(claims(d)).toEqual([
        { claimerId: zhang.id, status: 'confirmed', reasonKey: null },
        { claimerId: li.id, status: 'rejected', reasonKey: 'errors.claimLost' },
      ])
      expect(customerRow(d, p)?.ownerId).toBe(zhang.id)
    }
    expect((await zhang.client.ok('pool.myClaims', {})).items[0]).toMatchObject({ status: 'confirmed' })
    expect(run.lines.filter((l) => l.startsWith('claim '))).toHaveLength(2)
    // Nothing left to decide: another round of sync and agent writes nothing.
    const seq = (await server.request('GET', `/${db}`)).json as { update_seq: unknown }
    await run.agent.runOnce()
    expect(((await server.request('GET', `/${db}`)).json as { update_seq: unknown }).update_seq).toEqual(seq.update_seq)
  })
})

describe('claim resolver on a device', () => {
  it('a claim lost to a claim this device cannot see keeps the customer until the agent moves it (not back to the pool)', async () => {
    const t = createTestApp()
    try {
      const admin = await setupCompany(t)
      const zhang = await userWithRole(t, admin, 'zhang', 'salesperson')
      const p = insertCustomer(t, { name: '看不见的赢家', ownerId: null })
      const c = await zhang.client.ok('pool.claim', { customerId: p })
      // The agent's decision arrives by sync; the winning claim lives in another user's database.
      t.app.database.sqlite.prepare(`UPDATE pool_claims SET status = 'rejected', reason_key = 'errors.claimLost', decided_at = ?, hlc = hlc || '~' WHERE id = ?`).run(t.clock.now(), c.id)
      t.app.bus.emit('data.changed', { tables: ['pool_claims'] })
      expect(t.app.database.sqlite.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(p)).toBe(zhang.id)
      expect((await zhang.client.ok('pool.myClaims', {})).items[0]).toMatchObject({ status: 'rejected', reasonKey: 'errors.claimLost' })
    } finally {
      t.close()
    }
  })
})
