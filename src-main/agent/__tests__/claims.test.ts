import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY_MS, POOL_RULES_ID } from '../../modules/pool/derived-id'
import { COMPANY_DB, POOL_DB, POOL_HIDDEN_DB, userDb } from '../../sync/topology-names'
import type { SyncDoc } from '../../sync/doc'
import type { PouchDoc } from '../../sync/pouch'
import { startCouchServer, type CouchTestServer } from '../../testing/couch-server'
import { uuidv7 } from '../../core/uuid'
import { agentOn, Db, deviceDoc, edited, newUserId, productionDbs, runUntilKilled, stamp } from './helpers'
import type { AgentFaultPoint } from '../context'

let server: CouchTestServer
let db: Db
beforeAll(async () => { server = await startCouchServer(); db = new Db(server) })
afterAll(async () => { await server.close() })

const DAY = new Date(2026, 4, 12, 10, 0, 0).getTime() // local 10:00, the cap counts local days
const OLD_OWNER = '0190aaaa-0000-7000-8000-00000000000f'

/**
 * Each test gets fresh users (so fresh lb_u_ databases) on the shared lb_* databases; the
 * agent follows all of them. A pool customer released at `round`, with a contact and a
 * follow-up waiting in lb_pool_hidden.
 */
async function poolCustomer(round = DAY - DAY_MS): Promise<{ id: string; doc: SyncDoc; contact: string; followup: string }> {
  const id = uuidv7()
  const doc = await db.put(POOL_DB, deviceDoc('customer', id, { name: `客户${id.slice(-4)}`, ownerId: null, releasedAt: round, previousOwnerId: OLD_OWNER, won: false, deletedAt: null }, stamp(round, 'dev-old'), null)) as SyncDoc
  const contact = uuidv7()
  const followup = uuidv7()
  await db.put(POOL_HIDDEN_DB, deviceDoc('contact', contact, { customerId: id, name: '王经理', mobile: '13900001111', deletedAt: null }, stamp(round - 5000, 'dev-old'), null))
  await db.put(POOL_HIDDEN_DB, deviceDoc('followup', followup, { customerId: id, ownerId: OLD_OWNER, content: '上次拜访', deletedAt: null }, stamp(round - 4000, 'dev-old'), null))
  return { id, doc, contact, followup }
}

/**
 * What a claimer's device pushes: the claim (to `claimDb`) and the customer assigned to itself
 * at once (a revision on top of the pool one, in its own database).
 */
async function claimOnDevice(user: string, c: { id: string; doc: SyncDoc }, at: number, node: string, claimDb = POOL_DB, seen?: PouchDoc): Promise<string> {
  const claimId = uuidv7()
  const hlc = stamp(at, node)
  await db.put(claimDb, deviceDoc('pool_claim', claimId, { customerId: c.id, claimerId: user, claimedAt: at, claimHlc: hlc, round: c.doc.releasedAt, status: 'pending', reasonKey: null, decidedAt: null, deletedAt: null }, hlc, claimDb === POOL_DB ? null : user))
  if (seen) await server.request('POST', `/${userDb(user)}/_bulk_docs`, { docs: [seen], new_edits: false })
  else await db.replicate(POOL_DB, userDb(user), c.doc._id)
  const base = (await db.get(userDb(user), c.doc._id)) as SyncDoc
  await db.put(userDb(user), { ...edited(base, { ownerId: user, releasedAt: null }, hlc, user), _rev: base._rev! })
  return `pool_claim:${claimId}`
}

async function setRules(rules: Record<string, unknown>): Promise<void> {
  const cur = await db.get(COMPANY_DB, `pool_rules:${POOL_RULES_ID}`)
  const body = { autoReclaim: false, defaultDays: 30, warnDaysBefore: 2, exemptWon: true, exemptLocked: true, dailyClaimCap: 5, holdCap: 0, holdCapCountsWon: false, reclaimBlockDays: 7, ...rules }
  await db.put(COMPANY_DB, { ...deviceDoc('pool_rules', POOL_RULES_ID, body, stamp(Date.now(), 'dev-admin')), ...(cur ? { _rev: cur._rev } : {}) })
}

