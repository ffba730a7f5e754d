import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { nativeBindingOf, type Sqlite } from '../core/db'

/**
 * A projector batch for the worker (projector.ts): documents new to this device, as one JSON
 * array, with the checkpoint and clock the transaction saves. `restoreIndexes`: the sync is
 * nearly done; once the batch is committed, recreate the indexes the bulk load set aside (except
 * those of the derived data the worker still builds), while the main thread brings the rest.
 * `failAfter` (tests): throw after that many rows, inside the transaction, as a crash would stop it.
 */
export interface ProjectRequest { docs: string; lastSeq: number | string; hlc: string; backlog: number; now: number; failAfter?: number; restoreIndexes?: boolean }
/** `fresh: false`: a document already had a row; nothing was written (the main thread projects the batch). */
export type ProjectResult = { ok: true; tables: string[] } | { ok: false; fresh: false }
export type ToBulkWorker = { type: 'work'; builds: { index: string; upTo: number }[] } | ({ type: 'project' } & ProjectRequest) | { type: 'close' }
export type FromBulkWorker =
  | { type: 'ready'; indexes: string[]; docTypes: string[] }
  | { type: 'projected'; result: ProjectResult; ms: number; restored: string[]; restoreError?: string }
  | { type: 'projectFailed'; message: string }
  | { type: 'done'; rows: number; more: boolean; ms: number; buildMs: number; checkpoint: { busy: number; log: number; checkpointed: number } }
  | { type: 'failed'; message: string }

/**
 * Where the worker's code is. The Electron entry sets `path` (electron-vite bundles bulk.worker.ts
 * as its own entry, `?modulePath`, index.ts); elsewhere (tests, bench, the headless host under
 * tsx) the TypeScript source runs with tsx registered in the worker.
 */
export const bulkWorkerEntry: { path: string | null } = { path: null }

/**
 * The sync's bulk worker, main-thread side. While the projector is far behind (store.ts, bulk
 * mode), two kinds of SQLite work leave the main thread, which is busy replicating:
 * - the deferred search build: after each batch commits, the worker builds the entries of the
 *   rows it wrote (BatchIndex `defer.build`) and moves the saved mark, so the batch that
 *   catches up builds only the rest instead of every row of the initial sync;
 * - WAL checkpoints: the main connection's automatic checkpoint (copying pages into the database
 *   file and syncing it, inside a commit) is off while the worker runs them.
 * The worker writes on its own connection; the projector waits for it (`idle`) before each of
 * its transactions, and every app transaction begins IMMEDIATE (core/db.ts), so the two never
 * meet mid-transaction. Crash-safe like the rest: each build chunk commits with its mark. If the
 * worker cannot start or fails, everything is done on the main thread as before.
 */
export class BulkWorker {
  private readonly worker: Worker | null
  private state: 'starting' | 'ready' | 'closed' = 'starting'
  private indexes = new Set<string>()
  private docTypes = new Set<string>()
  private inFlight = false
  /** The projection batch in flight (one at a time: the projector awaits each). */
  private projection: { resolve(r: ProjectResult): void; reject(err: Error): void } | null = null
  private wanted: Map<string, number> | null = null
  /** The builds of the run in flight (asked again, chunk by chunk, while the worker says there is more). */
  private asked = new Map<string, number>()
  private idleWaiters: (() => void)[] = []
  private startWaiters: (() => void)[] = []
  private readonly normalAuto: number
  /** What the worker did (tests, bench). */
  readonly stats = { runs: 0, rows: 0, ms: 0, buildMs: 0, checkpointedFrames: 0, projected: 0, projectMs: 0, readyMs: 0, restoredTables: [] as string[], failed: null as string | null }
  private readonly startedAt = performance.now()

