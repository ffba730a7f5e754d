import { createRequire } from 'node:module'
import type { LevelDownFactory } from './tap'

/**
 * The small part of PouchDB's API the engine uses, typed here (PouchDB ships no types and the
 * community ones fight strict mode). Only CouchDB 3.x HTTP features are used against remotes.
 */
export interface PouchDoc {
  _id: string
  _rev?: string
  _deleted?: boolean
  _conflicts?: string[]
  _revisions?: { start: number; ids: string[] }
  [k: string]: unknown
}

export interface BulkResult { ok?: boolean; id?: string; rev?: string; error?: string | boolean; reason?: string; status?: number; name?: string }
export interface AllDocsRow { id?: string; key: string; value?: { rev: string; deleted?: boolean }; doc?: PouchDoc | null; error?: string }
export interface ChangeRow { id: string; seq: number | string; changes: { rev: string }[]; deleted?: boolean; doc?: PouchDoc }
export interface ChangesResult { results: ChangeRow[]; last_seq: number | string }

export interface ChangesFeed {
  on(event: 'change', fn: (c: ChangeRow) => void): ChangesFeed
  on(event: 'error', fn: (err: unknown) => void): ChangesFeed
  cancel(): void
}

export interface ReplicationInfo {
  docs?: PouchDoc[]
  docs_read?: number
  docs_written?: number
  doc_write_failures?: number
  pending?: number
  last_seq?: number | string
  errors?: unknown[]
}

/** A sync or replication handle: an event emitter that is also a promise. */
export interface SyncHandle extends PromiseLike<unknown> {
  on(event: 'change', fn: (info: { direction?: 'push' | 'pull'; change?: ReplicationInfo } & ReplicationInfo) => void): SyncHandle
  on(event: 'paused', fn: (err?: unknown) => void): SyncHandle
  on(event: 'active', fn: () => void): SyncHandle
  on(event: 'denied', fn: (info: unknown) => void): SyncHandle
  on(event: 'error', fn: (err: unknown) => void): SyncHandle
  on(event: 'complete', fn: (info: unknown) => void): SyncHandle
  cancel(): void
  catch(fn: (err: unknown) => void): Promise<unknown>
}

export interface ReplicateOptions {
  live?: boolean
  retry?: boolean
  batch_size?: number
  batches_limit?: number
  back_off_function?: (delay: number) => number
  filter?: (doc: PouchDoc) => boolean
  push?: { filter?: (doc: PouchDoc) => boolean }
  pull?: Record<string, unknown>
}

export interface Pouch {
  readonly name: string
  info(): Promise<{ doc_count: number; update_seq: number | string; db_name: string }>
  get(id: string, opts?: { rev?: string; revs?: boolean; conflicts?: boolean }): Promise<PouchDoc>
  get(id: string, opts: { open_revs: 'all' | string[]; revs?: boolean }): Promise<{ ok?: PouchDoc; missing?: string }[]>
  put(doc: PouchDoc): Promise<BulkResult>
  bulkDocs(docs: PouchDoc[], opts?: { new_edits?: boolean }): Promise<BulkResult[]>
  allDocs(opts: { keys?: string[]; include_docs?: boolean; conflicts?: boolean; startkey?: string; endkey?: string; limit?: number }): Promise<{ rows: AllDocsRow[]; total_rows: number }>
  changes(opts: { since: number | string; limit?: number; include_docs?: boolean; conflicts?: boolean; style?: 'all_docs'; live?: false }): Promise<ChangesResult>
  changes(opts: { since: number | string | 'now'; live: true; include_docs?: boolean }): ChangesFeed
  sync(remote: Pouch | string, opts: ReplicateOptions): SyncHandle
  replicate: { to(remote: Pouch | string, opts?: ReplicateOptions): SyncHandle; from(remote: Pouch | string, opts?: ReplicateOptions): SyncHandle }
  compact(): Promise<unknown>
  destroy(): Promise<unknown>
  close(): Promise<void>
}

export interface PouchOptions {
  adapter?: string
  /** The leveldb adapter's leveldown factory (default: the `leveldown` module). */
  db?: unknown
  auth?: { username: string; password: string }
  skip_setup?: boolean
  fetch?: (url: string | URL, opts?: RequestInit) => Promise<Response>
}

export interface PouchStatic {
  new (name: string, opts?: PouchOptions): Pouch
  plugin(p: unknown): PouchStatic
  defaults(opts: PouchOptions & { prefix?: string }): PouchStatic
}

const require = createRequire(import.meta.url)
let loaded: PouchStatic | null = null

/** pouchdb-node: leveldb adapter for local databases, http adapter for remotes. */
export function pouchDb(): PouchStatic {
  loaded ??= require('pouchdb-node') as PouchStatic
  return loaded
}

/**
 * The leveldown module the leveldb adapter uses by default (to wrap it: tap.ts LevelStore),
 * resolved from pouchdb-node as the adapter resolves it (it is pouchdb-node's dependency, not
 * ours); null if it cannot be loaded (PouchDB then opens with its own, without the wrapper).
 */
export function leveldown(): LevelDownFactory | null {
  try {
    return createRequire(require.resolve('pouchdb-node'))('leveldown') as LevelDownFactory
  } catch {
    return null
  }
}

/** Remote database URL: the configured server root plus the database name. */
export function remoteDbUrl(serverUrl: string, db: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${encodeURIComponent(db)}`
}
