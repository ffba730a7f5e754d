import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, outboxRows, serverWithDatabase, syncAll, waitFor, type SyncDevice } from '../../testing/sync'
import { insertCustomer } from '../../testing'

let server: CouchTestServer
const devices: SyncDevice[] = []
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

const count = (d: SyncDevice, where = '1') => d.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers WHERE ${where}`).pluck().get() as number
const fingerprint = (d: SyncDevice) => d.t.app.database.sqlite.prepare(`SELECT group_concat(id || '|' || name || '|' || coalesce(city, '') || '|' || coalesce(phone, ''), ';') FROM (SELECT * FROM customers ORDER BY id)`).pluck().get() as string
const serverCount = async (db: string) => ((await server.request('GET', `/${db}`)).json as { doc_count: number }).doc_count

describe('long offline, network drop, server restored from backup', () => {
  it('about a thousand changes on both sides converge; a server stop mid-sync and a restore from backup resume idempotently', async () => {
    const db = 'longoff'
    await serverWithDatabase(server, db, [{ name: 'la', password: 'pw-a' }, { name: 'lb', password: 'pw-b' }])
    const a = await createDevice({ server, username: 'la', password: 'pw-a', database: db })
    const b = await createDevice({ server, username: 'lb', password: 'pw-b', database: db })
    devices.push(a, b)
    const shared = Array.from({ length: 50 }, (_, i) => insertCustomer(a.t, { name: `共享客户${i}`, ownerId: null }))
    await syncAll([a, b], 1)
    const backup = await server.snapshot(db)

    // Offline for days: A creates 500 customers and edits the shared ones, B creates 300 and edits them too.
    a.t.clock.advance(3 * 86_400_000)
    b.t.clock.advance(3 * 86_400_000 + 1000)
    a.t.app.mutation({ userId: null }, (w) => {
      for (let i = 0; i < 500; i++) w.insert(customers, { name: `甲客户${i}`, ownerId: null, nameNorm: '', pinyin: '', phone: `1390000${String(i).padStart(4, '0')}` })
      for (const id of shared) w.update(customers, id, { city: '甲城' })
    })
    b.t.app.mutation({ userId: null }, (w) => {
      for (let i = 0; i < 300; i++) w.insert(customers, { name: `乙客户${i}`, ownerId: null, nameNorm: '', pinyin: '' })
      for (const id of shared) w.update(customers, id, { phone: '021-888' })
    })

    // A goes online (live); the network drops in the middle of its upload and comes back.
    await a.sync.saveSettings({ serverUrl: server.url, username: 'la', password: 'pw-a', database: db, enabled: true })
    await waitFor(async () => (await serverCount(db)) > 100, 'the upload to start', 15_000)
    await server.stop()
    await new Promise((r) => setTimeout(r, 300))
    expect(a.sync.status().state).toMatch(/offline|syncing|error/)
    await server.start()
    await waitFor(async () => (await serverCount(db)) >= 550, 'the upload to finish after the drop', 15_000)
    await a.engine.pause()

    // The server is restored from the backup taken before: checkpoints and A's uploads are gone.
    await server.restore(db, backup, { names: ['la', 'lb'] })
    expect(await serverCount(db)).toBe(50)
    await syncAll([b, a, b, a], 2)

    for (const d of [a, b]) {
      expect(count(d)).toBe(850)
      expect(count(d, `city = '甲城' AND phone = '021-888'`)).toBe(50)
      expect(outboxRows(d).filter((r) => r.status !== 'pushed')).toHaveLength(0)
    }
    expect(fingerprint(a)).toBe(fingerprint(b))
    expect(await serverCount(db)).toBe(850)
    const conflicted = (await server.request('GET', `/${db}/_all_docs?include_docs=true&conflicts=true`)).json as { rows: { doc: { _conflicts?: string[] } }[] }
    expect(conflicted.rows.filter((r) => r.doc._conflicts?.length)).toHaveLength(0)
    // Running again moves nothing.
    const before = fingerprint(a)
    await syncAll([a, b], 1)
    expect(fingerprint(a)).toBe(before)
    expect(a.t.app.database.sqlite.prepare(`SELECT count(*) FROM customers_fts`).pluck().get()).toBe(850)
  }, 60_000)
})
