import { startCouchServer, type CouchTestServer } from './couch-server'
import { createDevice, type SyncDevice } from './sync'
import { setupCompany, type TestClient } from './index'
import { Agent } from '../agent/agent'
import { setupCouch, type SetupUser } from '../server/couch-setup'

/**
 * The production topology for a test file: a CouchDB-compatible server with an admin, the
 * administrator's device with a company and the users `org` creates, couch:setup run twice (first
 * from the users file, then again once the org data is in lb_company and decides everyone's
 * roles, as an administrator does it), and helpers for further devices, raw credentials and
 * agent passes. Every user's password is `pw`.
 */
export interface CouchWorld<Ids extends Record<string, string>> {
  server: CouchTestServer
  root: { username: string; password: string }
  pw: string
  adm: SyncDevice
  admin: TestClient
  /** `admin` plus what `org` returned. */
  ids: Ids & { admin: string }
  /** A device of `username`, after `passes` sync rounds (company data first, then its own databases). */
  device(username: string, opts?: { passes?: number; settle?: boolean }): Promise<SyncDevice>
  basic(username: string, password?: string): { username: string; password: string }
  /** One pass of the server agent (as the server admin); its log lines. */
  agentPass(): Promise<string[]>
  close(): Promise<void>
}

export interface CouchWorldOptions<Ids extends Record<string, string>> {
  /** Creates the users on the administrator's device; returns their ids by the usernames' keys. */
  org(admin: TestClient, adm: SyncDevice): Promise<{ ids: Ids; usernames: Record<keyof Ids, string> }>
  agent?: { username: string; password: string }
}

export async function startCouchWorld<Ids extends Record<string, string>>(o: CouchWorldOptions<Ids>): Promise<CouchWorld<Ids>> {
  const root = { username: 'root', password: 'root-secret' }
  const pw = 'couch-pass-1'
  const devices: SyncDevice[] = []
  const server = await startCouchServer({ admin: root })
  const adm = await createDevice({ server, username: 'admin', password: pw, database: '' })
  devices.push(adm)
  const admin = await setupCompany(adm.t)
  const adminId = adm.t.app.database.sqlite.prepare(`SELECT id FROM users WHERE username = 'admin'`).pluck().get() as string
  const { ids, usernames } = await o.org(admin, adm)
  // First setup: accounts from the users file (nothing in lb_company yet; the admin's switches given).
  const users: SetupUser[] = [
    { username: 'admin', userId: adminId, password: pw, admin: true, pool: true, assign: true, reads: 'all' },
    ...(Object.keys(usernames) as (keyof Ids)[]).map((k) => ({ username: usernames[k], userId: ids[k], password: pw })),
  ]
  await setupCouch({ url: server.url, admin: root, users, ...(o.agent ? { agent: o.agent } : {}) })
  await adm.sync.apply()
  await adm.engine.syncOnce()
  // Rerun: now the org is in lb_company and decides everyone's roles.
  await setupCouch({ url: server.url, admin: root })
  return {
    server, root, pw, adm, admin,
    ids: { ...ids, admin: adminId },
    async device(username, opts = {}) {
      const d = await createDevice({ server, username, password: pw, database: '' })
      devices.push(d)
      for (let i = 0; i < (opts.passes ?? 2); i++) await d.engine.syncOnce()
      if (opts.settle) await d.engine.settled()
      return d
    },
    basic: (username, password = pw) => ({ username, password }),
    async agentPass() {
      const lines: string[] = []
      await new Agent({ url: server.url, auth: root, log: (l) => lines.push(l) }).runOnce()
      return lines
    },
    async close() {
      for (const d of devices.splice(0)) await d.close()
      await server.close()
    },
  }
}
