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
 * Rule 3, official numbers. The serial is reserved for the document inside the counter
 * document (one write with its _rev: a 409 means another write won, re-read and retry), then
 * written onto the document. A restart between the two finds the reservation and writes the
 * same serial: no number is skipped or given twice.
 */
export class NumberAllocator {
  /** Documents numbered since this process started, per counter (their reservations can go). */
  private readonly done = new Map<string, Set<string>>()

  constructor(private readonly c: AgentCtx) {}

  async assign(db: string, doc: SyncDoc & { numberRule: string }): Promise<void> {
    const rule = await this.rule(doc.numberRule)
    if (!rule) { this.c.log(`number ${doc._id} skipped: no valid numbering rule '${doc.numberRule}'`); return }
    const at = numberDate(doc)
    const period = periodOf(rule, at)
    const counter = await this.reserve(doc.numberRule, period, doc._id)
    await this.c.fault?.('numbers.afterReserve')
    const official = formatNumber(rule, at, counter.serial)
    for (let attempt = 0; attempt < 10; attempt++) {
      const cur = await this.c.couch.get(db, doc._id)
      if (!cur || cur._deleted || !isSyncDoc(cur)) { this.c.log(`number ${doc._id} not written: document gone (serial ${counter.serial} of ${counter.id} stays unused)`); return }
      if (cur.numberStatus !== 'provisional') { this.markDone(counter.id, doc._id); return }
      const stamp = stampAfter(this.c.clock, [cur])
      const version = agentVersion(cur, { number: official, numberStatus: 'official', provisionalNumber: cur.number ?? null }, stamp)
      const rev = await this.c.couch.update(db, { ...version, _rev: cur._rev! })
      if (rev) {
        this.c.log(`number ${doc._id} ${String(cur.number)} -> ${official} (${db})`)
        this.markDone(counter.id, doc._id)
        await this.c.fault?.('numbers.afterWrite')
        return
      }
    }
    throw new Error(`numbering ${doc._id}: too many conflicts`)
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
