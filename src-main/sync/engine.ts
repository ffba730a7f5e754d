import { mkdirSync } from 'node:fs'
import type { EventBus } from '../core/events'
import type { HybridClock } from '../core/hlc'
import type { LogPort } from '../platform/ports'
import { AppError } from '../core/errors'
import { isSyncDoc, parseDocId, type WriterMeta } from './doc'
import { discardRejected } from './discard'
import { tableMaps, type EngineCtx, type FaultHook } from './context'
import { leveldown, pouchDb, remoteDbUrl, type ChangesFeed, type Pouch, type PouchDoc, type SyncHandle } from './pouch'
import { projectOnce } from './projector'
import { LevelStore, WriteTap } from './tap'
import { pumpOnce, RETRY_MARK } from './pump'
import { classifyError, singleDatabase, type RemoteConfig, type SyncTopology } from './remote'
import { noteDatabases, pendingRefetch, refetchReturning } from './refetch'
import { dropOutside, purgeRow } from './purge'
import { sameDatabases } from './route'
import type { OutboxRow, SyncStore } from './store'

export type SyncState = 'disabled' | 'offline' | 'syncing' | 'idle' | 'error' | 'paused'

/** local_meta: the databases the last purge sweep kept (setTopology). */
const DATABASES_KEY = 'sync.databases'
/** local_meta: when this device last completed a sync with the server (ms). */
const LAST_SYNC_KEY = 'sync.lastSyncAt'

export interface EngineStatus {
  state: SyncState
  /** Local changes not yet on the server: outbox rows waiting plus documents not acknowledged. */
  pending: number
  lastSyncAt: number | null
  progress: number | null
  /** Initial sync: documents held here against documents on the server (also while paused). */
  progressDocs?: { received: number; total: number }
  messageKey?: string
  rejected: number
  conflicts: number
}

export interface SyncEngineDeps {
  store: SyncStore
  clock: HybridClock
  bus: EventBus
  now: () => number
  log: LogPort
  /** Folder of the local PouchDB (leveldb), `<dataDir>/profiles/<p>/pouch`. */
  pouchDir: string
  writer: WriterMeta
  fault?: FaultHook
  batchSize?: number
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number
}

/**
 * The sync engine: outbox pump → local PouchDB ⇄ CouchDB → projector → SQLite. Pump, projector
 * and conflict resolution run one at a time on a queue; replication runs beside them (live) or
 * on demand (`syncOnce`). Nothing here imports Electron.
 */
export class SyncEngine {
  private pouch: Pouch | null = null
  /** Replicated writes of `pouch` for the projector (tap.ts). */
  private tap: WriteTap | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private kickTimer: NodeJS.Timeout | null = null
  private draining: Promise<void> | null = null
  private again = false
  private live: { handles: SyncHandle[]; feed: ChangesFeed | null; unsubscribe: () => void } | null = null
  private remote: RemoteConfig | null = null
  private topology: SyncTopology = singleDatabase('laibang')
  private state: SyncState = 'disabled'
  private messageKey: string | undefined
  private lastSyncAt: number | null = null
  private progress: { read: number; total: number } | null = null
  private active = new Set<SyncHandle>()
  private lastEmit = 0
  private emitTimer: NodeJS.Timeout | null = null
  private userPaused = false
  private stopped = false
  private emittingData = false
  private probeSeq = 0
  /** A catch-up pull (runLive) is running: its remaining documents count as projector backlog. */
  private pulling = false

  constructor(private readonly d: SyncEngineDeps) {
    // The last successful sync survives a restart (shown in the header and the settings page).
    const last = Number(d.store.meta(LAST_SYNC_KEY))
    this.lastSyncAt = Number.isFinite(last) && last > 0 ? last : null
    d.store.log ??= d.log
  }

