import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../core/uuid'
import { COMPANY_DB, userDb } from '../../sync/topology-names'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import type { AgentFaultPoint } from '../context'
import { counterId, type NumberingRule } from '../numbering'
import { agentOn, Db, deviceDoc, newUserId, productionDbs, runUntilKilled, stamp } from './helpers'

/** Daily serials, like quotes: a version revised on another day must still take v1's number. */
const QT: NumberingRule = { prefix: 'QT', datePart: 'YYYYMMDD', serialWidth: 4, reset: 'daily', separator: '-' }
const day = (d: number) => new Date(2026, 10, d, 10).getTime()

let server: CouchTestServer
let db: Db
beforeAll(async () => { server = await startCouchServer(); db = new Db(server); await productionDbs(server, []) })
afterAll(async () => { await server.close() })

async function setup(): Promise<{ u: string; ruleId: string }> {
  const ruleId = `qt${uuidv7().slice(-6)}`
  await db.put(COMPANY_DB, deviceDoc('numbering_rule', ruleId, { ...QT, deletedAt: null }, stamp(Date.now(), 'dev-admin')))
  const u = newUserId()
  await server.createDb(userDb(u))
  return { u, ruleId }
}

/** One version of a quote as a device writes it offline: the provisional number is v1's. */
function version(ruleId: string, u: string, id: string, groupId: string, v: number, createdAt: number, provisional: string) {
  return deviceDoc('test_quote', id, { number: provisional, numberStatus: 'provisional', numberRule: ruleId, groupId, version: v, createdAt, deletedAt: null }, stamp(createdAt, 'dev-a'), u)
}

async function numbers(u: string, ids: string[]) {
  return Promise.all(ids.map(async (id) => {
    const d = (await db.get(userDb(u), id))!
    return { number: d.number, status: d.numberStatus, provisional: d.provisionalNumber }
  }))
}

/** v1 (day 3), v2 and v3 revised offline on days 4 and 5; `order` is the order they reach the server. */
async function chain(u: string, ruleId: string, order: number[]): Promise<string[]> {
  const ids = [uuidv7(), uuidv7(), uuidv7()]
  for (const i of order) await db.put(userDb(u), version(ruleId, u, ids[i]!, ids[0]!, i + 1, day(3 + i), 'TMP-Q-1'))
  return ids.map((id) => `test_quote:${id}`)
}

describe('official numbers of revised versions', () => {
  it.each([[[0, 1, 2]], [[2, 1, 0]], [[1, 0, 2]]])('the versions share the first version\'s number whichever the agent sees first (arrival %j)', async (order) => {
    const { u, ruleId } = await setup()
    const ids = await chain(u, ruleId, order)
    // An unrelated quote of the same day afterwards: the group took exactly one serial.
    const other = `test_quote:${uuidv7()}`
    const oid = other.slice('test_quote:'.length)
    await db.put(userDb(u), version(ruleId, u, oid, oid, 1, day(3), 'TMP-Q-2'))
    const run = agentOn(server)
    await run.agent.runOnce()
    const official = { number: 'QT-20261103-0001', status: 'official', provisional: 'TMP-Q-1' }
    expect(await numbers(u, ids)).toEqual([official, official, official])
    expect((await numbers(u, [other]))[0]!.number).toBe('QT-20261103-0002')
    expect((await db.get(COMPANY_DB, counterId(ruleId, '20261103')))!.next).toBe(3)
    // No serial was reserved in the later versions' own periods.
    expect(await db.get(COMPANY_DB, counterId(ruleId, '20261104'))).toBeNull()
    expect(await db.get(COMPANY_DB, counterId(ruleId, '20261105'))).toBeNull()
  })

  it('a version whose first version has not arrived waits for it, across a restart', async () => {
    const { u, ruleId } = await setup()
    const v1 = uuidv7(), v2 = uuidv7()
    await db.put(userDb(u), version(ruleId, u, v2, v1, 2, day(8), 'TMP-W-1'))
    const first = agentOn(server)
    await first.agent.runOnce()
    expect(await numbers(u, [`test_quote:${v2}`])).toEqual([{ number: 'TMP-W-1', status: 'provisional', provisional: undefined }])
    expect(first.lines.some((l) => l.includes('waits for'))).toBe(true)
    // A fresh agent (the first one's memory is gone): v1 arrives, both get one number.
    await db.put(userDb(u), version(ruleId, u, v1, v1, 1, day(7), 'TMP-W-1'))
    await agentOn(server).agent.runOnce()
    const official = { number: 'QT-20261107-0001', status: 'official', provisional: 'TMP-W-1' }
    expect(await numbers(u, [`test_quote:${v1}`, `test_quote:${v2}`])).toEqual([official, official])
    expect((await db.get(COMPANY_DB, counterId(ruleId, '20261107')))!.next).toBe(2)
  })

  it.each<AgentFaultPoint>(['numbers.afterReserve', 'numbers.afterWrite', 'batch.beforeCheckpoint'])('killed at %s while numbering a group: one number after a restart', async (point) => {
    const { u, ruleId } = await setup()
    const ids = await chain(u, ruleId, [2, 1, 0])
    const first = agentOn(server, { killAt: point })
    await runUntilKilled(first)
    await agentOn(server).agent.runOnce()
    const official = { number: 'QT-20261103-0001', status: 'official', provisional: 'TMP-Q-1' }
    expect(await numbers(u, ids)).toEqual([official, official, official])
    expect((await db.get(COMPANY_DB, counterId(ruleId, '20261103')))!.next).toBe(2)
    // A third run writes nothing.
    const before = await db.seq(userDb(u))
    await agentOn(server).agent.runOnce()
    expect(await db.seq(userDb(u))).toBe(before)
  })
})