  constructor(private readonly sqlite: Sqlite, private readonly log?: { warn(msg: string, err?: unknown): void }, nice = 0) {
    this.normalAuto = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number
    let worker: Worker | null = null
    try {
      worker = spawn({ file: sqlite.name, nativeBinding: nativeBindingOf(sqlite), nice })
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)))
    }
    this.worker = worker
    if (!worker) return
    worker.unref()
    worker.on('message', (m: FromBulkWorker) => this.received(m))
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', () => this.fail(new Error('the bulk worker exited')))
  }

  /** The thread is still loading (it is asked for as a large pull begins; ready ~0.1–0.2 s later). */
  get starting(): boolean { return this.state === 'starting' }

  /**
   * Resolves once the worker runs, has failed to start, or after `timeoutMs` (a thread held at its
   * first line, e.g. by `--inspect-brk`, must not hold the projector: it then projects here).
   */
  started(timeoutMs = 2000): Promise<void> {
    if (this.state !== 'starting') return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      this.startWaiters.push(() => { clearTimeout(timer); resolve() })
    })
  }

  /** Whether the worker builds this deferred index (false until it has started). */
  builds(index: string): boolean { return this.state === 'ready' && this.indexes.has(index) }

  /** Whether the worker can project documents of all these types (false until it has started). */
  projects(docTypes: Iterable<string>): boolean {
    if (this.state !== 'ready' || this.projection) return false
    for (const t of docTypes) if (!this.docTypes.has(t)) return false
    return true
  }

  /**
   * Projects a batch of new documents on the worker's connection, in one transaction with its
   * checkpoint (bulk.worker.ts). Rejects with the transaction's error (nothing written), or with
   * "the bulk worker stopped" if the thread is gone (the caller then projects on this thread).
   */
  project(req: ProjectRequest): Promise<ProjectResult> {
    if (this.state !== 'ready' || this.projection) return Promise.reject(new BulkWorkerStopped())
    return new Promise<ProjectResult>((resolve, reject) => {
      this.projection = { resolve, reject }
      this.post({ type: 'project', ...req })
    })
  }

  /** After a bulk commit: build these indexes up to these rowids (chunk by chunk), then checkpoint. Coalesced while one run is going. */
  request(builds: Map<string, number>): void {
    if (this.state !== 'ready') return
    if (this.inFlight) { this.want(builds); return }
    this.inFlight = true
    this.asked = new Map([...builds].filter(([k]) => this.indexes.has(k)))
    this.post({ type: 'work', builds: [...this.asked].map(([index, upTo]) => ({ index, upTo })) })
  }

  /** Resolves when the worker has nothing running or wanted. */
  idle(): Promise<void> {
    if (!this.inFlight && !this.projection) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops the worker (after `idle`); the main connection checkpoints by itself again. */
  close(): void {
    if (this.state === 'closed') return
    this.restore()
    this.post({ type: 'close' })
  }

  /** Builds to ask for once the run in flight is done (the highest rowid per index). */
  private want(builds: Map<string, number>): void {
    this.wanted ??= new Map()
    for (const [k, v] of builds) this.wanted.set(k, Math.max(v, this.wanted.get(k) ?? 0))
  }

  private post(m: ToBulkWorker): void { this.worker?.postMessage(m) }

  private received(m: FromBulkWorker): void {
    if (this.state === 'closed') return
    if (m.type === 'ready') {
      // The app closed the database meanwhile (quitting): nothing for the thread to do.
      if (!this.sqlite.open) { this.fail(new Error('the database was closed before the bulk worker started')); return }
      this.state = 'ready'
      this.stats.readyMs = performance.now() - this.startedAt
      this.indexes = new Set(m.indexes)
      this.docTypes = new Set(m.docTypes)
      this.sqlite.pragma('wal_autocheckpoint = 0')
      for (const w of this.startWaiters.splice(0)) w()
      return
    }
    if (m.type === 'failed') { this.fail(new Error(m.message)); return }
    if (m.type === 'projected' || m.type === 'projectFailed') {
      const p = this.projection
      this.projection = null
      if (m.type === 'projected') {
        if (m.result.ok) this.stats.projected++
        this.stats.projectMs += m.ms
        this.stats.restoredTables.push(...m.restored)
        if (m.restoreError) this.log?.warn('sync: the bulk worker could not rebuild the set-aside indexes; the last batch will', new Error(m.restoreError))
        p?.resolve(m.result)
      } else p?.reject(new Error(m.message))
      if (!this.inFlight) this.settleIdle()
      return
    }
    this.stats.runs++
    this.stats.rows += m.rows
    this.stats.ms += m.ms
    this.stats.buildMs += m.buildMs
    this.stats.checkpointedFrames += Math.max(0, m.checkpoint.checkpointed)
    this.inFlight = false
    // One chunk per message (bulk.worker.ts): the next one is asked for when this thread runs again.
    if (m.more) this.want(this.asked)
    const next = this.wanted
    this.wanted = null
    if (next) this.request(next)
    else if (!this.projection) this.settleIdle()
  }

  private fail(err: Error): void {
    if (this.state === 'closed') return
    this.stats.failed = err.message
    this.log?.warn('sync: the bulk worker stopped; the main thread builds and checkpoints again', err)
    this.restore()
    void this.worker?.terminate()
  }

  private restore(): void {
    const wasReady = this.state === 'ready'
    this.state = 'closed'
    this.inFlight = false
    this.wanted = null
    const p = this.projection
    this.projection = null
    p?.reject(new BulkWorkerStopped())
    if (wasReady && this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${this.normalAuto}`)
    for (const w of this.startWaiters.splice(0)) w()
    this.settleIdle()
  }

  private settleIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w()
  }
}

/** The worker is gone (failed, closed or never started): the batch is projected on the main thread. */
export class BulkWorkerStopped extends Error {
  constructor() { super('the bulk worker stopped') }
}

function spawn(workerData: Record<string, unknown>): Worker {
  if (bulkWorkerEntry.path) {
    // Options given explicitly are checked (V8 and per-process ones are refused): given only when
    // a module hook was left out, and none at all if the rest is refused.
    const execArgv = workerExecArgv(process.execArgv)
    if (!execArgv) return new Worker(bulkWorkerEntry.path, { workerData })
    try {
      return new Worker(bulkWorkerEntry.path, { workerData, execArgv })
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err
      return new Worker(bulkWorkerEntry.path, { workerData, execArgv: [] })
    }
  }
  // A worker does not inherit tsx's ESM hooks under Node 20: its CommonJS hook is registered in the thread itself.
  const file = fileURLToPath(new URL('./bulk.worker.ts', import.meta.url))
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api')
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)})`, { eval: true, workerData })
}

/**
 * The Node options to give a worker that runs a built JavaScript file: the parent's without those
 * that load module hooks (`--import`, `--require`, `--loader`: a TypeScript loader such as tsx, when
 * the host or a benchmark runs the sources), which a worker inherits by default and which would run
 * at its start and intercept every module it requires (measured: the bundled worker ready after
 * ~120 ms of CPU without tsx's hooks, ~320 ms with them); the other options are kept (`spawn` drops
 * them all if a worker refuses one). Undefined when there is no hook to leave out: the worker then
 * inherits the options, unchecked, as a plain Worker does.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] | undefined {
  const hooks = /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/
  const rest: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const m = hooks.exec(execArgv[i]!)
    if (!m) { rest.push(execArgv[i]!); continue }
    if (m[2] === '') i++ // the value is the next argument
  }
  return rest.length === execArgv.length ? undefined : rest
}
