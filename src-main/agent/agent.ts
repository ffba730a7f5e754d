import { HybridClock } from '../core/hlc'
import type { ChangeRow } from '../sync/pouch'
import { ChildIndex, ClaimIndex, CLAIM_TYPE, isClaimDoc, roundKey } from './claim-index'
import { ClaimJudge } from './claims'
import { AgentKilled, type AgentCtx, type AgentFaultPoint } from './context'
import { Couch, CouchError, type ChangesPage, type CouchAuth } from './couch'
import { NumberAllocator, wantsNumber } from './numbers'
import { fanOut } from './fanout'
import { handOver } from './handover'
import { relocate } from './relocate'
import { isOrgDocId, syncRoles } from './roles'
import { productionTopology, type AgentTopology } from './topology'
import { AGENT_NODE } from './versions'

export const CHECKPOINT = 'laibang-agent'

export interface AgentOptions {
  url: string
  auth: CouchAuth | null
  topology?: AgentTopology
  log?: (line: string) => void
  now?: () => number
  batchSize?: number
  /** Long-poll timeout of the changes feeds. */
  longPollMs?: number
  /** How often `_all_dbs` is read again for new user databases. */
  rescanMs?: number
  maxBackoffMs?: number
  fault?: (point: AgentFaultPoint) => void | Promise<void>
}

interface Followed { db: string; since: string | number; loop: Promise<void> | null }

/**
 * The server agent (docs/SYNC.md, "Server agent"): follows the changes feed of every LaiBang
 * database and applies the rules that span documents — 公海 claims, misplaced documents,
 * official numbers. Feeds are read concurrently, batches are decided one at a time (one
 * decider). Per database, the checkpoint (`_local/laibang-agent`) is written only after the
 * batch's decisions, and every decision is derived from documents, so a restart from an older
 * checkpoint re-derives the same state and writes nothing twice.
 */
export class Agent {
  private readonly couch: Couch
  private readonly topology: AgentTopology
  private readonly ctx: AgentCtx
  private readonly claims = new ClaimIndex()
  private readonly children = new ChildIndex()
  private readonly judge: ClaimJudge
  private readonly numbers: NumberAllocator
  private readonly followed = new Map<string, Followed>()
  private queue: Promise<unknown> = Promise.resolve()
  private running = false
  private killed: AgentKilled | null = null
  private polls = new AbortController()
  private rescanTimer: NodeJS.Timeout | null = null
  private readonly sleepers = new Set<() => void>()
  /** The `_users` roles may lag the org data (start, or an org change seen): recompute them. */
  private rolesDirty = true

  constructor(private readonly o: AgentOptions) {
    this.couch = new Couch(o.url, o.auth, Math.max(60_000, (o.longPollMs ?? 25_000) + 30_000))
    this.topology = o.topology ?? productionTopology
    const now = o.now ?? Date.now
    const fault = o.fault
    this.ctx = {
      couch: this.couch, topology: this.topology, clock: new HybridClock(AGENT_NODE, now), now,
      log: o.log ?? ((line) => console.log(`${new Date(now()).toISOString()} ${line}`)),
      fault: fault ? async (p) => { try { await fault(p) } catch { throw this.kill(p) } } : undefined,
    }
    this.judge = new ClaimJudge(this.ctx, this.claims, this.children)
    this.numbers = new NumberAllocator(this.ctx)
  }

  /** Databases followed now. */
  databases(): string[] { return [...this.followed.keys()].sort() }

  /** Set when a fault hook killed the agent. */
  get killedAt(): string | null { return this.killed?.point ?? null }

  /** Reads the databases and indexes the claims and hidden children (once per database). */
  async discover(): Promise<void> {
    const names = this.topology.fixed ?? (await this.couch.allDbs()).filter((d) => this.topology.follows(d))
    for (const db of names) {
      if (this.followed.has(db)) continue
      const cp = await this.couch.getLocal<{ seq?: string | number; waitingNumbers?: unknown }>(db, CHECKPOINT)
      this.numbers.loadWaiting(db, cp?.waitingNumbers)
      for await (const d of this.couch.byPrefix(db, `${CLAIM_TYPE}:`)) if (isClaimDoc(d)) this.claims.put(db, d)
      if (db === this.topology.hiddenDb) for await (const d of this.couch.byPrefix(db, '')) this.children.put(d)
      const f: Followed = { db, since: cp?.seq ?? 0, loop: null }
      this.followed.set(db, f)
      if (this.running) f.loop = this.follow(f)
    }
  }

