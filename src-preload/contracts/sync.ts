import { z } from 'zod'
import { cursor, method, noInput, type Page } from './define'

/** Sync settings of this device (one server per device; the password stays in the secrets store). */
export interface SyncSettings {
  serverUrl: string
  username: string
  /** Remote database name (the per-user topology will derive it; see docs/SYNC.md). */
  database: string
  enabled: boolean
  hasPassword: boolean
  /** False when secrets are only file-protected (headless host): the UI says so. */
  secretsOsProtected: boolean
}

export type SyncState = 'disabled' | 'offline' | 'syncing' | 'idle' | 'error' | 'paused'

export interface SyncStatus {
  state: SyncState
  /** Local changes not yet on the server. */
  pending: number
  lastSyncAt: number | null
  /** 0..1 during an initial sync, else null. */
  progress: number | null
  /** During an initial sync: documents this device holds against documents the server holds. */
  progressDocs?: { received: number; total: number }
  messageKey?: string
  rejected: number
  conflicts: number
}

export type ConnectionTestResult =
  | { ok: true; server: string; version: string | null; databases: { name: string; docCount: number }[] }
  | { ok: false; messageKey: string; details?: Record<string, string | number> }

export interface ConflictFieldView { field: string; base: unknown; mine: unknown; theirs: unknown; current: unknown }
export interface ConflictItem {
  id: number
  docType: string
  tableName: string
  recordId: string
  /** `fields`: the same field changed on both devices; `restored`: an edit undid a delete here or elsewhere. */
  kind: 'fields' | 'restored'
  /** The record's name (or title) as it is now, for the inbox list; null when it has none. */
  title: string | null
  fields: ConflictFieldView[]
  createdAt: number
}

export interface RejectedItem {
  seq: number
  docType: string
  tableName: string
  recordId: string
  op: 'upsert' | 'delete'
  /** The record's name (or title) on this device; null when it has none or is gone. */
  title: string | null
  /** The server's reason (validate_doc_update message), e.g. "forbidden: not the owner". */
  reason: string
  at: number
}

export interface RecordSyncMark { pending: boolean; rejected: boolean; conflict: boolean }

const serverUrl = z.string().trim().max(500)
const seqList = z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).min(1).max(500)

export const sync = {
  getSettings: method<SyncSettings>()(noInput),
  /** Saves and (re)starts sync; `password` omitted keeps the stored one, '' clears it. */
  saveSettings: method<SyncSettings>()(z.object({
    serverUrl,
    username: z.string().trim().max(100),
    password: z.string().max(200).optional(),
    /** '' = the partitioned topology (company / pool / per-user databases); a name = everything in that one database. */
    database: z.string().trim().regex(/^(?:[a-z][a-z0-9_$()+/-]*)?$/).max(200).optional(),
    enabled: z.boolean(),
  }).strict()),
  /** Tries the given (or saved) settings; answers with a message key instead of throwing. */
  testConnection: method<ConnectionTestResult>()(z.object({
    serverUrl: serverUrl.optional(),
    username: z.string().trim().max(100).optional(),
    password: z.string().max(200).optional(),
    database: z.string().trim().max(200).optional(),
  }).strict()),
  status: method<SyncStatus>()(noInput),
  syncNow: method<SyncStatus>()(noInput),
  pause: method<SyncStatus>()(noInput),
  resume: method<SyncStatus>()(noInput),
  listConflicts: method<Page<ConflictItem>>()(z.object({ cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  /** Applies the user's choice per field as a normal edit (it syncs like any change) and closes the entry. */
  resolveConflict: method<{ resolved: true }>()(z.object({
    id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    choices: z.record(z.string().max(64), z.enum(['mine', 'theirs', 'base', 'current'])).refine((r) => Object.keys(r).length <= 100).default({}),
    /** A value the user typed instead (text fields only); it wins over `choices` for that field. */
    values: z.record(z.string().max(64), z.string().max(20_000)).refine((r) => Object.keys(r).length <= 100).optional(),
  }).strict()),
  listRejected: method<Page<RejectedItem>>()(z.object({ cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  /** Pushes the rejected changes again (after the cause was fixed on the server). */
  retryRejected: method<{ count: number }>()(z.object({ seqs: seqList }).strict()),
  /** Gives up the rejected changes: the record goes back to the server's version. */
  discardRejected: method<{ count: number }>()(z.object({ seqs: seqList }).strict()),
  /** Markers for list rows: not yet synced, rejected, conflict open. */
  recordStatus: method<Record<string, RecordSyncMark>>()(z.object({ ids: z.array(z.string().max(64)).max(500) }).strict()),
}
