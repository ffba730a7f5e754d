import type { Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createRequire } from 'node:module'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { pouchDb, type PouchStatic } from '../sync/pouch'

/**
 * A CouchDB-compatible server started in-process for tests and benchmarks: express-pouchdb in
 * `fullCouchDB` mode (real `_users` authentication, per-database `_security`,
 * `validate_doc_update`) on 127.0.0.1, port 0, in memory. Only the CouchDB HTTP API is used,
 * so the same code talks to Apache CouchDB 3.x. express-pouchdb answers 401 where CouchDB says
 * 403 for a member-less read; both mean "not allowed".
 */
export interface CouchTestServer {
  url: string
  port: number
  admin: { username: string; password: string }
  /** Raw HTTP against the server (as admin unless `auth` is given or null). */
  request(method: string, path: string, body?: unknown, auth?: { username: string; password: string } | null): Promise<{ status: number; json: unknown }>
  createUser(name: string, password: string, roles?: string[]): Promise<void>
  createDb(name: string, members?: { names?: string[]; roles?: string[] }): Promise<void>
  /** Installs `_design/laibang` with this validate_doc_update source. */
  putValidation(db: string, fnSource: string): Promise<void>
  /** Closes the listener and every open connection (a network drop). */
  stop(): Promise<void>
  /** Listens again on the same port. */
  start(): Promise<void>
  /** Copies a database (for "restore from backup"). */
  snapshot(db: string): Promise<unknown[]>
  /** Destroys a database and recreates it from a snapshot (checkpoints gone, as after a restore). */
  restore(db: string, docs: unknown[], members?: { names?: string[]; roles?: string[] }): Promise<void>
  close(): Promise<void>
}

interface ExpressApp { use(fn: unknown): void; listen(port: number, host: string, cb: () => void): Server }
interface PouchApp {
  couchConfig: { set(section: string, key: string, value: string, cb: (err?: unknown) => void): void }
  dbWrapper: { registerWrapper(fn: (name: string, db: WrappedDb, next: () => unknown) => unknown): void }
}
type BulkCb = (err: unknown, res?: unknown[]) => void
type AnyFn = (...a: unknown[]) => unknown
interface WrappedDb { getSecurity?(): Promise<SecObj>; put?: AnyFn; post?: AnyFn; remove?: AnyFn; get(id: string, o?: { rev?: string }): Promise<unknown>; changes(o?: { live?: boolean }): PromiseLike<unknown>; allDocs(o: Record<string, unknown>): Promise<{ rows: unknown[] }>; bulkDocs: ((body: unknown, opts?: Record<string, unknown> | BulkCb, cb?: BulkCb) => Promise<unknown[]>) & { _original?: (docs: unknown[], opts: Record<string, unknown>) => Promise<unknown[]> } }

type ValidateFn = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void
const compiled = new Map<string, ValidateFn>()
function compile(src: string): ValidateFn {
  let f = compiled.get(src)
  if (!f) {
    f = new Function(`return (${src})`)() as ValidateFn
    compiled.set(src, f)
  }
  return f
}

interface UserCtx { name: string | null; roles: string[]; db?: string }
interface SecObj { members?: { names?: string[]; roles?: string[] } }

/**
 * Apache CouchDB's checks for one replicated revision: the writer must be a member (or an
 * admin), and every validate_doc_update runs with the `oldDoc` CouchDB passes — the nearest
 * ancestor of the new revision on its own branch that the database still stores (NOT the
 * current winner, which is what pouchdb-validation passes), null when there is none. Returns
 * the error entry, or null when the revision may be stored.
 */
async function checkReplicated(db: WrappedDb, d: { _id: string; _rev?: string; _revisions?: { start: number; ids: string[] } }, validators: ValidateFn[], userCtx: UserCtx | undefined, secObj: SecObj | undefined): Promise<Record<string, unknown> | null> {
  const ctx = userCtx ?? { name: null, roles: ['_admin'] }
  if (ctx.roles.includes('_admin')) return null
  const m = secObj?.members ?? {}
  const member = (m.names ?? []).includes(ctx.name ?? '') || (m.roles ?? []).some((r) => ctx.roles.includes(r)) || (!(m.names ?? []).length && !(m.roles ?? []).length)
  const fail = (name: string, status: number, message: string) => ({ id: d._id, error: true, name, status, message, reason: message })
  if (!member) return fail('unauthorized', 401, 'You are not authorized to access this db.')
  if (d._id.startsWith('_design/')) return fail('unauthorized', 401, 'Only database admins may change design documents.')
  if (d._id.startsWith('_local/')) return null
  if (d._rev && (await db.get(d._id, { rev: d._rev }).then(() => true, () => false))) return null // already stored: a no-op
  let oldDoc: unknown = null
  const revs = d._revisions
  if (revs) {
    for (let i = 1; i < revs.ids.length && oldDoc === null; i++) oldDoc = await db.get(d._id, { rev: `${revs.start - i}-${revs.ids[i]}` }).catch(() => null)
  }
  for (const v of validators) {
    try {
      v(structuredClone(d), oldDoc, { db: ctx.db, name: ctx.name, roles: ctx.roles }, secObj ?? {})
    } catch (e) {
      const err = e as { forbidden?: string; unauthorized?: string }
      if (err.forbidden !== undefined) return fail('forbidden', 403, String(err.forbidden))
      if (err.unauthorized !== undefined) return fail('unauthorized', 401, String(err.unauthorized))
      return fail('internal_server_error', 500, String(e))
    }
  }
  return null
}

