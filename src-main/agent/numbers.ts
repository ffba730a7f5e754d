import { isSyncDoc, type SyncDoc } from '../sync/doc'
import type { PouchDoc } from '../sync/pouch'
import type { AgentCtx } from './context'
import { formatNumber, newCounter, numberDate, numberingRuleSchema, periodOf, reserve, ruleDocId, type CounterDoc, type NumberingRule } from './numbering'
import { agentVersion, stampAfter } from './versions'

/** Documents waiting for an official number. */
export function wantsNumber(doc: PouchDoc): doc is SyncDoc & { number: string; numberRule: string } {
  return isSyncDoc(doc) && !doc._deleted && doc.numberStatus === 'provisional' && typeof doc.numberRule === 'string' && typeof doc.number === 'string'
}

/**
 * The document id of the group's first version when `doc` is a later version of a numbered
 * group (`groupId` differs from its own id: quote revisions), else null.
 */
export function rootIdOf(doc: SyncDoc): string | null {
  const g = doc.groupId
  const type = doc.lb.type
  if (typeof g !== 'string' || g === '' || !doc._id.startsWith(`${type}:`)) return null
  return doc._id.slice(type.length + 1) === g ? null : `${type}:${g}`
}

/**
 * Rule 3, official numbers. The serial is reserved for the document inside the counter
 * document (one write with its _rev: a 409 means another write won, re-read and retry), then
 * written onto the document. A restart between the two finds the reservation and writes the
 * same serial: no number is skipped or given twice.
 */
export class NumberAllocator {
  /** Documents numbered since this process started, per counter (their reservations can go). */
  private readonly done = new Map<string, Set<string>>()

  constructor(private readonly c: AgentCtx) {}

  /**
   * Versions (a revised quote) waiting for their group's first version to reach this database,
   * per database: root document id → version ids. Kept in the agent's checkpoint.
   */
  private readonly waiting = new Map<string, Map<string, Set<string>>>()

  /** Numbers `doc`: a later version of a group takes its first version's number (see group()). */
  async assign(db: string, doc: SyncDoc & { numberRule: string }): Promise<void> {
    const root = rootIdOf(doc)
    if (root) return this.group(db, doc, root)
    return this.own(db, doc)
  }

  /**
   * A later version (`groupId` ≠ its id, e.g. quote v2 revised offline while v1's number was
   * provisional) reuses the official number of the group's first version: that version is
   * numbered first if it is still provisional (its serial is reserved under its own id and
   * dated by it), so the group gets one serial whichever version the agent sees first. When the
   * first version is not in this database yet, the version waits for it (`waiting`).
   */
  private async group(db: string, doc: SyncDoc, rootId: string): Promise<void> {
    let root = await this.c.couch.get(db, rootId)
    if (!root || root._deleted || !isSyncDoc(root) || typeof root.numberStatus !== 'string') {
      this.wait(db, rootId, doc._id)
      this.c.log(`number ${doc._id} waits for ${rootId} (${db})`)
      return
    }
    if (wantsNumber(root)) {
      await this.own(db, root)
      root = await this.c.couch.get(db, rootId)
    }
    if (!root || !isSyncDoc(root) || root.numberStatus !== 'official' || typeof root.number !== 'string') {
      this.c.log(`number ${doc._id} skipped: ${rootId} has no official number`)
      return
    }
    await this.write(db, doc._id, root.number, null)
  }

  private wait(db: string, rootId: string, docId: string): void {
    const m = this.waiting.get(db) ?? new Map<string, Set<string>>()
    const s = m.get(rootId) ?? new Set<string>()
    s.add(docId)
    m.set(rootId, s)
    this.waiting.set(db, m)
  }

  /** Waiting versions from the checkpoint of `db` (at start). */
  loadWaiting(db: string, w: unknown): void {
    if (!w || typeof w !== 'object') return
    for (const [rootId, ids] of Object.entries(w as Record<string, unknown>)) {
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') this.wait(db, rootId, id)
    }
  }

