import { formatHlc } from '../../core/hlc'
import { uuidv7 } from '../../core/uuid'
import { canonical, type SyncDoc } from '../../sync/doc'
import type { PouchDoc } from '../../sync/pouch'
import { COMPANY_DB, COST_DB, POOL_DB, POOL_HIDDEN_DB, userDb } from '../../sync/topology-names'
import type { CouchTestServer } from '../../testing/couch-server'
import { Agent, type AgentOptions } from '../agent'
import type { AgentFaultPoint } from '../context'

/** Databases of the production layout for these users (couch:setup does this for real). */
export async function productionDbs(server: CouchTestServer, users: string[]): Promise<void> {
  for (const db of [COMPANY_DB, COST_DB, POOL_DB, POOL_HIDDEN_DB, ...users.map(userDb)]) await server.createDb(db)
}

export function newUserId(): string { return uuidv7() }

export const stamp = (ms: number, node = 'dev-a', counter = 0) => formatHlc({ ms, counter, node })

/** A document as a device writes it: every field stamped `hlc`, routing stamp `owner`. */
export function deviceDoc(type: string, id: string, body: Record<string, unknown>, hlc: string, owner?: string | null): SyncDoc {
  const fieldHlc: Record<string, string> = {}
  for (const k of Object.keys(body)) fieldHlc[k] = hlc
  const lb: Record<string, unknown> = { type, schema: 1, hlc, fieldHlc, device: hlc.split('-').slice(2).join('-'), mutation: null, appVersion: '0.1.0' }
  if (owner !== undefined) lb.owner = owner
  return canonical({ ...body, _id: `${type}:${id}`, lb }) as unknown as SyncDoc
}

/** A device's edit on top of `base` (same revision tree): changed fields stamped `hlc`. */
export function edited(base: SyncDoc, patch: Record<string, unknown>, hlc: string, owner?: string | null): SyncDoc {
  const fieldHlc = { ...base.lb.fieldHlc }
  for (const k of Object.keys(patch)) fieldHlc[k] = hlc
  const { _rev: _r, ...rest } = base
  const lb: Record<string, unknown> = { ...base.lb, hlc, fieldHlc, device: hlc.split('-').slice(2).join('-') }
  if (owner !== undefined) lb.owner = owner
  return canonical({ ...rest, ...patch, lb }) as unknown as SyncDoc
}

export class Db {
  constructor(private readonly server: CouchTestServer) {}

  async put(db: string, doc: PouchDoc): Promise<PouchDoc> {
    const r = await this.server.request('PUT', `/${db}/${encodeURIComponent(doc._id)}`, doc)
    if (r.status >= 300) throw new Error(`PUT ${db}/${doc._id}: ${r.status} ${JSON.stringify(r.json)}`)
    return { ...doc, _rev: (r.json as { rev: string }).rev }
  }

  /** Copies a document with its history from one database to another (what replication does). */
  async replicate(from: string, to: string, id: string): Promise<void> {
    const leaves = (await this.server.request('GET', `/${from}/${encodeURIComponent(id)}?open_revs=all&revs=true`)).json as { ok?: PouchDoc }[]
    const r = await this.server.request('POST', `/${to}/_bulk_docs`, { docs: leaves.map((l) => l.ok).filter(Boolean), new_edits: false })
    if (r.status >= 300) throw new Error(`replicate ${id}: ${JSON.stringify(r.json)}`)
  }

  async get(db: string, id: string): Promise<(PouchDoc & Record<string, unknown>) | null> {
    const r = await this.server.request('GET', `/${db}/${encodeURIComponent(id)}?conflicts=true&revs=true`)
    return r.status === 404 ? null : (r.json as PouchDoc)
  }

  /** Every leaf (tombstones too) of a document. */
  async leaves(db: string, id: string): Promise<PouchDoc[]> {
    const r = await this.server.request('GET', `/${db}/${encodeURIComponent(id)}?open_revs=all`)
    return (r.json as { ok?: PouchDoc }[]).map((l) => l.ok).filter((l): l is PouchDoc => !!l)
  }

  /** Ids of the live documents of a database (what a device replicating it would hold). */
  async ids(db: string): Promise<string[]> {
    const r = await this.server.request('GET', `/${db}/_all_docs`)
    return (r.json as { rows: { id: string }[] }).rows.map((x) => x.id).filter((id) => !id.startsWith('_'))
  }

  async seq(db: string): Promise<string> {
    return String(((await this.server.request('GET', `/${db}`)).json as { update_seq: unknown }).update_seq)
  }
}

export interface AgentRun { agent: Agent; lines: string[] }

/** An agent on the test server as its admin; `killAt` makes the fault hook kill it once there. */
export function agentOn(server: CouchTestServer, o: Partial<AgentOptions> & { killAt?: AgentFaultPoint; killWhen?: (lines: string[]) => boolean } = {}): AgentRun {
  const lines: string[] = []
  const { killAt, killWhen, ...rest } = o
  const agent = new Agent({
    url: server.url, auth: server.admin, log: (l) => lines.push(l), batchSize: 50,
    ...(killAt ? { fault: (p) => { if (p === killAt && (!killWhen || killWhen(lines))) throw new Error(`kill at ${p}`) } } : {}),
    ...rest,
  })
  return { agent, lines }
}

/** Runs an agent that gets killed at `point`; asserts it was. */
export async function runUntilKilled(run: AgentRun): Promise<void> {
  const err = await run.agent.runOnce().then(() => null, (e: unknown) => e)
  if (!run.agent.killedAt) throw new Error(`agent was not killed (${String(err)})`)
}
