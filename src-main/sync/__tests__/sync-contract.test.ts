import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { customers } from '../../modules/customers/customers.table'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { createDevice, customerRow, serverWithDatabase, syncAll, waitFor, type SyncDevice } from '../../testing/sync'
import { insertCustomer, setupCompany } from '../../testing'
import type { EventPayload } from '../../../src-preload/contracts/events'

let server: CouchTestServer
const devices: SyncDevice[] = []
beforeAll(async () => {
  server = await startCouchServer()
  await serverWithDatabase(server, 'company', [{ name: 'alice', password: 'alice-pw' }, { name: 'bob', password: 'bob-pw' }])
})
afterAll(async () => { await server.close() })
afterEach(async () => { for (const d of devices.splice(0)) await d.close() })

async function device(username = 'alice', password = 'alice-pw'): Promise<SyncDevice> {
  const d = await createDevice({ server, username, password, database: 'company' })
  devices.push(d)
  return d
}

describe('sync settings and connection test', () => {
  it('saves the server per device, keeps the password in the secrets store, refuses bad URLs', async () => {
    const d = await device()
    const admin = await setupCompany(d.t)
    expect(await admin.call('sync.saveSettings', { serverUrl: 'ftp://example.com', username: 'x', enabled: true })).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.syncBadUrl' } })
    expect(await admin.call('sync.saveSettings', { serverUrl: 'http://u:p@example.com', username: 'x', enabled: true })).toMatchObject({ ok: false, error: { messageKey: 'errors.syncBadUrl' } })
    const s = await admin.ok('sync.saveSettings', { serverUrl: `${server.url}/`, username: 'alice', password: 'alice-pw', database: 'company', enabled: false })
    expect(s).toMatchObject({ serverUrl: server.url, username: 'alice', database: 'company', enabled: false, hasPassword: true, secretsOsProtected: false })
    expect(readFileSync(join(d.dir, 'settings.json'), 'utf8')).not.toContain('alice-pw')
    expect(await admin.ok('sync.getSettings', {})).toEqual(s)
    expect((await admin.ok('sync.status', {})).state).toBe('disabled')
  })

  it('testConnection names the problem: bad URL, not a CouchDB, wrong password, unreachable, TLS, missing database', async () => {
    const d = await device()
    const admin = await setupCompany(d.t)
    const test = (input: Parameters<typeof admin.ok<'sync.testConnection'>>[1]) => admin.ok('sync.testConnection', input)
    expect(await test({})).toMatchObject({ ok: true, databases: [{ name: 'company' }] })
    expect(await test({ serverUrl: 'not a url' })).toEqual({ ok: false, messageKey: 'errors.syncBadUrl' })
    expect(await test({ serverUrl: `${server.url}/company` })).toMatchObject({ ok: false, messageKey: 'errors.syncBadUrl' })
    expect(await test({ password: 'wrong' })).toEqual({ ok: false, messageKey: 'errors.syncUnauthorized' })
    expect(await test({ username: 'bob', password: 'bob-pw', database: 'nope' })).toMatchObject({ ok: false, messageKey: 'errors.syncNoDatabase' })
    const closed = await startCouchServer()
    const url = closed.url
    await closed.close()
    expect(await test({ serverUrl: url })).toEqual({ ok: false, messageKey: 'errors.syncUnreachable' })
    expect(await test({ serverUrl: server.url.replace('http:', 'https:') })).toEqual({ ok: false, messageKey: 'errors.syncTls' })
  })
})