  /**
   * Records the sync time: shown at once, saved at once unless the bulk worker is writing — then
   * once it is idle. This thread would otherwise wait for the worker's lock asleep in SQLite's
   * busy handler, its event loop stopped (measured at the end of a 10k initial sync: one such
   * write held the main thread ~36 ms while the last batches were due).
   */
  private markSynced(): void {
    const at = this.d.now()
    this.lastSyncAt = at
    const save = () => { if (this.lastSyncAt === at) this.d.store.setMeta(LAST_SYNC_KEY, String(at), at) }
    if (!this.d.store.bulkWorker) { save(); return }
    this.d.store.bulkIdle().then(save).catch((err: unknown) => this.d.log.warn('sync: could not save the last sync time', err))
  }

  /** The local PouchDB, opened on first use. */
  local(): Pouch {
    if (!this.pouch) {
      mkdirSync(this.d.pouchDir, { recursive: true })
      const P = pouchDb()
      // Its leveldown kept at hand: the tap reads revision trees in bulk (tap.ts LevelStore).
      const store = new LevelStore()
      const level = leveldown()
      this.pouch = level ? new P(this.d.pouchDir, { db: store.factory(level) }) : new P(this.d.pouchDir)
      this.tap = new WriteTap(undefined, level ? store : undefined)
      if (!this.tap.install(this.pouch)) this.tap = null
    }
    return this.pouch
  }

  private ctx(): EngineCtx {
    const t = this.topology
    return {
      store: this.d.store, pouch: this.local(), clock: this.d.clock, writer: this.d.writer, now: this.d.now, log: this.d.log, fault: this.d.fault, ...tableMaps(),
      keeps: (doc) => { const db = t.route(doc); return db === null || t.databases.includes(db) },
      routeOf: (doc) => t.route(doc),
      ...(this.tap ? { tap: this.tap } : {}),
      incoming: () => (this.pulling && this.progress ? Math.max(0, this.progress.total - this.progress.read) : 0),
    }
  }

  /** Databases back in the set after a purge: their documents are fetched again (refetch.ts). */
  private async refetch(): Promise<void> {
    if (!pendingRefetch(this.d.store).length) return
    const n = await this.exclusive(() => refetchReturning(this.ctx(), (db) => this.remoteDb(db), this.topology.databases))
    if (n) this.kick(0)
  }