async function claimState(id: string, where = POOL_DB) {
  const d = await db.get(where, id)
  return d ? { status: d.status, reasonKey: d.reasonKey, decided: !!d.agentDecision, rev: d._rev } : null
}

async function seqs(users: string[]): Promise<string[]> {
  return Promise.all([COMPANY_DB, POOL_DB, POOL_HIDDEN_DB, ...users.map(userDb)].map((d) => db.seq(d)))
}

beforeAll(async () => { await productionDbs(server, []) })

describe('公海 claims: one authority', () => {
  it('two devices claim the same customer: exactly one is confirmed everywhere, the customer and its children move to the winner', async () => {
    await setRules({})
    const a = newUserId()
    const b = newUserId()
    for (const u of [a, b]) await server.createDb(userDb(u))
    const c = await poolCustomer()
    // B claims later by HLC but its claim sits in its own database; A's in the pool database.
    const claimB = await claimOnDevice(b, c, DAY + 60_000, 'dev-b', userDb(b))
    const claimA = await claimOnDevice(a, c, DAY, 'dev-a')
    const run = agentOn(server)
    await run.agent.runOnce()

    expect(await claimState(claimA)).toMatchObject({ status: 'confirmed', reasonKey: null, decided: true })
    expect(await claimState(claimB, userDb(b))).toMatchObject({ status: 'rejected', reasonKey: 'errors.claimLost', decided: true })
    const cust = await db.get(userDb(a), c.doc._id)
    expect(cust).toMatchObject({ ownerId: a, releasedAt: null, name: c.doc.name, lb: { owner: a, device: 'agent' } })
    expect(cust!._conflicts).toBeUndefined()
    // Gone from the pool and from the loser's database; children moved out of lb_pool_hidden.
    expect(await db.ids(POOL_DB)).not.toContain(c.doc._id)
    expect(await db.ids(userDb(b))).not.toContain(c.doc._id)
    expect(await db.leaves(POOL_DB, c.doc._id)).toEqual([expect.objectContaining({ _deleted: true, lb: { type: 'customer', owner: null, moved: userDb(a) } })])
    expect(await db.ids(POOL_HIDDEN_DB)).not.toEqual(expect.arrayContaining([`contact:${c.contact}`]))
    expect(await db.get(userDb(a), `contact:${c.contact}`)).toMatchObject({ name: '王经理', lb: { owner: a } })
    expect(await db.get(userDb(a), `followup:${c.followup}`)).toMatchObject({ ownerId: a, content: '上次拜访' })
    expect(run.lines.filter((l) => l.startsWith('claim '))).toHaveLength(2)

    // Running again, or a new agent from scratch (no checkpoints), writes nothing.
    const before = await seqs([a, b])
    await run.agent.runOnce()
    for (const d of [COMPANY_DB, POOL_DB, POOL_HIDDEN_DB, userDb(a), userDb(b)]) await server.request('DELETE', `/${d}/_local/laibang-agent`)
    const fresh = agentOn(server)
    await fresh.agent.runOnce()
    expect(await seqs([a, b])).toEqual(before)
    expect(fresh.lines.filter((l) => l.startsWith('claim '))).toEqual([])
  })

  it('daily cap: the claims beyond the cap are rejected and their customers go back to the pool; the next day counts anew', async () => {
    await setRules({ dailyClaimCap: 2 })
    const a = newUserId()
    await server.createDb(userDb(a))
    const cs = [await poolCustomer(), await poolCustomer(), await poolCustomer()]
    const claims: string[] = []
    for (const [i, c] of cs.entries()) claims.push(await claimOnDevice(a, c, DAY + i * 60_000, 'dev-a'))
    const tomorrow = await poolCustomer()
    const next = await claimOnDevice(a, tomorrow, DAY + DAY_MS, 'dev-a')
    await agentOn(server).agent.runOnce()

    expect(await Promise.all(claims.map((id) => claimState(id)))).toEqual([
      expect.objectContaining({ status: 'confirmed' }), expect.objectContaining({ status: 'confirmed' }),
      expect.objectContaining({ status: 'rejected', reasonKey: 'errors.claimCapReached' }),
    ])
    expect(await claimState(next)).toMatchObject({ status: 'confirmed' })
    // The refused customer is back in the pool as the claimer's device would put it back.
    expect(await db.get(POOL_DB, cs[2]!.doc._id)).toMatchObject({ ownerId: null, releasedAt: cs[2]!.doc.releasedAt, previousOwnerId: OLD_OWNER, lb: { owner: null } })
    expect(await db.ids(userDb(a))).not.toContain(cs[2]!.doc._id)
    expect(await db.ids(POOL_HIDDEN_DB)).toContain(`contact:${cs[2]!.contact}`)
    expect(await db.ids(userDb(a))).toEqual(expect.arrayContaining([cs[0]!.doc._id, cs[1]!.doc._id, tomorrow.doc._id]))
  })

  it('hold cap and reclaim block: a refused earliest claim lets the next claimer win', async () => {
    await setRules({ holdCap: 1 })
    const a = newUserId()
    const b = newUserId()
    for (const u of [a, b]) await server.createDb(userDb(u))
    // A already holds one customer.
    await db.put(userDb(a), deviceDoc('customer', uuidv7(), { name: '已有客户', ownerId: a, won: false, deletedAt: null }, stamp(DAY - 9 * DAY_MS), a))
    const c = await poolCustomer()
    const claimA = await claimOnDevice(a, c, DAY, 'dev-a')
    const claimB = await claimOnDevice(b, c, DAY + 1000, 'dev-b')
    await agentOn(server).agent.runOnce()
    expect(await claimState(claimA)).toMatchObject({ status: 'rejected', reasonKey: 'errors.holdCapReached' })
    expect(await claimState(claimB)).toMatchObject({ status: 'confirmed' })
    expect(await db.get(userDb(b), c.doc._id)).toMatchObject({ ownerId: b })
    expect(await db.ids(userDb(a))).not.toContain(c.doc._id)

    await setRules({ holdCap: 0 })
    // B released this customer yesterday: it cannot claim it back within reclaimBlockDays.
    const e = await poolCustomer()
    await db.put(POOL_DB, { ...edited(e.doc, { previousOwnerId: b }, stamp(DAY - DAY_MS + 1, 'dev-old')), _rev: e.doc._rev! })
    e.doc = (await db.get(POOL_DB, e.doc._id)) as SyncDoc
    const blocked = await claimOnDevice(b, e, DAY + 3000, 'dev-b')
    await agentOn(server).agent.runOnce()
    expect(await claimState(blocked)).toMatchObject({ status: 'rejected', reasonKey: 'errors.reclaimBlocked' })
  })

  it.each<AgentFaultPoint>(['claims.afterDecision', 'claims.afterPlacement', 'batch.beforeCheckpoint'])('killed at %s: after a restart one claim is confirmed once, nothing written twice', async (point) => {
    await setRules({})
    const a = newUserId()
    const b = newUserId()
    for (const u of [a, b]) await server.createDb(userDb(u))
    const c = await poolCustomer()
    const claimA = await claimOnDevice(a, c, DAY, 'dev-a')
    const claimB = await claimOnDevice(b, c, DAY + 5, 'dev-b')
    const first = agentOn(server, { killAt: point, killWhen: (lines) => lines.some((l) => l.startsWith(`claim ${claimA}`)) })
    await runUntilKilled(first)
    const decidedA = await claimState(claimA)
    expect(decidedA).toMatchObject({ status: 'confirmed', decided: true })
    const decisionHlc = (await db.get(POOL_DB, claimA))!.agentDecision

    const second = agentOn(server)
    await second.agent.runOnce()
    // The decision written before the kill is the decision: same revision, no second confirmation.
    expect(await claimState(claimA)).toEqual(decidedA)
    expect((await db.get(POOL_DB, claimA))!.agentDecision).toEqual(decisionHlc)
    expect(await claimState(claimB)).toMatchObject({ status: 'rejected', reasonKey: 'errors.claimLost' })
    expect(second.lines.filter((l) => l.startsWith('claim '))).toEqual([])
    expect(await db.get(userDb(a), c.doc._id)).toMatchObject({ ownerId: a })
    expect(await db.ids(userDb(b))).not.toContain(c.doc._id)
    expect(await db.ids(POOL_DB)).not.toContain(c.doc._id)
    expect(await db.get(userDb(a), `followup:${c.followup}`)).toMatchObject({ ownerId: a })
    const settled = await seqs([a, b])
    await agentOn(server).agent.runOnce()
    expect(await seqs([a, b])).toEqual(settled)
  })

  it('a device that wrote its own guess over the decision is corrected; a late claim loses to the confirmed one', async () => {
    await setRules({})
    const a = newUserId()
    const b = newUserId()
    const late = newUserId()
    for (const u of [a, b, late]) await server.createDb(userDb(u))
    const c = await poolCustomer()
    const claimA = await claimOnDevice(a, c, DAY + 10, 'dev-a')
    const claimB = await claimOnDevice(b, c, DAY, 'dev-b') // earlier: B wins
    const poolVersion = (await db.get(POOL_DB, c.doc._id))!
    const run = agentOn(server)
    await run.agent.runOnce()
    expect(await claimState(claimB)).toMatchObject({ status: 'confirmed' })
    // A device that had not seen the decision guesses B lost (it saw another claim) and writes it.
    const cur = (await db.get(POOL_DB, claimB)) as SyncDoc
    await db.put(POOL_DB, { ...edited(cur, { status: 'rejected', reasonKey: 'errors.claimLost' }, stamp(DAY + 9 * DAY_MS, 'dev-x')), _rev: cur._rev! })
    // A laptop offline since before the decision claims the customer it still sees in the pool.
    const lateClaim = await claimOnDevice(late, c, DAY + 20, 'dev-l', POOL_DB, poolVersion)
    await run.agent.runOnce()
    expect(await claimState(claimB)).toMatchObject({ status: 'confirmed', reasonKey: null })
    expect(await claimState(claimA)).toMatchObject({ status: 'rejected', reasonKey: 'errors.claimLost' })
    expect(await claimState(lateClaim)).toMatchObject({ status: 'rejected', reasonKey: 'errors.claimLost' })
    expect(await db.get(userDb(b), c.doc._id)).toMatchObject({ ownerId: b })
    expect(await db.ids(userDb(late))).not.toContain(c.doc._id)
  })
})

