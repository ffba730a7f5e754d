import { getTableColumns, getTableName } from 'drizzle-orm'
import { allSyncedTables, type SyncedTableDef } from '../core/synced'
import type { PouchDoc } from './pouch'

/**
 * LaiBang's document format (docs/SYNC.md): `_id` = `<docType>:<recordId>`, the body holds the
 * row's business fields (camelCase, as the drizzle row), `lb` the sync metadata (CouchDB
 * refuses top-level members starting with `_`, so it cannot be `_lb`; no column may be named
 * `lb`). Deletes are soft (`deletedAt`), never CouchDB tombstones, so an edit can win.
 */
export interface LbMeta {
  type: string
  /** Schema version of the app that wrote this revision (its migration count). */
  schema: number
  /** The record's latest HLC stamp. */
  hlc: string
  /** Stamp of each field's last change; the field-level merge compares these. */
  fieldHlc: Record<string, string>
  deleted?: true
  device: string
  mutation: string | null
  appVersion: string
  /**
   * Routing (topology-names.ts `routeOf`): the owning user's id for owner-partitioned tables,
   * null for the 公海; absent for company data. Stamped by the outbox pump.
   */
  owner?: string | null
  /** On a tombstone written by the server agent: the database the document moved to. */
  moved?: string
  /**
   * Set by the pump when the record now routes to a database this device cannot write (handed
   * to an owner outside the writer's scope): pushed through the database it lived in, from
   * which the agent moves it. Not part of the routing rule.
   */
  via?: string
  /**
   * Set by the pump on the push where the record's route changed (reassigned, released to the
   * 公海): the database it lived in. The agent then removes it, and for a customer moves its
   * children, out of that database (agent/handover.ts). Not part of the routing rule.
   */
  from?: string
  /**
   * Further readers (user ids) of a document of a READER_TYPES type (topology-names.ts
   * `homesOf`): an approval reaches its approvers' databases too, so approvers outside the
   * submitter's scope see and decide it. Stamped by the pump from the table's `readersOf`.
   */
  readers?: string[]
  /**
   * Derived values of the writer's row and the fingerprint of what they were computed from
   * (SyncedTableDef `carry`): a receiver with the same fingerprint uses them instead of computing.
   */
  carry?: { key: string; values: Record<string, unknown> }
}

export type SyncDoc = PouchDoc & { lb: LbMeta }

/** Who is writing: stamped into `lb` of documents this device produces. */
export interface WriterMeta { device: string; appVersion: string; schema: number }

/** Row columns that never travel as body fields (they are `_id` and `lb`, or local). */
const NOT_IN_BODY = new Set(['id', 'hlc', 'fieldHlc', 'syncRev'])

export function docIdOf(docType: string, recordId: string): string { return `${docType}:${recordId}` }

export function parseDocId(id: string): { docType: string; recordId: string } | null {
  const i = id.indexOf(':')
  if (i <= 0 || id.startsWith('_')) return null
  return { docType: id.slice(0, i), recordId: id.slice(i + 1) }
}

export function isSyncDoc(d: PouchDoc | null | undefined): d is SyncDoc {
  if (!d) return false
  const lb = d.lb as Partial<LbMeta> | undefined
  return typeof lb === 'object' && lb !== null && typeof lb.hlc === 'string' && typeof lb.type === 'string'
}

/** Document keys that are business fields: not CouchDB's `_…` members and not `lb`. */
export function isBodyKey(k: string): boolean { return k !== 'lb' && !k.startsWith('_') }

/** Business fields of a document. */
export function bodyOf(doc: PouchDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(doc)) if (isBodyKey(k)) out[k] = v
  return out
}

interface TableShape { columns: string[]; derived: Set<string> }
const shapes = new WeakMap<SyncedTableDef, TableShape>()

/** Column keys of a synced table and which of them `derive` computes (never sent). */
export function shapeOf(def: SyncedTableDef): TableShape {
  let s = shapes.get(def)
  if (!s) {
    const derived = new Set(Object.keys(def.derive?.({}) ?? {}))
    s = { columns: Object.keys(getTableColumns(def.table)), derived }
    shapes.set(def, s)
  }
  return s
}

