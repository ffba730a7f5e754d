import type { PouchDoc } from './pouch'
import { remoteDbUrl } from './pouch'

/** Where and as whom this device syncs. The password comes from the secrets port. */
export interface RemoteConfig { serverUrl: string; username: string; password: string }

/**
 * Which remote databases this device replicates, and where a local document is pushed: one
 * database (`singleDatabase`, tests and trials) or LaiBang's partitioned topology (route.ts,
 * docs/SYNC.md "Topology"). `route` also sees tombstones (`{_id, _rev, _deleted}`, no body).
 */
export interface SyncTopology {
  readonly databases: readonly string[]
  route(doc: PouchDoc): string | null
}

export function singleDatabase(name: string): SyncTopology {
  return { databases: [name], route: (doc) => (doc._id.startsWith('_design/') ? null : name) }
}

export type FailureKey = 'errors.syncBadUrl' | 'errors.syncUnauthorized' | 'errors.syncUnreachable' | 'errors.syncTls' | 'errors.syncNoDatabase' | 'errors.syncFailed'

const TLS_CODES = /^(CERT_|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO|HOSTNAME_MISMATCH)/
const NET_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR|ABORT_ERR|TimeoutError|AbortError)/

/** Turns a fetch/PouchDB error into the message key the user sees. */
export function classifyError(err: unknown): FailureKey {
  const e = err as { status?: number; code?: string; name?: string; message?: string; cause?: { code?: string; name?: string } }
  if (e?.status === 401 || e?.status === 403) return 'errors.syncUnauthorized'
  const code = e?.cause?.code ?? e?.code ?? e?.cause?.name ?? e?.name ?? ''
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(e?.message ?? '')) return 'errors.syncTls'
  if (NET_CODES.test(code) || /ECONNREFUSED|ENOTFOUND|fetch failed|socket hang up|timed? ?out/i.test(e?.message ?? '')) return 'errors.syncUnreachable'
  if (e?.status === 404) return 'errors.syncNoDatabase'
  return 'errors.syncFailed'
}

export type ConnectionTest =
  | { ok: true; server: string; version: string | null; databases: { name: string; docCount: number }[] }
  | { ok: false; messageKey: FailureKey; details?: Record<string, string | number> }

/** Parses and normalises a server URL; null when it is not an http(s) URL without credentials. */
export function normaliseServerUrl(raw: string): string | null {
  try {
    const u = new URL(raw.trim())
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    if (u.username || u.password || u.search || u.hash) return null
    return u.toString().replace(/\/+$/, '')
  } catch {
    return null
  }
}

function authHeader(r: RemoteConfig): Record<string, string> {
  return r.username ? { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}` } : {}
}

/**
 * Checks URL, reachability, TLS, that it is a CouchDB-compatible server, the credentials and
 * each database, with one clear message key for the first failure.
 */
export async function testConnection(r: RemoteConfig, databases: readonly string[], timeoutMs = 8000): Promise<ConnectionTest> {
  const base = normaliseServerUrl(r.serverUrl)
  if (!base) return { ok: false, messageKey: 'errors.syncBadUrl' }
  const get = async (url: string, auth: boolean) => fetch(url, { headers: { accept: 'application/json', ...(auth ? authHeader(r) : {}) }, signal: AbortSignal.timeout(timeoutMs) })
  let root: Response
  try {
    root = await get(`${base}/`, false)
  } catch (err) {
    return { ok: false, messageKey: classifyError(err) }
  }
  const welcome = (await root.json().catch(() => null)) as Record<string, unknown> | null
  if (!root.ok || !welcome || !('couchdb' in welcome || 'express-pouchdb' in welcome)) return { ok: false, messageKey: 'errors.syncBadUrl', details: { status: root.status } }
  try {
    const session = await get(`${base}/_session`, true)
    if (session.status === 401 || session.status === 403) return { ok: false, messageKey: 'errors.syncUnauthorized' }
    const out: { name: string; docCount: number }[] = []
    for (const name of databases) {
      const res = await get(remoteDbUrl(base, name), true)
      if (res.status === 401 || res.status === 403) return { ok: false, messageKey: 'errors.syncUnauthorized', details: { database: name } }
      if (res.status === 404) return { ok: false, messageKey: 'errors.syncNoDatabase', details: { database: name } }
      if (!res.ok) return { ok: false, messageKey: 'errors.syncFailed', details: { database: name, status: res.status } }
      const info = (await res.json()) as { doc_count?: number }
      out.push({ name, docCount: info.doc_count ?? 0 })
    }
    return { ok: true, server: base, version: typeof welcome.version === 'string' ? welcome.version : null, databases: out }
  } catch (err) {
    return { ok: false, messageKey: classifyError(err) }
  }
}