describe('last sync time', () => {
  it('survives a restart of the app (kept in local_meta), before any new sync', async () => {
    // A database of its own: this company must not meet the other tests' companies.
    await server.createDb('lastsync', { names: ['alice'] })
    let d = await createDevice({ server, username: 'alice', password: 'alice-pw', database: 'lastsync' })
    devices.push(d)
    await setupCompany(d.t)
    expect(d.engine.status().lastSyncAt).toBeNull()
    d.t.clock.advance(1000)
    await d.engine.syncOnce()
    const at = d.engine.status().lastSyncAt
    expect(at).toBe(d.t.clock.now())
    devices.splice(devices.indexOf(d), 1)
    d = await d.restart()
    devices.push(d)
    expect(d.engine.status().lastSyncAt).toBe(at)
    const admin = d.t.connect('after-restart')
    await admin.ok('auth.login', { username: 'admin', password: 'admin-pass-1' })
    expect((await admin.ok('sync.status', {})).lastSyncAt).toBe(at)
  })
})

describe('live sync status, inbox and markers through the contract', () => {
  it('emits sync.status, marks unsynced records, and resolves an inbox conflict with the chosen side everywhere', async () => {
    const a = await device('alice', 'alice-pw')
    const admin = await setupCompany(a.t)
    const events: EventPayload<'sync.status'>[] = []
    a.t.app.bus.subscribe((name, payload) => { if (name === 'sync.status') events.push(payload as EventPayload<'sync.status'>) })
    const id = insertCustomer(a.t, { name: '上海莱邦', ownerId: null })
    expect((await admin.ok('sync.recordStatus', { ids: [id] }))[id]).toMatchObject({ pending: true })

    await admin.ok('sync.saveSettings', { serverUrl: server.url, username: 'alice', password: 'alice-pw', database: 'company', enabled: true })
    await waitFor(() => events.some((e) => e.state === 'idle' && e.pending === 0), 'idle with nothing pending')
    expect(events.some((e) => e.state === 'syncing')).toBe(true)
    expect((await admin.ok('sync.status', {})).lastSyncAt).not.toBeNull()
    expect((await admin.ok('sync.recordStatus', { ids: [id] }))[id]).toBeUndefined()

    // A second device joins: it receives the company, the users and their credentials by sync,
    // so the same administrator can log in there.
    const b = await device('bob', 'bob-pw')
    await syncAll([b], 1)
    const adminB = b.t.connect('admin-b')
    await adminB.ok('auth.login', { username: 'admin', password: 'admin-pass-1' })
    expect(customerRow(b, id)?.name).toBe('上海莱邦')

    // Pause stops replication; the state says so.
    expect((await admin.ok('sync.pause', {})).state).toBe('paused')
    a.t.clock.advance(1000)
    b.t.clock.advance(2000)
    a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { notes: '甲：月底付款' }))
    b.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { notes: '乙：下月付款' }))
    await syncAll([b], 1)
    await admin.ok('sync.resume', {})
    await waitFor(() => customerRow(a, id)?.notes === '乙：下月付款', 'A to receive B’s note', 10_000)
    await admin.ok('sync.pause', {})

    const page = await admin.ok('sync.listConflicts', { limit: 10 })
    expect(page.items).toHaveLength(1)
    const c = page.items[0]!
    expect(c).toMatchObject({ recordId: id, kind: 'fields', tableName: 'customers' })
    expect(c.fields).toEqual([{ field: 'notes', base: null, mine: '甲：月底付款', theirs: '乙：下月付款', current: '乙：下月付款' }])
    expect((await admin.ok('sync.recordStatus', { ids: [id] }))[id]).toMatchObject({ conflict: true })
    expect((await admin.ok('sync.status', {})).conflicts).toBe(1)

    await admin.ok('sync.resolveConflict', { id: c.id, choices: { notes: 'mine' } })
    expect(customerRow(a, id)?.notes).toBe('甲：月底付款')
    expect((await admin.ok('sync.listConflicts', { limit: 10 })).items).toHaveLength(0)
    expect(await admin.call('sync.resolveConflict', { id: c.id, choices: {} })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    await admin.ok('sync.syncNow', {})
    await syncAll([b], 1)
    expect(customerRow(b, id)?.notes).toBe('甲：月底付款')
  })
})