export function defsByDocType(): Map<string, SyncedTableDef> {
  return new Map(allSyncedTables().map((d) => [d.docType, d]))
}
export function defsByTable(): Map<string, SyncedTableDef> {
  return new Map(allSyncedTables().map((d) => [getTableName(d.table), d]))
}

/** The document for a SQLite row (no `_rev`; the writer adds it). */
export function rowToDoc(def: SyncedTableDef, row: Record<string, unknown>, w: WriterMeta & { mutation: string | null }): SyncDoc {
  const { derived } = shapeOf(def)
  const body: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) if (!NOT_IN_BODY.has(k) && !derived.has(k)) body[k] = v ?? null
  const lb: LbMeta = {
    type: def.docType, schema: w.schema, hlc: String(row.hlc), fieldHlc: { ...(row.fieldHlc as Record<string, string> | null ?? {}) },
    device: w.device, mutation: w.mutation, appVersion: w.appVersion,
  }
  if (row.deletedAt != null) lb.deleted = true
  const carry = def.carry && carryOf(def.carry, row)
  if (carry) lb.carry = carry
  return canonical({ ...body, _id: docIdOf(def.docType, String(row.id)), lb: lb }) as SyncDoc
}

/** The row's carried values (all of them present) with their key, or null. */
function carryOf(spec: NonNullable<SyncedTableDef['carry']>, row: Record<string, unknown>): LbMeta['carry'] | null {
  const values = pickAll(row, spec.columns)
  return values ? { key: spec.key(row), values } : null
}

/** `columns` of `from`, or null when any of them is missing (null or undefined). */
function pickAll(from: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> | null {
  const out: Record<string, unknown> = {}
  for (const c of columns) {
    if (from[c] === undefined || from[c] === null) return null
    out[c] = from[c]
  }
  return out
}

/**
 * Derived values a received document carries that hold for `row` (the row about to be written
 * from it): only when the writer's fingerprint equals this device's for the row, and only the
 * declared columns. Undefined otherwise: `derive` computes them.
 */
export function carriedFor(def: SyncedTableDef, doc: SyncDoc, row: Record<string, unknown>): Record<string, unknown> | undefined {
  const carry = doc.lb.carry
  if (!def.carry || !carry || typeof carry !== 'object' || typeof carry.values !== 'object' || carry.values === null) return undefined
  if (carry.key !== def.carry.key(row)) return undefined
  return pickAll(carry.values, def.carry.columns) ?? undefined
}

/**
 * The SQLite row for a document: known columns only (unknown fields stay in sync_docs and in
 * PouchDB), plus the stamps. Derived columns are added by the caller through `def.derive`.
 */
export function docToRow(def: SyncedTableDef, doc: SyncDoc, recordId: string): Record<string, unknown> {
  const { columns, derived } = shapeOf(def)
  const row: Record<string, unknown> = { id: recordId }
  for (const k of columns) if (!NOT_IN_BODY.has(k) && !derived.has(k) && k in doc) row[k] = doc[k]
  row.hlc = doc.lb.hlc
  row.fieldHlc = doc.lb.fieldHlc
  row.syncRev = doc._rev ?? null
  return row
}

/** Same business content and stamps (ignores `_rev` and who wrote it). */
export function sameContent(a: SyncDoc, b: SyncDoc): boolean {
  if (a.lb.hlc !== b.lb.hlc) return false
  return stableStringify(bodyOf(a)) === stableStringify(bodyOf(b)) && stableStringify(a.lb.fieldHlc) === stableStringify(b.lb.fieldHlc)
}

/**
 * Objects with keys sorted, recursively. PouchDB derives a new revision id from the JSON of the
 * document and its parent revision, so two devices writing the same merge produce the same rev.
 */
export function canonical<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => canonical(x)) as T
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k]
      if (x !== undefined) out[k] = canonical(x)
    }
    return out as T
  }
  return v
}

export function stableStringify(v: unknown): string { return JSON.stringify(canonical(v)) ?? 'null' }
