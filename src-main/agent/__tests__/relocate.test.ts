import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../core/uuid'
import type { SyncDoc } from '../../sync/doc'
import { POOL_DB, userDb } from '../../sync/topology-names'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { waitFor } from '../../testing/sync'
import { agentOn, Db, deviceDoc, edited, newUserId, productionDbs, runUntilKilled, stamp } from './helpers'

let server: CouchTestServer
let db: Db
beforeAll(async () => { server = await startCouchServer(); db = new Db(server); await productionDbs(server, []) })
afterAll(async () => { await server.close() })

const T = Date.UTC(2026, 4, 12)

/** A customer of `from` with a contact, reassigned to `to` on a device that pushed it back to `from`'s database. */
async function reassigned(from: string, to: string): Promise<{ customer: string; contact: string }> {
  const id = uuidv7()
  const contact = uuidv7()
  const c = await db.put(userDb(from), deviceDoc('customer', id, { name: '移交客户', ownerId: from, deletedAt: null }, stamp(T), from)) as SyncDoc
  const k = await db.put(userDb(from), deviceDoc('contact', contact, { customerId: id, name: '李四', deletedAt: null }, stamp(T + 1), from)) as SyncDoc
  await db.put(userDb(from), { ...edited(c, { ownerId: to }, stamp(T + 10), to), _rev: c._rev! })
  await db.put(userDb(from), { ...edited(k, {}, stamp(T + 10), to), _rev: k._rev! })
  return { customer: `customer:${id}`, contact: `contact:${contact}` }
}

describe('misplaced documents move to their database', () => {
  it('a reassigned customer and its contact move with their history and leave the old database', async () => {
    const a = newUserId()
    const b = newUserId()
    for (const u of [a, b]) await server.createDb(userDb(u))
    const r = await reassigned(a, b)
    const revBefore = (await db.get(userDb(a), r.customer))!
    const run = agentOn(server)
    await run.agent.runOnce()
    const moved = (await db.get(userDb(b), r.customer))!
    // Same revision and history: devices that knew the document see no new branch.
    expect(moved._rev).toBe(revBefore._rev)
    expect(moved._revisions).toEqual(revBefore._revisions)
    expect(moved).toMatchObject({ ownerId: b })
    expect(await db.get(userDb(b), r.contact)).toMatchObject({ name: '李四' })
    // Not among the old database's winning docs any more (a tombstone on the leaf).
    expect(await db.ids(userDb(a))).toEqual([])
    expect(await db.get(userDb(a), r.customer)).toBeNull()
    // The tombstone says where it went and still routes to the old database (sync/purge.ts).
    expect(await db.leaves(userDb(a), r.customer)).toEqual([expect.objectContaining({ _deleted: true, lb: { type: 'customer', owner: a, moved: userDb(b) } })])
    expect(run.lines.filter((l) => l.startsWith('move '))).toHaveLength(2)
  })

  it('idempotent, and safe when the target already holds a newer revision; killed between copy and delete it finishes', async () => {
    const a = newUserId()
    const b = newUserId()
    for (const u of [a, b]) await server.createDb(userDb(u))
    const r = await reassigned(a, b)
    // The new owner's device already has it and edited it.
    await db.replicate(userDb(a), userDb(b), r.customer)
    const there = (await db.get(userDb(b), r.customer))! as SyncDoc
    const newer = await db.put(userDb(b), { ...edited(there, { name: '移交客户（新）' }, stamp(T + 99, 'dev-b'), b), _rev: there._rev! })
    await runUntilKilled(agentOn(server, { killAt: 'relocate.afterCopy' }))
    expect(await db.ids(userDb(a))).toContain(r.customer)
    await agentOn(server).agent.runOnce()
    expect(await db.get(userDb(b), r.customer)).toMatchObject({ _rev: newer._rev, name: '移交客户（新）' })
    expect((await db.get(userDb(b), r.customer))!._conflicts).toBeUndefined()
    expect(await db.ids(userDb(a))).toEqual([])
    const seq = await db.seq(userDb(b))
    await agentOn(server).agent.runOnce()
    expect(await db.seq(userDb(b))).toBe(seq)
  })

  it('a customer released on a device goes to lb_pool; documents without a routing stamp stay where they are', async () => {
    const a = newUserId()
    await server.createDb(userDb(a))
    const c = await db.put(userDb(a), deviceDoc('customer', uuidv7(), { name: '放弃客户', ownerId: a, deletedAt: null }, stamp(T), a)) as SyncDoc
    await db.put(userDb(a), { ...edited(c, { ownerId: null, releasedAt: T + 5 }, stamp(T + 5), null), _rev: c._rev! })
    const legacy = await db.put(userDb(a), deviceDoc('customer', uuidv7(), { name: '旧文档', ownerId: a, deletedAt: null }, stamp(T)))
    await agentOn(server).agent.runOnce()
    expect(await db.get(POOL_DB, c._id)).toMatchObject({ ownerId: null })
    expect(await db.ids(userDb(a))).toEqual([legacy._id])
  })
})

describe('the agent process', () => {
  it('in process: start() finds user databases created later (rescan), stop() ends the feeds', async () => {
    const run = agentOn(server, { rescanMs: 200, longPollMs: 500 })
    await run.agent.start()
    try {
      const a = newUserId()
      const b = newUserId()
      for (const u of [a, b]) await server.createDb(userDb(u))
      const r = await reassigned(a, b)
      await waitFor(() => run.lines.some((l) => l.startsWith(`move ${r.customer}`)), 'a move in a database created after the start', 10_000)
      expect(run.agent.databases()).toContain(userDb(a))
    } finally {
      await run.agent.stop()
    }
  })

  it('npm run agent: follows the feeds, survives a server restart, exits on SIGTERM', async () => {
    const a = newUserId()
    const b = newUserId()
    await server.createDb(userDb(a))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/agent/main.ts', server.url, '--user', server.admin.username], {
      cwd: process.cwd(), env: { ...process.env, COUCH_AGENT_PASSWORD: server.admin.password }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { out += d.toString() })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      await waitFor(() => out.includes('agent following'), 'agent start', 20_000)
      await server.createDb(userDb(b))
      const r1 = await reassigned(a, b)
      await waitFor(() => out.includes(`move ${r1.customer}`), 'first move', 20_000)
      await server.stop()
      await new Promise((res) => setTimeout(res, 700))
      await server.start()
      const r2 = await reassigned(a, b)
      await waitFor(() => out.includes(`move ${r2.customer}`), 'move after the server restart', 30_000)
      expect(await db.ids(userDb(b))).toEqual(expect.arrayContaining([r1.customer, r2.customer]))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(out).toContain('agent stopped')
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 90_000)
})