/**
 * express-pouchdb 4.2 with a validate_doc_update answers success for replicated updates
 * (`new_edits: false` with a revision history) but does not store them; Apache CouchDB does.
 * Such writes are checked one document at a time the way CouchDB checks them (checkReplicated)
 * and then stored without the wrapper, so the test server behaves like CouchDB.
 */
function oneByOneReplicatedWrites(db: WrappedDb, name: string): void {
  // CouchDB gives validate functions the database in userCtx.db; express-pouchdb 4.2 looks for
  // a property PouchDB 9 no longer has, so it is filled in here for every write path.
  const withDb = (opts: unknown) => {
    const u = (opts as { userCtx?: UserCtx } | undefined)?.userCtx
    if (u && !u.db) u.db = name
  }
  for (const m of ['put', 'post', 'remove'] as const) {
    const f = db[m]?.bind(db)
    if (f) db[m] = (a: unknown, opts?: unknown, ...rest: unknown[]) => { withDb(opts); return f(a, opts, ...rest) }
  }
  // Also: a long-poll _changes on a database destroyed meanwhile (a restore) resolves without
  // `results` and crashes express-pouchdb's route; answer an empty page instead.
  const changes = db.changes.bind(db)
  db.changes = (o) => {
    const r = changes(o) as PromiseLike<unknown> & { then: PromiseLike<unknown>['then'] }
    if (o?.live) return r
    const then = r.then.bind(r)
    r.then = ((ok?: (v: unknown) => unknown, bad?: (e: unknown) => unknown) =>
      then((x) => ((x as { results?: unknown })?.results ? x : { results: [], last_seq: 0 })).then(ok, bad)) as typeof r.then
    return r
  }
  const raw = db.bulkDocs._original?.bind(db)
  const orig = db.bulkDocs.bind(db)
  db.bulkDocs = (body, opts, cb) => {
    const callback = typeof opts === 'function' ? opts : cb
    const options = typeof opts === 'object' && opts ? opts : {}
    withDb(options)
    const b = body as { docs?: unknown[]; new_edits?: boolean } | unknown[]
    const docs = Array.isArray(b) ? b : b.docs ?? []
    const replicated = options.new_edits === false || (!Array.isArray(b) && b.new_edits === false)
    const run = async (): Promise<unknown[]> => {
      if (!replicated || docs.length === 0) return orig(body, options)
      const designs = await db.allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true })
      if (designs.rows.length === 0 || !raw) return orig(body, options)
      const validators = (designs.rows as { doc?: { validate_doc_update?: string } }[]).flatMap((r) => (typeof r.doc?.validate_doc_update === 'string' ? [compile(r.doc.validate_doc_update)] : []))
      const o = options as { userCtx?: UserCtx; secObj?: SecObj }
      // CouchDB always passes the database's _security; express-pouchdb only on some routes.
      const secObj = o.secObj ?? (await db.getSecurity?.().catch(() => undefined))
      const out: unknown[] = []
      for (const d of docs) {
        const doc = d as { _id: string; _rev?: string; _revisions?: { start: number; ids: string[] } }
        const error = await checkReplicated(db, doc, validators, o.userCtx, secObj)
        if (error) out.push(error)
        else await raw([d], { new_edits: false })
      }
      return out
    }
    const p = run()
    if (callback) p.then((r) => callback(null, r), (e: unknown) => callback(e))
    return p
  }
}

const require = createRequire(import.meta.url)
let memoryPouch: PouchStatic | null = null
let instance = 0

/**
 * `dataDir`: keep the databases on disk (leveldb) instead of in memory (`npm run couch:dev`).
 * `admin`: the server admin account (default admin / admin-secret, for tests).
 */
