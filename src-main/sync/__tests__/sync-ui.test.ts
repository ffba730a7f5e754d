import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, serverWithDatabase, syncAll, waitFor, type SyncDevice } from '../../testing/sync'
import { insertCustomer, setupCompany } from '../../testing'
import type { EventPayload } from '../../../src-preload/contracts/events'

/** What the sync screens rely on: initial-sync progress with pause/resume, header counts, inbox details. */

let server: CouchTestServer
const devices: SyncDevice[] = []
beforeAll(async () => { server = await startCouchServer() })
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

let n = 0
async function database(users: { name: string; password: string }[]): Promise<string> {
  const db = `ui${++n}`
  await serverWithDatabase(server, db, users.map((u) => ({ ...u, name: `${u.name}${n}` })))
  return db
}

type Status = EventPayload<'sync.status'>
function statusEvents(d: SyncDevice): Status[] {
  const out: Status[] = []
  d.t.app.bus.subscribe((name, p) => { if (name === 'sync.status') out.push(p as Status) })
  return out
}

describe('initial sync progress', () => {
  it('reports documents received / total, keeps them while paused, and resumes from the checkpoint', async () => {
    const db = await database([{ name: 'ini', password: 'pw' }])
    // The server already holds 1,200 documents (of a type this app does not know: kept as is).
    const docs = Array.from({ length: 1200 }, (_, i) => ({
      _id: `memo:${String(i).padStart(5, '0')}`, text: `备忘 ${i}`,
      lb: { type: 'memo', schema: 1, hlc: '0001700000000-0000-seed', fieldHlc: {}, device: 'seed', mutation: null, appVersion: '0.0.1' },
    }))
    expect((await server.request('POST', `/${db}/_bulk_docs`, { docs })).status).toBe(201)

    const a = await createDevice({ server, username: `ini${n}`, password: 'pw', database: db, batchSize: 40 })
    devices.push(a)
    const events = statusEvents(a)
    let pausedAt = -1
    const unsubscribe = a.t.app.bus.subscribe((name, p) => {
      const s = p as Status
      if (name === 'sync.status' && pausedAt < 0 && s.progressDocs && s.progressDocs.received >= 80) {
        pausedAt = s.progressDocs.received
        void a.sync.pause()
      }
    })
    await a.sync.saveSettings({ serverUrl: server.url, username: `ini${n}`, enabled: true })
    await waitFor(() => a.sync.status().state === 'paused', 'paused during the initial sync')
    unsubscribe()

    const paused = a.sync.status()
    expect(paused.progress).toBeNull()
    expect(paused.progressDocs?.total).toBe(1200)
    expect(paused.progressDocs!.received).toBeGreaterThanOrEqual(pausedAt)
    expect(paused.progressDocs!.received).toBeLessThan(1200)
    const seen = events.filter((e) => e.state === 'syncing' && e.progress != null)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((e) => e.progressDocs && e.progressDocs.total === 1200 && Math.abs(e.progress! - e.progressDocs.received / 1200) < 0.011)).toBe(true)

    // Resume: the bar continues from what is already here, it does not start again from zero.
    const held = (await a.engine.local().info()).doc_count
    events.length = 0
    await a.sync.resume()
    // (Until the server has been asked again, the status may still show the count from before the pause.)
    await waitFor(() => events.some((e) => e.progressDocs && e.progressDocs.received >= held) || a.sync.status().state === 'idle', 'progress after resume', 20_000)
    expect(events.some((e) => e.progressDocs && e.progressDocs.received >= held)).toBe(true)
    expect(events.every((e) => !e.progressDocs || e.progressDocs.received >= pausedAt)).toBe(true)
    await waitFor(() => a.sync.status().state === 'idle', 'initial sync done', 20_000)
    expect(a.sync.status().progressDocs).toBeUndefined()
    expect((await a.engine.local().allDocs({ startkey: 'memo:', endkey: 'memo:\uffff' })).rows).toHaveLength(1200)
  })
})

