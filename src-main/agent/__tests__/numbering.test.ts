import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../core/uuid'
import { COMPANY_DB, userDb } from '../../sync/topology-names'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import type { AgentFaultPoint } from '../context'
import { counterId, formatNumber, newCounter, periodOf, reserve, type NumberingRule } from '../numbering'
import { agentOn, Db, deviceDoc, newUserId, productionDbs, runUntilKilled, stamp } from './helpers'

const SO: NumberingRule = { prefix: 'SO', datePart: 'YYYY', serialWidth: 6, reset: 'yearly', separator: '-' }
const at = (y: number, m = 5, d = 12) => new Date(y, m - 1, d, 10).getTime()

describe('numbering rules (pure)', () => {
  it('formats prefix, date part and serial; periods follow the reset', () => {
    expect(formatNumber(SO, at(2026), 123)).toBe('SO-2026-000123')
    expect(formatNumber({ ...SO, datePart: 'YYYYMMDD', serialWidth: 4 }, at(2026, 1, 3), 7)).toBe('SO-20260103-0007')
    expect(formatNumber({ ...SO, datePart: 'none', separator: '' }, at(2026), 42)).toBe('SO000042')
    expect(periodOf(SO, at(2026))).toBe('2026')
    expect(periodOf({ ...SO, reset: 'monthly' }, at(2026, 2))).toBe('202602')
    expect(periodOf({ ...SO, reset: 'daily' }, at(2026, 2, 9))).toBe('20260209')
    expect(periodOf({ ...SO, reset: 'never' }, at(2026))).toBe('all')
  })

  it('reserve: a document keeps its serial; done reservations are trimmed', () => {
    const c0 = newCounter('so', '2026')
    const r1 = reserve(c0, 'd1')
    expect(r1).toEqual({ serial: 1, write: expect.objectContaining({ next: 2, reservations: { d1: 1 } }) })
    expect(reserve(r1.write!, 'd1')).toEqual({ serial: 1, write: null })
    const r2 = reserve(r1.write!, 'd2', new Set(['d1']))
    expect(r2.write).toMatchObject({ next: 3, reservations: { d2: 2 } })
    expect(counterId('so', '2026')).toBe('counter:so:2026')
  })
})

let server: CouchTestServer
let db: Db
beforeAll(async () => { server = await startCouchServer(); db = new Db(server); await productionDbs(server, []) })
afterAll(async () => { await server.close() })

async function rule(id: string, r: NumberingRule): Promise<void> {
  await db.put(COMPANY_DB, deviceDoc('numbering_rule', id, { ...r, deletedAt: null }, stamp(Date.now(), 'dev-admin')))
}

/** A test document type with a provisional number, as a device would write it offline. */
async function order(user: string, ruleId: string, createdAt: number, provisional: string): Promise<string> {
  const id = uuidv7()
  await db.put(userDb(user), deviceDoc('test_order', id, { number: provisional, numberStatus: 'provisional', numberRule: ruleId, createdAt, amount: 100, deletedAt: null }, stamp(createdAt, 'dev-a'), user))
  return `test_order:${id}`
}

async function numbers(user: string, ids: string[]) {
  return Promise.all(ids.map(async (id) => {
    const d = (await db.get(userDb(user), id))!
    return { number: d.number, status: d.numberStatus, provisional: d.provisionalNumber }
  }))
}

describe('official numbers', () => {
  it('sequential per period, the provisional number kept, the counter resets with the year', async () => {
    const ruleId = `so${uuidv7().slice(-6)}`
    await rule(ruleId, SO)
    const u = newUserId()
    await server.createDb(userDb(u))
    const ids = [await order(u, ruleId, at(2026, 3), 'TMP-A-1'), await order(u, ruleId, at(2026, 3, 4), 'TMP-A-2'), await order(u, ruleId, at(2027, 1, 2), 'TMP-A-3')]
    const run = agentOn(server)
    await run.agent.runOnce()
    expect(await numbers(u, ids)).toEqual([
      { number: 'SO-2026-000001', status: 'official', provisional: 'TMP-A-1' },
      { number: 'SO-2026-000002', status: 'official', provisional: 'TMP-A-2' },
      { number: 'SO-2027-000001', status: 'official', provisional: 'TMP-A-3' },
    ])
    const doc = (await db.get(userDb(u), ids[0]!))!
    expect(doc).toMatchObject({ amount: 100, lb: { device: 'agent', owner: u } })
    const stamps = (doc.lb as { fieldHlc: Record<string, string> }).fieldHlc
    expect(stamps.number! > stamps.amount!).toBe(true) // the device merge takes the official number
    expect(run.lines.filter((l) => l.startsWith('number '))).toHaveLength(3)
  })

  it.each<AgentFaultPoint>(['numbers.afterReserve', 'numbers.afterWrite', 'batch.beforeCheckpoint'])('killed at %s: no number skipped or given twice after a restart', async (point) => {
    const ruleId = `so${uuidv7().slice(-6)}`
    await rule(ruleId, SO)
    const u = newUserId()
    await server.createDb(userDb(u))
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push(await order(u, ruleId, at(2026, 6, 1 + i), `TMP-${i}`))
    // Killed while numbering the second document.
    let seen = 0
    const first = agentOn(server, { killAt: point, killWhen: () => point === 'numbers.afterReserve' ? ++seen === 2 : seen++ === 1 })
    await runUntilKilled(first)
    const second = agentOn(server)
    await second.agent.runOnce()
    expect((await numbers(u, ids)).map((n) => n.number)).toEqual(['SO-2026-000001', 'SO-2026-000002', 'SO-2026-000003', 'SO-2026-000004'])
    const counter = (await db.get(COMPANY_DB, counterId(ruleId, '2026')))!
    expect(counter.next).toBe(5)
    // A third run changes nothing.
    const before = await db.seq(userDb(u))
    await agentOn(server).agent.runOnce()
    expect(await db.seq(userDb(u))).toBe(before)
  })

  it('a device edit racing the agent (409) is kept and the number still lands; unknown rules are left provisional', async () => {
    const ruleId = `so${uuidv7().slice(-6)}`
    await rule(ruleId, { ...SO, reset: 'never', datePart: 'none' })
    const u = newUserId()
    await server.createDb(userDb(u))
    const id = await order(u, ruleId, at(2026), 'TMP-X')
    const orphan = await order(u, 'no-such-rule', at(2026), 'TMP-Y')
    let raced = false
    const run = agentOn(server, {
      // The device's edit lands between the reservation and the document write.
      fault: async (p) => {
        if (p !== 'numbers.afterReserve' || raced) return
        raced = true
        const cur = (await db.get(userDb(u), id))!
        const { _revisions: _h, ...doc } = cur
        await db.put(userDb(u), { ...doc, amount: 250 })
      },
    })
    await run.agent.runOnce()
    expect(raced).toBe(true)
    expect(await db.get(userDb(u), id)).toMatchObject({ number: 'SO-000001', numberStatus: 'official', amount: 250 })
    expect(await db.get(userDb(u), orphan)).toMatchObject({ number: 'TMP-Y', numberStatus: 'provisional' })
    expect(run.lines.some((l) => l.includes('no valid numbering rule'))).toBe(true)
  })
})
