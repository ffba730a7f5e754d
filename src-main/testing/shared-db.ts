import { afterAll, afterEach, beforeAll } from 'vitest'
import { startCouchServer, type CouchTestServer } from './couch-server'
import { createDevice, serverWithDatabase, type DeviceOptions, type SyncDevice } from './sync'

const ACCOUNTS = { alice: 'alice-pw', bob: 'bob-pw' } as const

/**
 * For a describe block (or a file): a CouchDB-compatible test server with one database,
 * `company`, that the accounts alice and bob share (single-database mode), and devices on it
 * that are closed after each test.
 */
export function useSharedDatabase(): { server(): CouchTestServer; device(username?: keyof typeof ACCOUNTS): Promise<SyncDevice> } {
  let server: CouchTestServer | null = null
  const devices: SyncDevice[] = []
  beforeAll(async () => {
    server = await startCouchServer()
    await serverWithDatabase(server, 'company', Object.entries(ACCOUNTS).map(([name, password]) => ({ name, password })))
  })
  afterAll(async () => { await server?.close() })
  afterEach(async () => { for (const d of devices.splice(0)) await d.close() })
  const live = (): CouchTestServer => {
    if (!server) throw new Error('the test server is not started (use inside a test)')
    return server
  }
  return {
    server: live,
    async device(username = 'alice') {
      const d = await createDevice({ server: live(), username, password: ACCOUNTS[username], database: 'company' })
      devices.push(d)
      return d
    },
  }
}

/**
 * For a describe block: a CouchDB-compatible test server (its databases and users made by each
 * test) and devices on it that are closed after each test, whatever state a test left them in.
 */
export function useCouchServer(): { server(): CouchTestServer; device(o: Omit<DeviceOptions, 'server'>): Promise<SyncDevice>; track(d: SyncDevice): SyncDevice } {
  let server: CouchTestServer | null = null
  const devices: SyncDevice[] = []
  beforeAll(async () => { server = await startCouchServer() })
  afterAll(async () => { await server?.close() })
  // A device a test crashed or restarted may already be closed.
  afterEach(async () => { for (const d of devices.splice(0)) await d.close().catch(() => undefined) })
  const live = (): CouchTestServer => {
    if (!server) throw new Error('the test server is not started (use inside a test)')
    return server
  }
  const track = (d: SyncDevice): SyncDevice => { devices.push(d); return d }
  return { server: live, track, device: async (o) => track(await createDevice({ ...o, server: live() })) }
}
