import type { ConflictItem, ConnectionTestResult, RecordSyncMark, RejectedItem, SyncSettings, SyncStatus } from '../../../src-preload/contracts/sync'
import type { Page } from '../../../src-preload/contracts/define'
import { AppError, forbidden, notFound } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { SyncedTable } from '../../core/synced'
import type { SecretsPort, SettingsPort, LogPort } from '../../platform/ports'
import type { Access } from '../auth/access'
import { defsByTable } from '../../sync/doc'
import type { SyncEngine } from '../../sync/engine'
import { normaliseServerUrl, singleDatabase, testConnection, type RemoteConfig, type SyncTopology } from '../../sync/remote'
import type { Db } from '../../core/db'
import type { EventBus } from '../../core/events'
import { USER_ROLE_PREFIX } from '../../sync/topology-names'
import { deviceDatabases, localUserId, ORG_TABLES, partitionedTopology } from './sync.topology'
import type { SyncStore } from '../../sync/store'

export interface SyncServiceDeps {
  engine: SyncEngine
  store: SyncStore
  access: Access
  mutation: Mutation
  settings: SettingsPort
  secrets: SecretsPort
  log: LogPort
  now: () => number
  db: Db
  bus: EventBus
  /** Settings and secrets are per profile (each profile has its own data and server account). */
  profile: string
}

interface StoredSettings { serverUrl: string; username: string; database: string; enabled: boolean }
/**
 * `database` empty (the default): LaiBang's partitioned topology (sync.topology.ts). A database
 * name: everything in that one database (tests, trials; every member then reads everything).
 */
const DEFAULTS: StoredSettings = { serverUrl: '', username: '', database: '', enabled: false }

/**
 * Sync settings, status and the user-facing parts of sync (conflict inbox, rejected pushes).
 * Settings are per device: any logged-in user of this device may connect it to a server with
 * their server account; what the server lets that account read and write is the security.
 */
export class SyncService {
  /** The LaiBang user id of the sync account as the server names it (role lb_user_<id>). */
  private sessionUser: { key: string; userId: string } | null = null

  constructor(private readonly d: SyncServiceDeps) {
    // Org changes (a new colleague, a new manager, another role or scope) change the databases.
    d.bus.subscribe((name, payload) => {
      if (name !== 'data.changed' || this.stored().database) return
      const tables = (payload as { tables?: string[] } | undefined)?.tables ?? []
      if (!tables.some((t) => ORG_TABLES.has(t))) return
      this.d.engine.setTopology(this.topology()).catch((err: unknown) => this.d.log.warn('sync: topology change failed', err))
    })
  }

  /** Which databases this device replicates now, and the router. */
  topology(): SyncTopology {
    const s = this.stored()
    if (s.database) return singleDatabase(s.database)
    const fromSession = this.sessionUser?.key === `${s.serverUrl}|${s.username}` ? this.sessionUser.userId : null
    const userId = localUserId(this.d.db, s.username) ?? fromSession
    return partitionedTopology(deviceDatabases(this.d.db, this.d.access, userId), this.d.store)
  }

