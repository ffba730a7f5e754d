import type { BulkResult, ChangeRow, PouchDoc } from '../sync/pouch'

/**
 * The agent's CouchDB client: plain fetch against the CouchDB 3.x HTTP API (no PouchDB), so it
 * runs against Apache CouchDB and the in-process test server alike.
 */
export class CouchError extends Error {
  constructor(readonly status: number, readonly error: string, readonly reason: string, readonly path: string) {
    super(`${status} ${error}: ${reason} (${path})`)
  }
}

export interface CouchAuth { username: string; password: string }

export interface ChangesPage { results: ChangeRow[]; last_seq: string | number }

/** A leaf revision of a document (open_revs=all), with its revision history. */
export type Leaf = PouchDoc & { _revisions: { start: number; ids: string[] } }

const enc = encodeURIComponent

export class Couch {
  private readonly base: string
  private readonly headers: Record<string, string>

  constructor(url: string, auth: CouchAuth | null, private readonly timeoutMs = 60_000) {
    this.base = url.replace(/\/+$/, '')
    this.headers = { accept: 'application/json', 'content-type': 'application/json' }
    if (auth) this.headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
  }

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; json: T }> {
    const timeout = AbortSignal.timeout(this.timeoutMs)
    const res = await fetch(`${this.base}${path}`, {
      method, headers: this.headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    })
    const text = await res.text()
    let json: unknown = null
    try { json = text ? JSON.parse(text) : null } catch { json = text }
    return { status: res.status, json: json as T }
  }

  /** Like request, but any status outside 2xx (and not listed in `allow`) throws a CouchError. */
  async call<T>(method: string, path: string, body?: unknown, o: { allow?: number[]; signal?: AbortSignal } = {}): Promise<{ status: number; json: T }> {
    const r = await this.request<T>(method, path, body, o.signal)
    if ((r.status < 200 || r.status >= 300) && !o.allow?.includes(r.status)) {
      const e = (r.json ?? {}) as { error?: string; reason?: string }
      throw new CouchError(r.status, e.error ?? 'error', e.reason ?? String(r.json), `${method} ${path}`)
    }
    return r
  }

  async allDbs(): Promise<string[]> { return (await this.call<string[]>('GET', '/_all_dbs')).json }

  /** The winning revision, or null when the document is missing or deleted. */
  async get(db: string, id: string): Promise<PouchDoc | null> {
    const r = await this.call<PouchDoc>('GET', `/${enc(db)}/${enc(id)}?conflicts=true`, undefined, { allow: [404] })
    return r.status === 404 ? null : r.json
  }

  /** Every leaf revision (live and deleted) with its history; [] when the database never had it. */
  async leaves(db: string, id: string): Promise<Leaf[]> {
    const r = await this.call<{ ok?: Leaf }[]>('GET', `/${enc(db)}/${enc(id)}?open_revs=all&revs=true`, undefined, { allow: [404] })
    if (r.status === 404 || !Array.isArray(r.json)) return []
    return r.json.map((x) => x.ok).filter((d): d is Leaf => !!d)
  }

  async bulkDocs(db: string, docs: PouchDoc[], newEdits = true): Promise<BulkResult[]> {
    if (docs.length === 0) return []
    const r = await this.call<BulkResult[]>('POST', `/${enc(db)}/_bulk_docs`, { docs, ...(newEdits ? {} : { new_edits: false }) })
    return r.json
  }

  /** One write on top of `doc._rev`; returns the new revision, or null on a 409 (re-read and retry). */
  async update(db: string, doc: PouchDoc): Promise<string | null> {
    const [res] = await this.bulkDocs(db, [doc])
    if (res?.ok && res.rev) return res.rev
    if (res?.status === 409 || res?.error === 'conflict') return null
    throw new CouchError(res?.status ?? 500, String(res?.error ?? 'error'), res?.reason ?? 'write failed', `PUT /${db}/${doc._id}`)
  }

  /** Ids of the rows of a view with this key (a 404 when the view does not exist: CouchError). */
  async viewIds(db: string, ddoc: string, view: string, key: string): Promise<string[]> {
    const r = await this.call<{ rows: { id: string }[] }>('GET', `/${enc(db)}/_design/${enc(ddoc)}/_view/${enc(view)}?key=${enc(JSON.stringify(key))}`)
    return r.json.rows.map((x) => x.id)
  }

  /** Documents whose id starts with `prefix`, page by page, with their bodies. */
  async *byPrefix(db: string, prefix: string, pageSize = 500): AsyncGenerator<PouchDoc> {
    let start = JSON.stringify(prefix)
    let skip = 0
    for (;;) {
      const q = `startkey=${enc(start)}&endkey=${enc(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true&limit=${pageSize}&skip=${skip}`
      const r = await this.call<{ rows: { id: string; doc?: PouchDoc }[] }>('GET', `/${enc(db)}/_all_docs?${q}`)
      for (const row of r.json.rows) if (row.doc) yield row.doc
      if (r.json.rows.length < pageSize) return
      start = JSON.stringify(r.json.rows[r.json.rows.length - 1]!.id)
      skip = 1
    }
  }

  /** One page of the changes feed (long-poll when `timeoutMs` is given), current winning bodies. */
  async changes(db: string, since: string | number, o: { limit: number; timeoutMs?: number; signal?: AbortSignal }): Promise<ChangesPage> {
    const q = [`since=${enc(String(since))}`, `limit=${o.limit}`, 'include_docs=true', 'conflicts=true']
    if (o.timeoutMs !== undefined) q.push('feed=longpoll', `timeout=${o.timeoutMs}`)
    const r = await this.call<ChangesPage>('GET', `/${enc(db)}/_changes?${q.join('&')}`, undefined, { signal: o.signal })
    return { results: r.json.results ?? [], last_seq: r.json.last_seq ?? since }
  }

  async getLocal<T>(db: string, name: string): Promise<(T & { _rev?: string }) | null> {
    const r = await this.call<T & { _rev?: string }>('GET', `/${enc(db)}/_local/${enc(name)}`, undefined, { allow: [404] })
    return r.status === 404 ? null : r.json
  }

  async putLocal(db: string, name: string, body: Record<string, unknown>): Promise<void> {
    const cur = await this.getLocal<Record<string, unknown>>(db, name)
    await this.call('PUT', `/${enc(db)}/_local/${enc(name)}`, { ...body, ...(cur?._rev ? { _rev: cur._rev } : {}) })
  }
}