describe('a claimed customer\'s reminders', () => {
  it('move with the customer out of lb_pool_hidden; pending follow-up reminders go to the new owner, personal and done ones keep theirs', async () => {
    await setRules({})
    const a = newUserId()
    await server.createDb(userDb(a))
    const c = await poolCustomer()
    const [sourced, personal, done] = [uuidv7(), uuidv7(), uuidv7()]
    const reminder = (id: string, body: Record<string, unknown>) => db.put(POOL_HIDDEN_DB, deviceDoc('reminder', id, {
      customerId: c.id, ownerId: OLD_OWNER, title: '回访', dueAt: DAY + DAY_MS, status: 'pending', sourceType: null, sourceId: null, deletedAt: null, ...body,
    }, stamp(DAY - 3000, 'dev-old'), null))
    await reminder(sourced, { sourceType: 'followup', sourceId: c.followup })
    await reminder(personal, {})
    await reminder(done, { sourceType: 'followup', sourceId: c.followup, status: 'done' })
    await claimOnDevice(a, c, DAY, 'dev-a')
    await agentOn(server).agent.runOnce()

    for (const id of [sourced, personal, done]) {
      expect(await db.ids(POOL_HIDDEN_DB)).not.toContain(`reminder:${id}`)
      expect(await db.get(userDb(a), `reminder:${id}`)).toMatchObject({ customerId: c.id, lb: { owner: a } })
    }
    expect(await db.get(userDb(a), `reminder:${sourced}`)).toMatchObject({ ownerId: a, lb: { device: 'agent' } })
    expect(await db.get(userDb(a), `reminder:${personal}`)).toMatchObject({ ownerId: OLD_OWNER })
    expect(await db.get(userDb(a), `reminder:${done}`)).toMatchObject({ ownerId: OLD_OWNER })
  })
})