  /** Asks the server who the account is when this device does not know the user yet (first sync). */
  private async learnSessionUser(): Promise<void> {
    const s = this.stored()
    const r = this.remote()
    if (!r || s.database || localUserId(this.d.db, s.username)) return
    try {
      const res = await fetch(`${r.serverUrl}/_session`, { headers: { accept: 'application/json', authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}` }, signal: AbortSignal.timeout(8000) })
      const roles = ((await res.json()) as { userCtx?: { roles?: string[] } }).userCtx?.roles ?? []
      const role = roles.find((x) => x.startsWith(USER_ROLE_PREFIX))
      if (role) this.sessionUser = { key: `${s.serverUrl}|${s.username}`, userId: role.slice(USER_ROLE_PREFIX.length) }
    } catch (err) {
      this.d.log.warn('sync: could not ask the server for the account', err)
    }
  }

  get engine(): SyncEngine { return this.d.engine }

  private key(): string { return `sync:${this.d.profile}` }
  private secretKey(): string { return `sync.password:${this.d.profile}` }
  private stored(): StoredSettings { return { ...DEFAULTS, ...this.d.settings.get<Partial<StoredSettings>>(this.key(), {}) } }

  getSettings(): SyncSettings {
    const s = this.stored()
    return { ...s, hasPassword: this.d.secrets.get(this.secretKey()) !== null, secretsOsProtected: this.d.secrets.osProtected }
  }

  async saveSettings(input: { serverUrl: string; username: string; password?: string; database?: string; enabled: boolean }): Promise<SyncSettings> {
    const url = input.serverUrl === '' ? '' : normaliseServerUrl(input.serverUrl)
    if (url === null) throw new AppError('VALIDATION', 'errors.syncBadUrl', { field: 'serverUrl' })
    const next: StoredSettings = { serverUrl: url, username: input.username, database: input.database ?? this.stored().database, enabled: input.enabled && url !== '' }
    this.d.settings.set(this.key(), next)
    if (input.password === '') this.d.secrets.delete(this.secretKey())
    else if (input.password !== undefined) this.d.secrets.set(this.secretKey(), input.password)
    await this.apply()
    return this.getSettings()
  }

  /** The configured server, whether or not live sync is on (manual "sync now" uses it). */
  remote(): RemoteConfig | null {
    const s = this.stored()
    if (!s.serverUrl) return null
    return { serverUrl: s.serverUrl, username: s.username, password: this.d.secrets.get(this.secretKey()) ?? '' }
  }

  /** Applies stored settings to the engine: configure, then live replication if enabled. */
  async apply(): Promise<void> {
    const s = this.stored()
    await this.learnSessionUser()
    this.d.engine.configure(this.remote())
    await this.d.engine.setTopology(this.topology())
    if (s.enabled && s.serverUrl) await this.d.engine.startLive()
    else await this.d.engine.stopLive()
  }

  async testConnection(input: { serverUrl?: string; username?: string; password?: string; database?: string }): Promise<ConnectionTestResult> {
    const saved = this.remote()
    const r: RemoteConfig = {
      serverUrl: input.serverUrl ?? saved?.serverUrl ?? '',
      username: input.username ?? saved?.username ?? '',
      password: input.password ?? saved?.password ?? '',
    }
    const database = input.database ?? this.stored().database
    return testConnection(r, database ? [database] : this.topology().databases)
  }

  status(): SyncStatus { return this.d.engine.status() }

  /** Live: restart replication now (no backoff wait). Otherwise one full round with the server. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.remote()) throw new AppError('CONFLICT', 'errors.syncNotConfigured')
    if (this.d.engine.isLive()) await this.d.engine.startLive()
    else {
      this.d.engine.configure(this.remote())
      await this.d.engine.setTopology(this.topology())
      await this.d.engine.syncOnce()
    }
    return this.status()
  }

  async pause(): Promise<SyncStatus> { await this.d.engine.pause(); return this.status() }
  async resume(): Promise<SyncStatus> {
    if (!this.stored().enabled) throw new AppError('CONFLICT', 'errors.syncNotConfigured')
    await this.d.engine.resume()
    return this.status()
  }

  // ── conflict inbox ──
  listConflicts(userId: string | null, input: { cursor?: string | null; limit: number }): Page<ConflictItem> {
    const actor = this.d.access.actor(userId)
    const beforeId = decodeCursor(input.cursor)
    const orgData = actor.permissions.has('system.settings')
    const rows = this.d.store.conflictsPage({ beforeId, limit: input.limit + 1, owners: this.d.access.visibleOwners(actor, 'customers'), orgData })
    const page = rows.slice(0, input.limit)
    const defs = defsByTable()
    const items = page.map((c): ConflictItem => {
      const def = defs.get(c.tableName)
      const row = def ? this.d.store.row(def, c.recordId) : undefined
      return {
        id: c.id, docType: c.docType, tableName: c.tableName, recordId: c.recordId, kind: c.kind, createdAt: c.createdAt, title: recordTitle(row),
        fields: Object.entries(c.fields).map(([field, f]) => ({ field, base: f.base, mine: f.mine, theirs: f.theirs, current: row?.[field] ?? null })),
      }
    })
    return { items, nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!.id) : null }
  }

  /**
   * Applies the chosen side per field through `mutation` (so it is audited and syncs like any
   * edit, with fresh stamps that win everywhere) and closes the entry. Records with an owner
   * need that owner in the caller's customer scope; others need system.settings.
   */
  resolveConflict(userId: string | null, input: { id: number; choices: Record<string, 'mine' | 'theirs' | 'base' | 'current'>; values?: Record<string, string> }): { resolved: true } {
    const actor = this.d.access.actor(userId)
    const c = this.d.store.conflict(input.id)
    if (!c || c.resolvedAt !== null) throw notFound('conflict')
    const def = defsByTable().get(c.tableName)
    if (!def) throw notFound(c.tableName)
    const row = this.d.store.row(def, c.recordId)
    if (!row) throw notFound(c.tableName)
    const ownerId = typeof row.ownerId === 'string' ? row.ownerId : null
    if (ownerId !== null || 'ownerId' in row) {
      if (ownerId !== null && !this.d.access.canSeeOwner(actor, 'customers', ownerId)) throw forbidden('customers.scope')
    } else if (!actor.permissions.has('system.settings')) throw forbidden('system.settings')
    for (const f of Object.keys(input.choices)) if (!(f in c.fields)) throw new AppError('VALIDATION', 'errors.validation', { issues: [{ path: `choices.${f}`, code: 'unknown_field' }] })
    const values = input.values ?? {}
    for (const [f, v] of Object.entries(values)) checkTypedValue(c.kind, c.fields, row, f, v)
    const patch: Record<string, unknown> = {}
    if (c.kind === 'fields') {
      for (const [field, f] of Object.entries(c.fields)) {
        const typed = values[field]
        if (typed !== undefined) { patch[field] = typed.trim() === '' ? null : typed.trim(); continue }
        const choice = input.choices[field] ?? 'current'
        if (choice !== 'current') patch[field] = f[choice]
      }
    }
    this.d.mutation({ userId: actor.userId }, (w) => {
      if (Object.keys(patch).length) w.update(def.table as SyncedTable, c.recordId, patch as never)
      this.d.store.resolveConflict(c.id, actor.userId, this.d.now())
    })
    return { resolved: true }
  }

  // ── rejected pushes ──
  listRejected(userId: string | null, input: { cursor?: string | null; limit: number }): Page<RejectedItem> {
    const actor = this.d.access.actor(userId)
    const all = actor.permissions.has('system.settings')
    const rows = this.d.store.rejectedPage({ beforeSeq: decodeCursor(input.cursor), limit: input.limit + 1, userId: all ? null : actor.userId })
    const page = rows.slice(0, input.limit)
    const defs = defsByTable()
    const title = (tableName: string, id: string) => { const def = defs.get(tableName); return def ? recordTitle(this.d.store.row(def, id)) : null }
    return {
      items: page.map((r) => ({ seq: r.seq, docType: r.docType, tableName: r.tableName, recordId: r.recordId, op: r.op, title: title(r.tableName, r.recordId), reason: r.error ?? '', at: r.createdAt })),
      nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!.seq) : null,
    }
  }

  private ownRejected(userId: string | null, seqs: number[]) {
    const actor = this.d.access.actor(userId)
    const all = actor.permissions.has('system.settings')
    const rows = this.d.store.outboxRows(seqs).filter((r) => r.status === 'rejected')
    if (!all && rows.some((r) => r.userId !== actor.userId)) throw forbidden('sync.rejected')
    return rows
  }

  retryRejected(userId: string | null, input: { seqs: number[] }): { count: number } {
    const rows = this.ownRejected(userId, input.seqs)
    this.d.engine.retry(rows.map((r) => r.seq))
    return { count: rows.length }
  }

  async discardRejected(userId: string | null, input: { seqs: number[] }): Promise<{ count: number }> {
    const rows = this.ownRejected(userId, input.seqs)
    if (!rows.length) return { count: 0 }
    return { count: await this.d.engine.discard(rows) }
  }

  recordStatus(userId: string | null, input: { ids: string[] }): Record<string, RecordSyncMark> {
    this.d.access.actor(userId)
    return Object.fromEntries(this.d.store.recordStatus(input.ids))
  }
}

/** The record's human label for the inbox: its name, else its title. */
function recordTitle(row: Record<string, unknown> | undefined): string | null {
  const v = row?.name ?? row?.title
  return typeof v === 'string' && v !== '' ? v : null
}

/**
 * A value typed in the inbox bypasses the owning module's form, so it is only accepted for text
 * fields (every side of the conflict is text or empty) of a `fields` entry, and a field that
 * holds text now cannot be emptied (a required name would otherwise be lost).
 */
function checkTypedValue(kind: 'fields' | 'restored', fields: Record<string, { base: unknown; mine: unknown; theirs: unknown }>, row: Record<string, unknown>, field: string, value: string): void {
  const bad = (code: string) => new AppError('VALIDATION', 'errors.validation', { issues: [{ path: `values.${field}`, code }] })
  const f = fields[field]
  if (kind !== 'fields' || !f) throw bad('unknown_field')
  const sides = [f.base, f.mine, f.theirs, row[field]]
  if (!sides.every((x) => x === null || x === undefined || typeof x === 'string')) throw bad('not_text')
  if (value.trim() === '' && sides.some((x) => typeof x === 'string' && x.trim() !== '')) throw bad('too_small')
}

function encodeCursor(n: number): string { return Buffer.from(JSON.stringify({ k: n })).toString('base64url') }
function decodeCursor(c: string | null | undefined): number | null {
  if (!c) return null
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { k?: unknown }
    return typeof v.k === 'number' && Number.isSafeInteger(v.k) ? v.k : null
  } catch {
    return null
  }
}