export async function startCouchServer(opts: { port?: number; host?: string; dataDir?: string; admin?: { username: string; password: string } } = {}): Promise<CouchTestServer> {
  const express = require('express') as () => ExpressApp
  const expressPouch = require('express-pouchdb') as (P: PouchStatic, o: Record<string, unknown>) => PouchApp & ((...a: unknown[]) => void)
  if (!memoryPouch) {
    const base = pouchDb()
    base.plugin(require('pouchdb-adapter-memory'))
    memoryPouch = base
  }
  const n = ++instance
  const Mem = opts.dataDir
    ? pouchDb().defaults({ prefix: `${opts.dataDir.replace(/\/+$/, '')}/` })
    : memoryPouch.defaults({ adapter: 'memory', prefix: `srv${process.pid}_${n}_` })
  const app = express()
  // The server's own log: kept beside a data directory, else a temporary file removed at close.
  const logPath = join(opts.dataDir ?? tmpdir(), `laibang-couch-${process.pid}-${n}.log`)
  const pouchApp = expressPouch(Mem, { mode: 'fullCouchDB', inMemoryConfig: true, logPath })
  pouchApp.dbWrapper.registerWrapper((name, db, next) => { oneByOneReplicatedWrites(db, name); return next() })
  app.use(pouchApp)
  const admin = opts.admin ?? { username: 'admin', password: 'admin-secret' }
  await new Promise<void>((resolve, reject) => pouchApp.couchConfig.set('admins', admin.username, admin.password, (err) => (err ? reject(err as Error) : resolve())))

  let server: Server | null = null
  const sockets = new Set<Socket>()
  let port = opts.port ?? 0
  const listen = () => new Promise<void>((resolve) => {
    server = app.listen(port, opts.host ?? '127.0.0.1', () => resolve())
    server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  })
  await listen()
  port = (server!.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`

  const request: CouchTestServer['request'] = async (method, path, body, auth = admin) => {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' }
    if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
    const text = await res.text()
    let json: unknown = null
    try { json = JSON.parse(text) } catch { json = text }
    return { status: res.status, json }
  }
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await request(method, path, body)
    if (r.status >= 300 && r.status !== 412) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
    return r.json
  }
  const security = (names: string[] = [], roles: string[] = []) => ({ admins: { names: [], roles: [] }, members: { names, roles } })

  const srv: CouchTestServer = {
    url, port, admin, request,
    async createUser(name, password, roles = []) {
      await must('PUT', `/_users/org.couchdb.user:${encodeURIComponent(name)}`, { _id: `org.couchdb.user:${name}`, name, password, roles, type: 'user' })
    },
    async createDb(name, members) {
      await must('PUT', `/${encodeURIComponent(name)}`)
      await must('PUT', `/${encodeURIComponent(name)}/_security`, security(members?.names, members?.roles))
    },
    async putValidation(db, fnSource) {
      await must('PUT', `/${encodeURIComponent(db)}/_design/laibang`, { validate_doc_update: fnSource })
    },
    async stop() {
      const s = server
      server = null
      if (!s) return
      for (const sock of sockets) sock.destroy()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    },
    async start() { if (!server) await listen() },
    async snapshot(db) {
      const all = (await must('GET', `/${encodeURIComponent(db)}/_all_docs`)) as { rows: { id: string }[] }
      if (!all.rows.length) return []
      // With revision histories, so a restore keeps them (like restoring the database file).
      const got = (await must('POST', `/${encodeURIComponent(db)}/_bulk_get?revs=true`, { docs: all.rows.map((r) => ({ id: r.id })) })) as { results: { docs: { ok?: unknown }[] }[] }
      return got.results.flatMap((r) => r.docs.map((d) => d.ok).filter(Boolean))
    },
    async restore(db, docs, members) {
      await must('DELETE', `/${encodeURIComponent(db)}`)
      await srv.createDb(db, members)
      // Same revisions as the backup (new_edits=false), like a file-level restore.
      if (docs.length) await must('POST', `/${encodeURIComponent(db)}/_bulk_docs`, { docs, new_edits: false })
    },
    async close() {
      try {
        await srv.stop()
      } finally {
        // The log's write stream is express-pouchdb's own (logging-infrastructure.js): silenced, ended, then the file removed.
        const logger = (pouchApp as unknown as { couchLogger?: { setLevel(level: string): void; _stream?: NodeJS.WritableStream } }).couchLogger
        logger?.setLevel('none')
        await new Promise<void>((resolve) => { if (logger?._stream) logger._stream.end(() => resolve()); else resolve() })
        if (!opts.dataDir) rmSync(logPath, { force: true })
      }
    },
  }
  return srv
}
