import type { PoolRules } from '../../src-preload/contracts/pool'
import { parseHlc } from '../core/hlc'
import { CLAIM_LOST, compareClaims, decideClaims, type ClaimCandidate } from '../modules/pool/decide-claims'
import { DAY_MS, POOL_RULES_ID } from '../modules/pool/derived-id'
import { DEFAULT_POOL_RULES, localDayStart } from '../modules/pool/pool.service'
import { isSyncDoc, type SyncDoc } from '../sync/doc'
import { isClaimDoc, type AgentDecision, type ChildIndex, type ClaimIndex, type ClaimView } from './claim-index'
import type { AgentCtx } from './context'
import { CouchError, type Leaf } from './couch'
import { customerDb } from './topology'
import { agentVersion, liveLeaves, mergeLive, placeVersion, stampAfter, tombstone, type OwnedMeta } from './versions'

/** Reason keys of the pool module (errors.* of the renderer), reused for the agent's refusals. */
export const REASON = { lost: CLAIM_LOST, dailyCap: 'errors.claimCapReached', holdCap: 'errors.holdCapReached', reclaimBlocked: 'errors.reclaimBlocked' } as const

/** Children whose owner follows the customer's (reassignCustomerRecords on devices). */
const OWNER_FOLLOWS_CUSTOMER = new Set(['followup', 'opportunity'])

/**
 * The owner patch of a claimed customer's child, as reassignCustomerRecords does on devices:
 * follow-ups and opportunities go to the new owner, and so do pending reminders that come from
 * them (sourceType set; users' own reminders stay with their authors). Other children (contacts,
 * quotes, activities …) have no owner of their own to change; they move with the customer.
 */
export function childOwnerPatch(doc: SyncDoc, ownerId: string): Record<string, unknown> {
  if (doc.ownerId === ownerId) return {}
  if (OWNER_FOLLOWS_CUSTOMER.has(doc.lb.type)) return { ownerId }
  if (doc.lb.type === 'reminder' && doc.status === 'pending' && doc.sourceType != null && doc.deletedAt == null) return { ownerId }
  return {}
}

const maxStamp = (d: SyncDoc) => Object.values(d.lb.fieldHlc).reduce((m, s) => (s > m ? s : m), d.lb.hlc)

/**
 * Rule 1, 公海 claims: the one authority. For a customer's pool stay (customer, round) it picks
 * the winner with decideClaims (the devices' own function) among claims that pass the caps,
 * writes each claim's decision into the claim document, and then moves the customer to the
 * winner's database (or back to the pool when every claim was refused). Every step re-reads
 * documents and writes only what differs, so a restart anywhere repeats nothing.
 */
export class ClaimJudge {
  constructor(private readonly c: AgentCtx, private readonly index: ClaimIndex, private readonly children: ChildIndex) {}

  async settle(customerId: string, round: number): Promise<void> {
    const views = this.index.round(customerId, round)
    if (views.length === 0) return
    if (views.some((v) => !v.decision)) await this.decide(customerId, round, views)
    await this.reassert(customerId, round)
    await this.place(customerId, round)
  }

  private async decide(customerId: string, round: number, views: ClaimView[]): Promise<void> {
    const rules = await this.rules()
    const copies = await this.customerCopies(customerId, views)
    const customer = copies.live.length ? mergeLive(copies.live) : null
    const cands: ClaimCandidate[] = views.map((v) => ({ id: v.id, customerId, round, claimerId: v.claimerId, claimHlc: v.claimHlc, status: v.decision?.status ?? 'pending' }))
    const reasons = new Map<string, string>()
    // The earliest claim that passes the caps wins; one refused for a cap lets the next try.
    for (let i = 0; i <= cands.length; i++) {
      const w = decideClaims(cands)[0]?.winner
      if (!w || w.status === 'confirmed') break
      const refusal = await this.refusal(views.find((v) => v.id === w.id)!, customer, rules)
      if (!refusal) { w.status = 'confirmed'; break }
      w.status = 'rejected'
      reasons.set(w.id, refusal)
    }
    for (const l of decideClaims(cands)[0]?.losers ?? []) if (!reasons.has(l.claim.id)) reasons.set(l.claim.id, l.reasonKey)
    const claimDocs = views.flatMap((v) => this.index.copiesOf(v.id).map(([, d]) => d))
    const stamp = stampAfter(this.c.clock, [...claimDocs, ...copies.live])
    const at = this.c.now()
    const undecided = cands.filter((x) => !views.find((v) => v.id === x.id)!.decision).sort(compareClaims)
    for (const x of undecided) {
      const confirmed = x.status === 'confirmed'
      const decision: AgentDecision = { status: confirmed ? 'confirmed' : 'rejected', reasonKey: confirmed ? null : reasons.get(x.id) ?? CLAIM_LOST, hlc: stamp, at }
      for (const [db] of this.index.copiesOf(x.id)) await this.writeDecision(db, x.id, decision)
      this.c.log(`claim ${x.id} ${decision.status}${decision.reasonKey ? ` ${decision.reasonKey}` : ''} customer=${customerId} round=${round} claimer=${x.claimerId}`)
    }
    await this.c.fault?.('claims.afterDecision')
  }

