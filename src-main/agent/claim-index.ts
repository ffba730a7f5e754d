import { isSyncDoc, type SyncDoc } from '../sync/doc'
import type { PouchDoc } from '../sync/pouch'
import type { ClaimStatus } from '../modules/pool/pool.table'

export const CLAIM_TYPE = 'pool_claim'

/**
 * The agent's decision, kept inside the claim document next to `status`: a device's local
 * guess ('rejected' / errors.claimLost when it saw an earlier claim) is not a decision; only
 * a claim carrying this is decided. `hlc` is the decision's stamp, reused on a restart so
 * re-deriving the same state writes the same values.
 */
export interface AgentDecision { status: Exclude<ClaimStatus, 'pending'>; reasonKey: string | null; hlc: string; at: number }

export type ClaimDoc = SyncDoc & {
  customerId: string
  claimerId: string
  claimedAt: number
  claimHlc: string
  round: number
  status: ClaimStatus
  reasonKey: string | null
  agentDecision?: AgentDecision
}

export function isClaimDoc(d: PouchDoc | null | undefined): d is ClaimDoc {
  return !!d && !d._deleted && isSyncDoc(d) && d.lb.type === CLAIM_TYPE && typeof d.customerId === 'string' && typeof d.claimerId === 'string' && typeof d.claimHlc === 'string' && typeof d.round === 'number' && d.deletedAt == null
}

/** A claim as the agent sees it: its fixed fields plus the decision on any copy. */
export interface ClaimView { id: string; customerId: string; claimerId: string; claimedAt: number; claimHlc: string; round: number; decision: AgentDecision | null }

export const roundKey = (customerId: string, round: number) => `${customerId}\u0000${round}`

/**
 * Every claim of every followed database, in memory: rounds spread over databases (a claim may
 * sit in lb_pool or in its claimer's database) and the daily cap counts a user's claims across
 * all. Built by a scan at start and kept current by the changes feeds; holds only documents.
 */
export class ClaimIndex {
  private readonly copies = new Map<string, Map<string, ClaimDoc>>()
  private readonly rounds = new Map<string, Set<string>>()
  private readonly byClaimer = new Map<string, Set<string>>()

  put(db: string, doc: ClaimDoc): void {
    let m = this.copies.get(doc._id)
    if (!m) { m = new Map(); this.copies.set(doc._id, m) }
    m.set(db, doc)
    add(this.rounds, roundKey(doc.customerId, doc.round), doc._id)
    add(this.byClaimer, doc.claimerId, doc._id)
  }

  remove(db: string, docId: string): void {
    const m = this.copies.get(docId)
    if (!m) return
    const any = [...m.values()][0]!
    m.delete(db)
    if (m.size > 0) return
    this.copies.delete(docId)
    this.rounds.get(roundKey(any.customerId, any.round))?.delete(docId)
    this.byClaimer.get(any.claimerId)?.delete(docId)
  }

  /** Live copies of a claim: database → document. */
  copiesOf(docId: string): [string, ClaimDoc][] { return [...(this.copies.get(docId) ?? new Map<string, ClaimDoc>())] }

  view(docId: string): ClaimView | null {
    const docs = [...(this.copies.get(docId)?.values() ?? [])]
    const d = docs[0]
    if (!d) return null
    let decision: AgentDecision | null = null
    for (const x of docs) if (x.agentDecision && (!decision || x.agentDecision.hlc > decision.hlc)) decision = x.agentDecision
    return { id: d._id, customerId: d.customerId, claimerId: d.claimerId, claimedAt: d.claimedAt, claimHlc: d.claimHlc, round: d.round, decision }
  }

  round(customerId: string, round: number): ClaimView[] {
    return [...(this.rounds.get(roundKey(customerId, round)) ?? [])].map((id) => this.view(id)).filter((v): v is ClaimView => !!v)
  }

  ofClaimer(userId: string): ClaimView[] {
    return [...(this.byClaimer.get(userId) ?? [])].map((id) => this.view(id)).filter((v): v is ClaimView => !!v)
  }
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k)
  if (s) s.add(v)
  else m.set(k, new Set([v]))
}

/** Customer id → ids of its children waiting in lb_pool_hidden (contacts, follow-ups …). */
export class ChildIndex {
  private readonly byCustomer = new Map<string, Set<string>>()
  private readonly customerOf = new Map<string, string>()

  put(doc: PouchDoc): void {
    if (!isSyncDoc(doc) || doc._deleted || typeof doc.customerId !== 'string') { this.remove(doc._id); return }
    this.remove(doc._id)
    add(this.byCustomer, doc.customerId, doc._id)
    this.customerOf.set(doc._id, doc.customerId)
  }

  remove(docId: string): void {
    const c = this.customerOf.get(docId)
    if (c === undefined) return
    this.customerOf.delete(docId)
    this.byCustomer.get(c)?.delete(docId)
  }

  childrenOf(customerId: string): string[] { return [...(this.byCustomer.get(customerId) ?? [])] }
}
