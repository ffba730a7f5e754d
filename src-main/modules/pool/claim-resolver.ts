import type { EventBus } from '../../core/events'
import { RecomputeOnChange } from '../../core/recompute-on-change'
import { parseHlc } from '../../core/hlc'
import type { Mutation, Writer } from '../../core/mutation'
import type { LogPort, NotificationsPort, SettingsPort } from '../../platform/ports'
import type { SessionStore } from '../auth/sessions'
import { CLAIM_LOST, decideClaims, type ClaimDecision } from './decide-claims'
import { DAY_MS, derivedId } from './derived-id'
import { nameList, poolText } from './notices'
import { changeOwner } from './ownership'
import type { PoolRepository } from './pool.repository'
import { poolClaims } from './pool.table'

export interface ResolverDeps {
  repo: PoolRepository
  mutation: Mutation
  now: () => number
  bus: EventBus
  sessions: SessionStore
  notifications: NotificationsPort
  settings: SettingsPort
  log: LogPort
}

/** Rejections older than this are not announced on a device that sees them for the first time. */
const NOTIFY_WINDOW_MS = 7 * DAY_MS

/**
 * Applies claim decisions on this device whenever claims change (own claims, and claims or
 * decisions sync brings from other devices): where two claims of one pool stay meet, the
 * deterministic winner (decideClaims) keeps or gets the customer and the others are rejected
 * with 'errors.claimLost'; a claim the authority rejected gives the customer back. Every
 * device computes the same outcome, so the writes converge. Rejected claimers are told once
 * per device, when they are logged in here.
 */
export class ClaimResolver extends RecomputeOnChange {
  constructor(private readonly d: ResolverDeps) {
    super(d, ['pool_claims'], 'pool claim resolution')
  }

  protected resolve(): void {
    const seen = new Set<string>()
    for (const r of [...this.d.repo.contestedRounds(), ...this.d.repo.rejectedStillHeld()]) {
      const key = `${r.customerId}:${r.round}`
      if (seen.has(key)) continue
      seen.add(key)
      const [decision] = decideClaims(this.d.repo.claimsOfRound(r.customerId, r.round))
      if (decision) this.d.mutation({ userId: null }, (w) => this.apply(w, decision))
    }
  }

  private apply(w: Writer, dec: ClaimDecision): void {
    for (const { claim, reasonKey } of dec.losers) {
      w.update(poolClaims, claim.id, { status: 'rejected', reasonKey, decidedAt: w.now })
    }
    const c = this.d.repo.customer(dec.customerId)
    if (!c || c.deletedAt || !c.ownerId) return
    const claims = this.d.repo.claimsOfRound(dec.customerId, dec.round)
    const held = claims.find((cl) => cl.claimerId === c.ownerId)
    const latest = this.d.repo.latestTransferClaim(c.id)
    // Only undo ownership that still rests on this round's claims; later transfers stand.
    if (!held || !claims.some((cl) => cl.id === latest)) return
    if (dec.winner && dec.winner.claimerId === c.ownerId) return
    // Lost to a claim this device cannot see (another salesperson's database): the server agent
    // moves the customer to the winner; putting it back in the pool here would undo that.
    if (!dec.winner && this.d.repo.claim(held.id)?.reasonKey === CLAIM_LOST) return
    const names = this.d.repo.userNames([c.ownerId, ...(dec.winner ? [dec.winner.claimerId] : [])])
    const loser = names.get(c.ownerId) ?? null
    if (dec.winner) {
      changeOwner(w, {
        customer: c, kind: 'claim', toOwnerId: dec.winner.claimerId, reason: '', byId: null, names, claimId: dec.winner.id,
        ids: { transfer: derivedId('claim-win', dec.winner.id, c.ownerId), activity: derivedId('claim-win-activity', dec.winner.id, c.ownerId) },
        summaryKey: 'timeline.pool.claimLost', params: { loser, winner: names.get(dec.winner.claimerId) ?? null },
      })
    } else {
      // Every claim of the round was rejected by the authority: back to the same pool stay.
      changeOwner(w, {
        customer: c, kind: 'reclaim', toOwnerId: null, reason: '', byId: null, names, keepPreviousOwner: true,
        // Deterministic, so every device writes the same value: the stay's start, else the claim's time.
        releasedAt: dec.round || parseHlc(held.claimHlc).ms,
        ids: { transfer: derivedId('claim-rejected', held.id), activity: derivedId('claim-rejected-activity', held.id) },
        summaryKey: 'timeline.pool.claimRejected', params: { loser },
      })
    }
  }

  /** Tells claimers logged in on this device that their claim was rejected (once per device). */
  notify(): void {
    const rows = this.d.repo.unnotifiedRejections(this.d.now() - NOTIFY_WINDOW_MS)
    if (rows.length === 0) return
    const text = poolText(this.d.settings)
    for (const r of rows) {
      if (this.d.sessions.connectionsOf(r.claimerId).length === 0) continue
      const body = r.reasonKey === CLAIM_LOST ? text.claimLostBody(nameList([r.customerName])) : text.claimRejectedBody(nameList([r.customerName]))
      this.d.notifications.show({ title: text.claimLostTitle, body, tag: `pool-claim:${r.id}`, userId: r.claimerId })
      this.d.repo.markNotified(r.id, this.d.now())
    }
  }
}