  /** Why a claim may not win, or null: reclaim block, daily cap, hold cap (docs/SYNC.md). */
  private async refusal(v: ClaimView, customer: SyncDoc | null, rules: PoolRules): Promise<string | null> {
    if (rules.reclaimBlockDays > 0 && v.round > 0 && customer?.previousOwnerId === v.claimerId && v.claimedAt < v.round + rules.reclaimBlockDays * DAY_MS) return REASON.reclaimBlocked
    if (rules.dailyClaimCap > 0) {
      const day = localDayStart(v.claimedAt)
      const n = this.index.ofClaimer(v.claimerId).filter((x) => x.id !== v.id && x.decision?.status === 'confirmed' && localDayStart(x.claimedAt) === day).length
      if (n >= rules.dailyClaimCap) return REASON.dailyCap
    }
    if (rules.holdCap > 0 && (await this.holdCount(v.claimerId, rules.holdCapCountsWon)) >= rules.holdCap) return REASON.holdCap
    return null
  }

  /**
   * 库容 as the authority counts it: live customers in the user's database owned by the user,
   * without those held only through claims not yet decided (the device assigns at once).
   */
  private async holdCount(userId: string, countWon: boolean): Promise<number> {
    const undecided = new Set(this.index.ofClaimer(userId).filter((x) => !x.decision).map((x) => `customer:${x.customerId}`))
    let n = 0
    try {
      for await (const d of this.c.couch.byPrefix(customerDb(this.c.topology, userId), 'customer:')) {
        if (isSyncDoc(d) && d.ownerId === userId && d.deletedAt == null && (countWon || !d.won) && !undecided.has(d._id)) n++
      }
    } catch (err) {
      if (!(err instanceof CouchError && err.status === 404)) throw err
    }
    return n
  }