  /** Waiting versions of `db`, for its checkpoint. */
  waitingOf(db: string): Record<string, string[]> {
    const out: Record<string, string[]> = {}
    for (const [rootId, ids] of this.waiting.get(db) ?? []) out[rootId] = [...ids].sort()
    return out
  }

  /** Numbers the versions that waited for a first version among `seen` (ids of a batch). */
  async settleWaiting(db: string, seen: readonly string[]): Promise<void> {
    const m = this.waiting.get(db)
    if (!m) return
    for (const rootId of seen) {
      const ids = m.get(rootId)
      if (!ids) continue
      m.delete(rootId)
      for (const id of [...ids].sort()) {
        const cur = await this.c.couch.get(db, id)
        if (cur && wantsNumber(cur)) await this.assign(db, cur)
      }
    }
  }

  private async own(db: string, doc: SyncDoc & { numberRule: string }): Promise<void> {
    const rule = await this.rule(doc.numberRule)
    if (!rule) { this.c.log(`number ${doc._id} skipped: no valid numbering rule '${doc.numberRule}'`); return }
    const at = numberDate(doc)
    const period = periodOf(rule, at)
    const counter = await this.reserve(doc.numberRule, period, doc._id)
    await this.c.fault?.('numbers.afterReserve')
    const official = formatNumber(rule, at, counter.serial)
    await this.write(db, doc._id, official, { id: counter.id, serial: counter.serial })
  }

  /** Writes `official` onto the provisional document `id` (re-read, retried on 409). */
  private async write(db: string, id: string, official: string, counter: { id: string; serial: number } | null): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const cur = await this.c.couch.get(db, id)
      if (!cur || cur._deleted || !isSyncDoc(cur)) {
        this.c.log(`number ${id} not written: document gone${counter ? ` (serial ${counter.serial} of ${counter.id} stays unused)` : ''}`)
        return
      }
      if (cur.numberStatus !== 'provisional') { if (counter) this.markDone(counter.id, id); return }
      const stamp = stampAfter(this.c.clock, [cur])
      const version = agentVersion(cur, { number: official, numberStatus: 'official', provisionalNumber: cur.number ?? null }, stamp)
      const rev = await this.c.couch.update(db, { ...version, _rev: cur._rev! })
      if (rev) {
        this.c.log(`number ${id} ${String(cur.number)} -> ${official} (${db})`)
        if (counter) this.markDone(counter.id, id)
        await this.c.fault?.('numbers.afterWrite')
        return
      }
    }
    throw new Error(`numbering ${id}: too many conflicts`)
  }

  private markDone(counterId: string, docId: string): void {
    const s = this.done.get(counterId) ?? new Set<string>()
    s.add(docId)
    this.done.set(counterId, s)
  }

  private async rule(ruleId: string): Promise<NumberingRule | null> {
    const d = await this.c.couch.get(this.c.topology.companyDb, ruleDocId(ruleId))
    if (!d || d._deleted || d.deletedAt) return null
    const parsed = numberingRuleSchema.safeParse({ prefix: d.prefix, datePart: d.datePart, serialWidth: d.serialWidth, reset: d.reset, separator: d.separator ?? undefined })
    return parsed.success ? parsed.data : null
  }

  private async reserve(ruleId: string, period: string, docId: string): Promise<{ id: string; serial: number }> {
    const db = this.c.topology.companyDb
    const id = newCounter(ruleId, period)._id
    for (let attempt = 0; attempt < 20; attempt++) {
      const cur = await this.c.couch.get(db, id)
      const counter = cur && !cur._deleted ? (cur as unknown as CounterDoc) : newCounter(ruleId, period)
      const { serial, write } = reserve(counter, docId, this.done.get(id))
      if (!write) return { id, serial }
      if (await this.c.couch.update(db, { ...write })) {
        this.done.delete(id)
        return { id, serial }
      }
    }
    throw new Error(`counter ${id}: too many conflicts`)
  }
}