describe('settings form', () => {
  it('an empty database name goes back to the partitioned topology', async () => {
    const db = await database([{ name: 'st', password: 'pw' }])
    const a = await createDevice({ server, username: `st${n}`, password: 'pw', database: db })
    devices.push(a)
    const admin = await setupCompany(a.t)
    expect((await admin.ok('sync.getSettings', {})).database).toBe(db)
    const s = await admin.ok('sync.saveSettings', { serverUrl: server.url, username: `st${n}`, database: '', enabled: false })
    expect(s).toMatchObject({ database: '', hasPassword: true })
    expect(await admin.call('sync.saveSettings', { serverUrl: server.url, username: 'x', database: 'Bad Name', enabled: false })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})

describe('what the header and the inbox show', () => {
  async function twoDevicesWithConflict() {
    const db = await database([{ name: 'ua', password: 'pw' }, { name: 'ub', password: 'pw' }])
    const a = await createDevice({ server, username: `ua${n}`, password: 'pw', database: db })
    const b = await createDevice({ server, username: `ub${n}`, password: 'pw', database: db })
    devices.push(a, b)
    const admin = await setupCompany(a.t)
    const id = insertCustomer(a.t, { name: '杭州莱邦', ownerId: null })
    await syncAll([a, b], 1)
    a.t.clock.advance(1000)
    b.t.clock.advance(2000)
    a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { name: '杭州莱邦（甲）', city: '杭州' }))
    b.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { name: '杭州莱邦（乙）' }))
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    return { a, b, admin, id }
  }

  it('status events carry the open conflicts and rejected counts; the inbox names the record', async () => {
    const { a, admin, id } = await twoDevicesWithConflict()
    const events = statusEvents(a)
    a.engine.emitStatus(true)
    expect(events.at(-1)).toMatchObject({ conflicts: 1, rejected: 0 })
    const [c] = (await admin.ok('sync.listConflicts', { limit: 10 })).items
    expect(c).toMatchObject({ recordId: id, kind: 'fields', title: '杭州莱邦（乙）' })
    expect(c!.fields).toEqual([{ field: 'name', base: '杭州莱邦', mine: '杭州莱邦（甲）', theirs: '杭州莱邦（乙）', current: '杭州莱邦（乙）' }])
  })

  it('resolves with a value the user typed, and refuses typed values that would break the record', async () => {
    const { a, b, admin, id } = await twoDevicesWithConflict()
    const [c] = (await admin.ok('sync.listConflicts', { limit: 10 })).items
    const refused = async (values: Record<string, string>) => (await admin.call('sync.resolveConflict', { id: c!.id, values }))
    expect(await refused({ name: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'values.name', code: 'too_small' }] } } })
    expect(await refused({ city: '杭州' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'values.city', code: 'unknown_field' }] } } })
    expect(customerRow(a, id)?.name).toBe('杭州莱邦（乙）')

    await admin.ok('sync.resolveConflict', { id: c!.id, choices: { name: 'mine' }, values: { name: ' 杭州莱邦电子 ' } })
    expect(customerRow(a, id)?.name).toBe('杭州莱邦电子')
    expect((await admin.ok('sync.listConflicts', { limit: 10 })).items).toHaveLength(0)
    expect((await admin.ok('sync.status', {})).conflicts).toBe(0)
    await syncAll([a, b], 1)
    expect(customerRow(b, id)?.name).toBe('杭州莱邦电子')
  })

  it('lists a refused change with the record name and the server reason', async () => {
    const db = await database([{ name: 'rj', password: 'pw' }])
    await server.putValidation(db, `function (newDoc, oldDoc, userCtx) {
      if (userCtx.roles.indexOf('_admin') === -1 && newDoc.lb && newDoc.lb.type === 'customer' && newDoc.city === '禁止') throw({ forbidden: 'city not allowed' });
    }`)
    const a = await createDevice({ server, username: `rj${n}`, password: 'pw', database: db })
    devices.push(a)
    const admin = await setupCompany(a.t)
    const id = insertCustomer(a.t, { name: '被拒客户', ownerId: null })
    a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { city: '禁止' }))
    await a.engine.syncOnce()
    await a.engine.settled()
    const [r] = (await admin.ok('sync.listRejected', { limit: 10 })).items
    expect(r).toMatchObject({ recordId: id, title: '被拒客户', docType: 'customer' })
    expect(r!.reason).toBe('forbidden: city not allowed')
  })
})