  private async writeDecision(db: string, claimId: string, decision: AgentDecision): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const cur = await this.c.couch.get(db, claimId)
      if (!isClaimDoc(cur)) return
      const same = cur.agentDecision?.hlc === decision.hlc && cur.status === decision.status && (cur.reasonKey ?? null) === decision.reasonKey
      if (same) { this.index.put(db, cur); return }
      // The decision's own stamp when it is still the newest, so a replay writes the same version.
      const stamp = maxStamp(cur) < decision.hlc ? decision.hlc : stampAfter(this.c.clock, [cur])
      const version = agentVersion(cur, { status: decision.status, reasonKey: decision.reasonKey, decidedAt: decision.at, agentDecision: decision }, stamp)
      const rev = await this.c.couch.update(db, { ...version, _rev: cur._rev! })
      if (rev) { this.index.put(db, { ...version, _rev: rev } as typeof cur); return }
    }
    throw new Error(`claim ${claimId} in ${db}: too many conflicts`)
  }

  /** Decided claims whose copies lack the decision or show another status (a device's guess written over it). */
  private async reassert(customerId: string, round: number): Promise<void> {
    for (const v of this.index.round(customerId, round)) {
      const d = v.decision
      if (!d) continue
      for (const [db, doc] of this.index.copiesOf(v.id)) {
        if (doc.agentDecision?.hlc === d.hlc && doc.status === d.status && (doc.reasonKey ?? null) === d.reasonKey) continue
        await this.writeDecision(db, v.id, d)
        this.c.log(`claim ${v.id} ${d.status} restated in ${db}`)
      }
    }
  }

  /** Where copies of the customer may be: the pool and the claimers' (and winner's) databases. */
  private async customerCopies(customerId: string, views: ClaimView[]): Promise<{ byDb: [string, Leaf[]][]; live: (Leaf & SyncDoc)[] }> {
    const t = this.c.topology
    const dbs = [...new Set([t.poolDb, ...views.map((v) => customerDb(t, v.claimerId))])]
    const byDb: [string, Leaf[]][] = []
    for (const db of dbs) {
      try { byDb.push([db, await this.c.couch.leaves(db, `customer:${customerId}`)]) } catch (err) {
        if (!(err instanceof CouchError && err.status === 404)) throw err
      }
    }
    return { byDb, live: byDb.flatMap(([, ls]) => liveLeaves(ls)) }
  }

  /**
   * Puts the customer where the decisions say: with the winner (ownerId, `lb.owner`, in the
   * winner's database, children from lb_pool_hidden with it), or back in the pool when every
   * claim was refused; copies elsewhere are deleted. Skipped when the customer changed hands
   * after the decision (its ownerId stamp is newer): that change routes it (rule 2).
   */
  private async place(customerId: string, round: number): Promise<void> {
    const views = this.index.round(customerId, round)
    if (views.length === 0 || views.some((v) => !v.decision)) return
    const winner = views.find((v) => v.decision!.status === 'confirmed') ?? null
    const decisionHlc = winner ? winner.decision!.hlc : views.map((v) => v.decision!.hlc).sort().pop()!
    const copies = await this.customerCopies(customerId, views)
    if (copies.live.length === 0) return
    const ownerStamp = copies.live.map((l) => l.lb.fieldHlc.ownerId ?? '').sort().pop()!
    if (ownerStamp > decisionHlc) return
    const merged = mergeLive(copies.live)
    let patch: Record<string, unknown>
    let owner: string | null
    if (winner) {
      patch = { ownerId: winner.claimerId, releasedAt: null }
      owner = winner.claimerId
    } else {
      const holder = typeof merged.ownerId === 'string' ? views.find((v) => v.claimerId === merged.ownerId) : null
      if (merged.ownerId != null && !holder) return
      // The values the claimer's own device writes when its claim is refused (claim-resolver.ts).
      patch = holder ? { ownerId: null, releasedAt: round || parseHlc(holder.claimHlc).ms } : {}
      owner = null
    }
    const target = customerDb(this.c.topology, owner)
    const newest = copies.byDb.find(([, ls]) => liveLeaves(ls).some((l) => l.lb.hlc === merged.lb.hlc))?.[1] ?? []
    const wrote = Object.keys(patch).length || !copies.byDb.some(([db, ls]) => db === target && liveLeaves(ls).length)
      ? await placeVersion(this.c.couch, target, agentVersion(merged, patch, decisionHlc, owner), liveLeaves(newest))
      : false
    let removed = 0
    for (const [db, ls] of copies.byDb) if (db !== target) removed += await tombstone(this.c.couch, db, ls, target)
    if (winner) removed += await this.moveChildren(customerId, winner.claimerId, target)
    if (wrote || removed) this.c.log(`customer ${customerId} placed in ${target} owner=${owner ?? 'pool'}${removed ? ` (${removed} copies removed)` : ''}`)
    await this.c.fault?.('claims.afterPlacement')
  }

  /** Contacts, follow-ups … of a claimed customer: out of lb_pool_hidden into the winner's database. */
  private async moveChildren(customerId: string, ownerId: string, target: string): Promise<number> {
    const hidden = this.c.topology.hiddenDb
    if (!hidden || hidden === target) return 0
    let moved = 0
    for (const id of this.children.childrenOf(customerId)) {
      const live = liveLeaves(await this.c.couch.leaves(hidden, id))
      if (live.length === 0) continue
      const there = liveLeaves(await this.c.couch.leaves(target, id))
      if (!there.some((l) => (l.lb as OwnedMeta).owner === ownerId)) {
        const merged = mergeLive(live)
        const patch = childOwnerPatch(merged, ownerId)
        await placeVersion(this.c.couch, target, agentVersion(merged, patch, stampAfter(this.c.clock, live), ownerId), live)
      }
      moved += await tombstone(this.c.couch, hidden, live, target)
    }
    return moved
  }

  private async rules(): Promise<PoolRules> {
    const d = await this.c.couch.get(this.c.topology.companyDb, `pool_rules:${POOL_RULES_ID}`)
    const out: PoolRules = { ...DEFAULT_POOL_RULES }
    if (!d || d._deleted) return out
    for (const k of Object.keys(out) as (keyof PoolRules)[]) {
      const v = d[k]
      if (typeof v === typeof out[k]) (out as unknown as Record<string, unknown>)[k] = v
    }
    return out
  }
}