  /**
   * Catches up every database once and returns (tests, cron). Repeats while a pass saw changes,
   * since decisions write into other databases.
   */
  async runOnce(maxPasses = 10): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      this.throwIfKilled()
      await this.discover()
      await this.exclusive(() => this.keepRoles())
      let seen = 0
      for (const f of [...this.followed.values()]) {
        for (;;) {
          const page = await this.couch.changes(f.db, f.since, { limit: this.o.batchSize ?? 200 })
          if (page.results.length === 0) break
          seen += page.results.length
          await this.exclusive(() => this.process(f, page))
        }
      }
      if (seen === 0) return
    }
  }

  /** Follows every database live until stop(); rescans `_all_dbs` for new user databases. */
  async start(): Promise<void> {
    this.running = true
    this.polls = new AbortController()
    await this.retrying('discover', () => this.discover())
    await this.retrying('roles', () => this.exclusive(() => this.keepRoles()))
    for (const f of this.followed.values()) f.loop ??= this.follow(f)
    if (!this.topology.fixed) {
      this.rescanTimer = setInterval(() => { this.discover().catch((err: unknown) => this.ctx.log(`rescan failed: ${describe(err)}`)) }, this.o.rescanMs ?? 30_000)
    }
    this.ctx.log(`agent following ${this.followed.size} databases on ${this.o.url}`)
  }

  /** Stops the feeds; a batch being decided finishes first (its checkpoint included). */
  async stop(): Promise<void> {
    this.running = false
    if (this.rescanTimer) clearInterval(this.rescanTimer)
    this.rescanTimer = null
    this.polls.abort()
    for (const wake of this.sleepers) wake()
    await Promise.all([...this.followed.values()].map((f) => f.loop))
    for (const f of this.followed.values()) f.loop = null
    await this.queue.catch(() => undefined)
  }

  private async follow(f: Followed): Promise<void> {
    let backoff = 0
    while (this.running && !this.killed) {
      try {
        const page = await this.couch.changes(f.db, f.since, { limit: this.o.batchSize ?? 200, timeoutMs: this.o.longPollMs ?? 25_000, signal: this.polls.signal })
        if (page.results.length) await this.exclusive(() => this.process(f, page))
        else f.since = page.last_seq
        backoff = 0
      } catch (err) {
        if (!this.running || this.killed) return
        if (err instanceof CouchError && err.status === 404) { this.followed.delete(f.db); this.ctx.log(`database ${f.db} is gone; no longer followed`); return }
        backoff = Math.min(backoff ? backoff * 2 : 500, this.o.maxBackoffMs ?? 30_000)
        this.ctx.log(`feed ${f.db} failed (${describe(err)}); retrying in ${backoff} ms`)
        await this.sleep(backoff)
      }
    }
  }

  /** One batch of one database: indexes, then rules 1–3, then the checkpoint. */
  private async process(f: Followed, page: ChangesPage): Promise<void> {
    this.throwIfKilled()
    const rows = page.results.filter((r) => !r.id.startsWith('_'))
    const rounds = new Map<string, { customerId: string; round: number; hlc: string }>()
    for (const r of rows) {
      this.index(f.db, r)
      if (isClaimDoc(r.doc)) {
        const k = roundKey(r.doc.customerId, r.doc.round)
        const prev = rounds.get(k)
        if (!prev || r.doc.claimHlc < prev.hlc) rounds.set(k, { customerId: r.doc.customerId, round: r.doc.round, hlc: r.doc.claimHlc })
      }
    }
    // Earliest claims first, so a cap goes to the claims made first.
    for (const r of [...rounds.values()].sort((a, b) => (a.hlc < b.hlc ? -1 : 1))) await this.judge.settle(r.customerId, r.round)
    for (const r of rows) if (r.doc && wantsNumber(r.doc)) await this.numbers.assign(f.db, r.doc)
    await this.numbers.settleWaiting(f.db, rows.map((r) => r.id))
    if (this.topology.relocates) {
      for (const r of rows) {
        if (!r.doc || r.deleted) continue
        await relocate(this.ctx, f.db, r.doc)
        await handOver(this.ctx, f.db, r.doc)
        await fanOut(this.ctx, f.db, r.doc)
      }
    }
    if (f.db === this.topology.companyDb && rows.some((r) => isOrgDocId(r.id))) this.rolesDirty = true
    await this.keepRoles()
    await this.ctx.fault?.('batch.beforeCheckpoint')
    await this.couch.putLocal(f.db, CHECKPOINT, { seq: page.last_seq, waitingNumbers: this.numbers.waitingOf(f.db) })
    f.since = page.last_seq
  }

  /**
   * Rule 4: server roles follow the org (agent/roles.ts). Runs before the checkpoint, and at
   * every start, so a crash between an org change and the roles update is repaired.
   */
  private async keepRoles(): Promise<void> {
    if (!this.rolesDirty || !this.topology.relocates) return
    await syncRoles(this.ctx)
    this.rolesDirty = false
  }

  private index(db: string, r: ChangeRow): void {
    const doc = r.deleted || r.doc?._deleted ? null : r.doc ?? null
    if (isClaimDoc(doc)) this.claims.put(db, doc)
    else if (r.id.startsWith(`${CLAIM_TYPE}:`)) this.claims.remove(db, r.id)
    if (db === this.topology.hiddenDb) {
      if (doc) this.children.put(doc)
      else this.children.remove(r.id)
    }
  }

  /** One decider: batches of all databases run one after another. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async retrying(what: string, fn: () => Promise<void>): Promise<void> {
    let backoff = 500
    for (;;) {
      try { await fn(); return } catch (err) {
        if (!this.running) return
        this.ctx.log(`${what} failed (${describe(err)}); retrying in ${backoff} ms`)
        await this.sleep(backoff)
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs ?? 30_000)
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => { clearTimeout(t); this.sleepers.delete(done); resolve() }
      const t = setTimeout(done, ms)
      this.sleepers.add(done)
    })
  }

  private kill(point: string): AgentKilled {
    this.killed ??= new AgentKilled(point)
    this.running = false
    this.polls.abort()
    for (const wake of this.sleepers) wake()
    return this.killed
  }

  private throwIfKilled(): void { if (this.killed) throw this.killed }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
