import type { SyncedTableDef } from '../core/synced'
import type { ConflictField } from '../modules/sync/sync.table'
import { bodyOf, canonical, isBodyKey, stableStringify, type LbMeta, type SyncDoc } from './doc'

/**
 * Field-level merge of versions of one record (the local row, PouchDB's winner, conflicting
 * branches). It is a join: commutative, associative and idempotent, and it reads nothing but its
 * inputs, so every device merging the same versions produces the same document.
 *
 * - Each field takes the value of the version with the highest stamp for it (HLC strings,
 *   ties broken by the record stamp, then by the value's JSON) — never the wall clock.
 * - Delete vs edit: if the winning `deletedAt` comes from a version that had not seen an edit
 *   another live version carries (that version's stamp for some field is newer than the
 *   deleter's), the edit wins: the record is restored, with a restore stamp just above the
 *   delete's, so stale copies of the delete lose from then on.
 */
export interface MergeResult {
  doc: SyncDoc
  /** True when the delete-vs-edit rule undid a delete. */
  restored: boolean
}

const RESTORE_SUFFIX = '~'

export function mergeDocs(sides: SyncDoc[]): MergeResult {
  if (sides.length === 0) throw new Error('nothing to merge')
  const recordKey = (s: SyncDoc) => s.lb.hlc
  const fields = new Set<string>()
  for (const s of sides) for (const k of Object.keys(s)) if (isBodyKey(k)) fields.add(k)
  const body: Record<string, unknown> = {}
  const stamps: Record<string, string> = {}
  const from: Record<string, SyncDoc> = {}
  for (const f of [...fields].sort()) {
    let best: SyncDoc | null = null
    for (const s of sides) {
      if (!(f in s)) continue
      if (!best || compareField(s, best, f) > 0) best = s
    }
    if (!best) continue
    body[f] = best[f] ?? null
    from[f] = best
    const st = maxStamp(sides.map((s) => s.lb.fieldHlc[f]))
    if (st) stamps[f] = st
  }
  // Stamps of fields no version carries in its body (written by other apps) are kept too.
  for (const s of sides) for (const [f, st] of Object.entries(s.lb.fieldHlc)) if (!(f in stamps) || st > stamps[f]!) stamps[f] = st

  let hlc = maxStamp(sides.map(recordKey)) ?? ''
  let restored = false
  const deleter = from.deletedAt
  if (body.deletedAt != null && deleter) {
    const unseenEdit = sides.some((l) => l.deletedAt == null && Object.entries(l.lb.fieldHlc).some(([f, st]) => f !== 'deletedAt' && st > (deleter.lb.fieldHlc[f] ?? '')))
    if (unseenEdit) {
      const restoreStamp = (deleter.lb.fieldHlc.deletedAt ?? deleter.lb.hlc) + RESTORE_SUFFIX
      body.deletedAt = null
      stamps.deletedAt = restoreStamp > (stamps.deletedAt ?? '') ? restoreStamp : stamps.deletedAt!
      if (restoreStamp > hlc) hlc = restoreStamp
      restored = true
    }
  }

  // Metadata of the newest version, so the result does not depend on who merges.
  const newest = sides.reduce((a, b) => (compareRecord(b, a) > 0 ? b : a))
  const lb: LbMeta = {
    type: newest.lb.type,
    schema: Math.max(...sides.map((s) => s.lb.schema ?? 0)),
    hlc,
    fieldHlc: stamps,
    device: newest.lb.device,
    mutation: newest.lb.mutation ?? null,
    appVersion: newest.lb.appVersion,
  }
  if (body.deletedAt != null) lb.deleted = true
  // Routing (docs/SYNC.md, "Topology"): the newest version's database; the pump re-stamps it.
  if (newest.lb.owner !== undefined) lb.owner = newest.lb.owner
  if (newest.lb.readers !== undefined) lb.readers = newest.lb.readers
  return { doc: canonical({ ...body, _id: newest._id, lb: lb }) as SyncDoc, restored }
}

function compareField(a: SyncDoc, b: SyncDoc, f: string): number {
  const sa = a.lb.fieldHlc[f] ?? ''
  const sb = b.lb.fieldHlc[f] ?? ''
  if (sa !== sb) return sa > sb ? 1 : -1
  return compareRecord(a, b, f)
}

function compareRecord(a: SyncDoc, b: SyncDoc, f?: string): number {
  if (a.lb.hlc !== b.lb.hlc) return a.lb.hlc > b.lb.hlc ? 1 : -1
  const ja = stableStringify(f ? a[f] : bodyOf(a))
  const jb = stableStringify(f ? b[f] : bodyOf(b))
  return ja === jb ? 0 : ja > jb ? 1 : -1
}

function maxStamp(xs: (string | undefined)[]): string | undefined {
  let m: string | undefined
  for (const x of xs) if (x !== undefined && (m === undefined || x > m)) m = x
  return m
}

/**
 * Fields with merge policy `ask` that both sides changed since the common base (stamps differ
 * from the base's) to different values: the merge took the newest, the user should confirm.
 * Without a base (ancestor body compacted away) any differing value is reported.
 */
export function askConflicts(def: SyncedTableDef, mine: SyncDoc, theirs: SyncDoc, base: SyncDoc | null): Record<string, ConflictField> {
  const out: Record<string, ConflictField> = {}
  for (const [f, policy] of Object.entries(def.merge ?? {})) {
    if (policy !== 'ask') continue
    const m = mine.lb.fieldHlc[f] ?? ''
    const t = theirs.lb.fieldHlc[f] ?? ''
    if (m === t || stableStringify(mine[f] ?? null) === stableStringify(theirs[f] ?? null)) continue
    if (base) {
      const b = base.lb.fieldHlc[f] ?? ''
      if (m === b || t === b) continue
    }
    out[f] = { base: base ? base[f] ?? null : null, mine: mine[f] ?? null, theirs: theirs[f] ?? null, mineHlc: m || null, theirsHlc: t || null }
  }
  return out
}
