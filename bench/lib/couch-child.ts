/**
 * The benchmark's CouchDB-compatible server in a child process (`bench/sync.bench.ts
 * --server-process`). In-process, the server's work (answering _changes, _bulk_get, _revs_diff)
 * shares the device's JavaScript thread and its CPU time: half of a plain replication's CPU was
 * the server's. In its own process, the device's CPU per document is measured alone and the
 * server runs beside it, as a real server does on another machine.
 *
 * Admin account: startCouchServer's default (admin / admin-secret).
 * Protocol (IPC): the child sends `{ url }` once listening; the parent sends `'cpu'` and gets
 * `{ cpuMs }` (the child's process CPU time so far), or `'close'`.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startCouchServer } from '../../src-main/testing/couch-server'
import { serverWithDatabase } from '../../src-main/testing/sync'

export interface ChildServer { url: string; cpuMs(): Promise<number>; close(): Promise<void> }

/** Starts the server with `db` and its member accounts (as `serverWithDatabase`). */
export async function startChildServer(db: string, users: { name: string; password: string }[]): Promise<ChildServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify({ db, users })], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  // One answer at a time: each request waits for the child's next message, or its exit.
  let pending: { resolve(m: unknown): void; reject(e: Error): void } | null = null
  child.on('message', (m) => { const p = pending; pending = null; p?.resolve(m) })
  child.on('exit', (code) => { const p = pending; pending = null; p?.reject(new Error(`bench server exited (${code})`)) })
  const next = <T>() => new Promise<T>((resolve, reject) => { pending = { resolve: (m) => resolve(m as T), reject } })
  const { url } = await next<{ url: string }>()
  return {
    url,
    async cpuMs() { const r = next<{ cpuMs: number }>(); child.send('cpu'); return (await r).cpuMs },
    async close() { const done = new Promise((r) => child.once('exit', r)); child.send('close'); await done },
  }
}

if (process.argv.includes('--child')) {
  const setup = JSON.parse(process.argv[process.argv.indexOf('--child') + 1]!) as { db: string; users: { name: string; password: string }[] }
  const server = await startCouchServer()
  await serverWithDatabase(server, setup.db, setup.users)
  process.on('message', (m) => {
    if (m === 'cpu') { const c = process.cpuUsage(); process.send!({ cpuMs: (c.user + c.system) / 1000 }) }
    if (m === 'close') void server.close().finally(() => process.exit(0))
  })
  process.send!({ url: server.url })
}