  /** Runs pump/projector work one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => undefined)
    return run
  }

  pump(): Promise<number> { return this.exclusive(() => pumpOnce(this.ctx(), this.d.batchSize)) }

  project(): Promise<number> {
    return this.exclusive(async () => {
      const c = this.ctx()
      const r = await projectOnce(c, this.d.batchSize)
      if (r.tables.length) this.dataChanged(r.tables)
      // Purged records: drop their old revisions' bodies from the local PouchDB as well.
      if (r.purged) await c.pouch.compact().catch((err: unknown) => this.d.log.warn('sync: compaction failed', err))
      return r.count
    })
  }

  /** Pumps and projects until both have nothing left (bounded). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds && !this.stopped; i++) {
      const pumped = await this.pump()
      const projected = await this.project()
      if (pumped === 0 && projected === 0) break
    }
    this.emitStatus()
  }

  /** Schedules a drain soon (coalescing bursts of writes). */
  kick(delayMs = 20): void {
    if (this.stopped) return
    if (this.draining) { this.again = true; return }
    if (this.kickTimer) return
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null
      this.draining = (async () => {
        do {
          this.again = false
          try {
            await this.drain()
          } catch (err) {
            if (this.stopped) return
            this.d.log.error('sync: local drain failed', err)
            this.setState('error', 'errors.syncFailed')
          }
        } while (this.again && !this.stopped)
      })().finally(() => { this.draining = null })
    }, delayMs)
  }

  /** Waits until scheduled local work is done (tests, shutdown). */
  async settled(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs
    while ((this.kickTimer || this.draining) && Date.now() < until) await (this.draining ?? new Promise((r) => setTimeout(r, 10)))
    await this.queue
  }

  private dataChanged(tables: string[]): void {
    this.emittingData = true
    try { this.d.bus.emit('data.changed', { tables }) } finally { this.emittingData = false }
  }

  /** The databases this device replicates and the router (see setTopology for a running engine). */
  topologyNow(): SyncTopology { return this.topology }

  /**
   * New databases or router (org data, role or scope changed): records now routed outside the
   * device's databases are purged locally, and live replication restarts on the new set.
   */
  async setTopology(topology: SyncTopology): Promise<void> {
    const before = this.topology.databases
    this.topology = topology
    // Not syncing: nothing to purge or restart (and the local PouchDB stays closed).
    if (!this.remote || this.stopped) return
    const swept = JSON.parse(this.d.store.meta(DATABASES_KEY) ?? '[]') as string[]
    if (!sameDatabases(swept, topology.databases)) {
      // Also after a restart: the set this device last swept for is remembered.
      const keep = new Set(topology.databases)
      const dropped = await this.exclusive(() => dropOutside(this.ctx(), keep))
      noteDatabases(this.d.store, swept, topology.databases, this.d.now())
      this.d.store.setMeta(DATABASES_KEY, JSON.stringify(topology.databases), this.d.now())
      if (dropped) this.kick(0)
    }
    if (sameDatabases(before, topology.databases)) return
    if (this.live && !this.userPaused) await this.startLive()
  }

  configure(remote: RemoteConfig | null, topology?: SyncTopology): void {
    this.remote = remote
    this.remotes.clear()
    if (topology) this.topology = topology
    if (!remote) this.setState('disabled')
  }

  private remotes = new Map<string, Pouch>()
  private restartTimer: NodeJS.Timeout | null = null

  /** One HTTP PouchDB per remote database and configuration (reused by probes and replication). */
  private remoteDb(name: string): Pouch {
    let db = this.remotes.get(name)
    if (!db) {
      const P = pouchDb()
      const r = this.remote!
      db = new P(remoteDbUrl(r.serverUrl, name), { auth: r.username ? { username: r.username, password: r.password } : undefined, skip_setup: true })
      this.remotes.set(name, db)
    }
    return db
  }

  /** Live replication that stopped on an error is started again after a pause. */
  private scheduleRestart(): void {
    if (!this.live || this.stopped || this.userPaused || this.restartTimer) return
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      if (this.live && !this.stopped && !this.userPaused) this.startLive().catch((err: unknown) => this.failed(err))
    }, Math.min(this.d.maxBackoffMs ?? 60_000, 10_000))
  }

  private options(db: string, live: boolean) {
    const max = this.d.maxBackoffMs ?? 60_000
    return {
      live, retry: live, batch_size: this.d.batchSize ?? 500, batches_limit: 4,
      back_off_function: (delay: number) => (delay === 0 ? Math.min(1000, max) : Math.min(delay * 2, max)),
      push: { filter: (doc: PouchDoc) => this.topology.route(doc) === db },
    }
  }

  /** Wires a replication handle's events to acks, rejections and status. */
  private watch(h: SyncHandle, db: string, oneWay?: 'push' | 'pull'): SyncHandle {
    h.on('change', (info) => {
      const direction = oneWay ?? info.direction
      const docs = (oneWay ? info.docs : info.change?.docs) ?? []
      if (direction === 'push' && docs.length) this.acked(docs)
      if (direction === 'pull' && this.progress) this.progress.read += docs.length
      // One-shot rounds drain themselves afterwards. During a catch-up pull each event is one
      // replicated write of a whole batch: projected at once (the tap holds exactly it), no
      // coalescing wait; a write landing meanwhile sets `again`.
      if (this.live) this.kick(this.pulling && direction === 'pull' ? 0 : undefined)
      this.emitStatus()
    })
    h.on('denied', (info) => this.denied(info))

    h.on('active', () => { this.active.add(h); this.setState('syncing') })
    h.on('paused', (err) => {
      this.active.delete(h)
      if (err) this.failed(err)
      else if (this.active.size === 0) void this.probe(db)
    })
    h.on('error', (err) => { this.active.delete(h); this.failed(err); this.scheduleRestart() })
    const sub = h as SyncHandle & { push?: { on(e: string, f: (err: unknown) => void): void }; pull?: { on(e: string, f: (err: unknown) => void): void } }
    for (const side of [sub.push, sub.pull]) side?.on('requestError', (err) => this.failed(err))
    return h
  }

  private failed(err: unknown): void {
    const key = classifyError(err)
    this.setState(key === 'errors.syncUnreachable' ? 'offline' : 'error', key)
  }

  /** After replication pauses: up to date if the server answers, otherwise offline/error. */
  private async probe(db: string): Promise<void> {
    const seq = ++this.probeSeq
    try {
      await this.remoteDb(db).info()
      if (seq !== this.probeSeq || this.userPaused || this.stopped) return
      this.markSynced()
      this.progress = null
      this.setState('idle')
    } catch (err) {
      if (seq === this.probeSeq && !this.userPaused && !this.stopped) this.failed(err)
    }
  }

  private acked(docs: PouchDoc[]): void {
    if (this.stopped) return
    this.d.store.tx(() => { for (const d of docs) if (isSyncDoc(d)) this.d.store.ack(d._id, d.lb.hlc) })
  }

  /** The server refused a document: its unacknowledged outbox rows become 'rejected', with the reason. */
  private denied(info: unknown): void {
    const doc = ((info as { doc?: unknown })?.doc ?? info) as { id?: string; error?: string; reason?: string; message?: string }
    const parsed = doc.id ? parseDocId(doc.id) : null
    if (!parsed || this.stopped) return
    const reason = `${doc.error ?? 'forbidden'}: ${doc.reason ?? doc.message ?? ''}`.slice(0, 500)
    void this.exclusive(async () => {
      const cur = await this.local().get(doc.id!).catch(() => null)
      const hlc = isSyncDoc(cur) ? cur.lb.hlc : '\uffff'
      this.d.store.tx(() => {
        this.d.store.rejectUnacked(parsed.recordId, hlc, reason)
        this.d.store.clearDirty(doc.id!)
      })
      this.emitStatus()
    }).catch((err: unknown) => this.d.log.error('sync: recording a rejection failed', err))
  }

  /**
   * Live sync with every remote database, plus the local triggers (writes, pulls). It first
   * catches up one way at a time (pull, then push) — an initial sync or a long absence would
   * otherwise make the live push re-examine every document the pull just brought — and then
   * switches to live bidirectional replication. Returns at once; the catch-up runs behind.
   */
  async startLive(): Promise<void> {
    await this.stopLive()
    if (!this.remote || this.stopped) return
    this.userPaused = false
    const unsubscribe = this.d.bus.subscribe((name) => { if (name === 'data.changed' && !this.emittingData) this.kick() })
    const live = { handles: [] as SyncHandle[], feed: null as ChangesFeed | null, unsubscribe }
    this.live = live
    this.setState('syncing')
    this.kick(0)
    this.runLive(live).catch((err: unknown) => { this.failed(err); this.scheduleRestart() })
  }

  private async runLive(live: NonNullable<SyncEngine['live']>): Promise<void> {
    const current = () => this.live === live && !this.stopped
    await this.startProgress()
    // A large catch-up: the bulk worker starts loading now, while the pull asks for its first documents.
    if (this.progress) this.d.store.startBulkWorker(this.progress.total - this.progress.read)
    await this.refetch()
    for (const db of this.topology.databases) {
      if (!current()) return
      const remote = this.remoteDb(db)
      const { push, ...opts } = this.options(db, false)
      const pull = this.watch(this.local().replicate.from(remote, opts), db, 'pull')
      live.handles.push(pull)
      this.pulling = true
      try {
        await pull
      } finally {
        // Also after a failed pull: the projector then finishes what the pull deferred (projector.ts).
        this.pulling = false
        // A worker started for this pull that no bulk batch took up (the pull failed early) is not kept.
        if (!this.d.store.catchingUp && !this.d.store.deferring()) this.d.store.stopBulkWorker()
        this.kick(0)
      }
      if (!current()) return
      await this.drain()
      const up = this.watch(this.local().replicate.to(remote, { ...opts, ...push }), db, 'push')
      live.handles.push(up)
      await up
    }
    if (!current()) return
    // Other local writes wake the projector from here on. Not during the catch-up: this feed
    // re-reads every document written, which doubled the local reads of an initial sync, and the
    // pull's own change events already kick; the kick covers anything written in between.
    const feed = this.local().changes({ since: 'now', live: true })
    feed.on('change', () => this.kick())
    feed.on('error', (err) => this.d.log.warn('sync: local changes feed failed', err))
    live.feed = feed
    this.kick(0)
    const handles = this.topology.databases.map((db) => this.watch(this.local().sync(this.remoteDb(db), this.options(db, true)), db))
    for (const h of handles) h.catch((err: unknown) => { this.failed(err); this.scheduleRestart() })
    live.handles.push(...handles)
  }

  async stopLive(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer)
    this.restartTimer = null
    const l = this.live
    this.live = null
    if (!l) return
    l.unsubscribe()
    l.feed?.cancel()
    for (const h of l.handles) h.cancel()
    this.active.clear()
    this.probeSeq++
  }

  /**
   * Initial sync progress: what the server holds against what this device already has. Counting
   * from the local documents (not from zero) makes a resumed initial sync continue where the
   * replication checkpoint left it instead of starting the bar again.
   */
  private async startProgress(): Promise<void> {
    let total = 0
    try {
      for (const db of this.topology.databases) total += (await this.remoteDb(db).info()).doc_count
      const mine = (await this.local().info()).doc_count
      this.progress = total > mine ? { read: mine, total } : null
    } catch {
      this.progress = null
    }
  }

  /**
   * One full round without live replication: pump, push then pull every database, project.
   * Push and pull run one after the other (a pull racing a push of the same document could
   * miss it on some servers until the next round).
   */
  async syncOnce(): Promise<void> {
    if (!this.remote) throw new Error('sync is not configured')
    await this.drain()
    // Pull first: the server's current versions (a reassignment, a move) must be known before
    // this device's edits are pushed, so those edits are re-based onto them (resolver.ts,
    // purge.ts) and the server judges them against what it holds now.
    // A database the server refuses (roles not updated yet) does not stop the others.
    let firstError: unknown = null
    await this.refetch().catch((err: unknown) => { firstError = err })
    const each = async (fn: (db: string) => PromiseLike<unknown>) => {
      for (const db of this.topology.databases) {
        try { await fn(db) } catch (err) { firstError ??= err; this.d.log.warn(`sync: ${db} failed`, err) }
      }
    }
    await each((db) => this.watch(this.local().replicate.from(this.remoteDb(db), { ...this.options(db, false), push: undefined }), db, 'pull'))
    await this.drain()
    await each(async (db) => {
      const remote = this.remoteDb(db)
      const { push, ...opts } = this.options(db, false)
      await this.watch(this.local().replicate.to(remote, { ...opts, ...push }), db, 'push')
      await this.watch(this.local().replicate.from(remote, opts), db, 'pull')
    })
    await this.drain()
    await this.queue
    if (firstError) { this.failed(firstError); throw firstError }
    this.markSynced()
    this.setState('idle')
  }

  /** Pushes rejected rows again: pending, rewritten as a new revision even if unchanged. */
  retry(seqs: number[]): void {
    this.d.store.setOutboxStatus(seqs, 'pending', RETRY_MARK, this.d.now())
    this.kick(0)
    this.emitStatus()
  }

  /** Gives up rejected changes: see discard.ts. Needs the server. */
  discard(rows: OutboxRow[]): Promise<number> {
    return this.exclusive(async () => {
      if (!this.remote) throw new AppError('CONFLICT', 'errors.syncNotConfigured')
      const c = this.ctx()
      const tables = await discardRejected({
        store: this.d.store, clock: this.d.clock, writer: this.d.writer, now: this.d.now, local: this.local(),
        purge: (tableName, recordId, docId) => { const def = c.byTable.get(tableName); if (def) purgeRow(c, def, recordId, docId) },
        remotesFor: (docId) => {
          // Where the record should be first, then every other database this device reads.
          const home = this.topology.route({ _id: docId })
          const dbs = this.topology.databases
          return [...(home && dbs.includes(home) ? [home] : []), ...dbs.filter((d) => d !== home)].map((d) => this.remoteDb(d))
        },
      }, rows)
      if (tables.length) this.dataChanged(tables)
      this.emitStatus()
      return rows.length
    })
  }

  async pause(): Promise<void> {
    this.userPaused = true
    await this.stopLive()
    this.setState('paused')
  }

  async resume(): Promise<void> {
    this.userPaused = false
    if (this.remote) await this.startLive()
  }

  isLive(): boolean { return this.live !== null }

  private setState(state: SyncState, messageKey?: string): void {
    if (this.userPaused && state !== 'paused') return
    if (!this.remote && state !== 'disabled') return
    const changed = state !== this.state || messageKey !== this.messageKey
    this.state = state
    this.messageKey = messageKey
    if (changed) this.emitStatus(true)
  }

  status(): EngineStatus {
    const c = this.d.store.counts()
    const p = (this.state === 'syncing' || this.state === 'paused') && this.progress && this.progress.total > 0 ? this.progress : null
    const progress = p && this.state === 'syncing' ? Math.min(0.99, p.read / p.total) : null
    return {
      state: this.state, pending: c.pending + c.unacked, lastSyncAt: this.lastSyncAt, progress, rejected: c.rejected, conflicts: c.conflicts,
      ...(p ? { progressDocs: { received: Math.min(p.read, p.total), total: p.total } } : {}),
      ...(this.messageKey ? { messageKey: this.messageKey } : {}),
    }
  }

  /** 'sync.status' on the bus: at once on a state change, otherwise at most every 250 ms. */
  emitStatus(now = false): void {
    if (this.stopped) return
    const send = () => {
      this.emitTimer = null
      this.lastEmit = Date.now()
      if (this.stopped) return
      const s = this.status()
      this.d.bus.emit('sync.status', {
        state: s.state, pending: s.pending, lastSyncAt: s.lastSyncAt, progress: s.progress, conflicts: s.conflicts, rejected: s.rejected,
        ...(s.progressDocs ? { progressDocs: s.progressDocs } : {}), ...(s.messageKey ? { messageKey: s.messageKey } : {}),
      })
    }
    if (now || Date.now() - this.lastEmit > 250) { if (this.emitTimer) clearTimeout(this.emitTimer); send(); return }
    this.emitTimer ??= setTimeout(send, 250)
  }

  /** Stops replication and timers, waits for the queue, closes PouchDB (releases its lock). */
  async stop(): Promise<void> {
    this.stopped = true
    await this.stopLive()
    if (this.kickTimer) clearTimeout(this.kickTimer)
    if (this.emitTimer) clearTimeout(this.emitTimer)
    await this.draining?.catch(() => undefined)
    await this.queue.catch(() => undefined)
    const p = this.pouch
    this.pouch = null
    this.tap = null
    await this.d.store.bulkIdle()
    this.d.store.stopBulkWorker()
    await p?.close()
  }
}
