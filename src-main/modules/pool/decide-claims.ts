import { parseHlc } from '../../core/hlc'
import type { ClaimStatus } from './pool.table'

export interface ClaimCandidate {
  id: string
  customerId: string
  /** The pool stay the claim was made in (customer's releasedAt at the claim, 0 if none). */
  round: number
  claimerId: string
  /** The claimer's HLC stamp at the claim. */
  claimHlc: string
  status: ClaimStatus
}

export interface ClaimDecision {
  customerId: string
  round: number
  /** Null when every claim of the round was rejected (the customer goes back to the pool). */
  winner: ClaimCandidate | null
  /** Claims that lose, with the reason to show their claimer. */
  losers: { claim: ClaimCandidate; reasonKey: string }[]
}

export const CLAIM_LOST = 'errors.claimLost'

/**
 * Which claim wins when several people claimed the same pool customer in the same round (two
 * offline laptops). Pure and order-independent, so every device and the sync authority reach
 * the same answer from the same claims:
 * - claims already rejected stay rejected (their own reason);
 * - a claim the authority confirmed wins;
 * - otherwise the earliest HLC stamp wins (physical time, then counter), ties broken by the
 *   stamp's node id, then by claim id; every other claim loses with 'errors.claimLost'.
 */
export function decideClaims(claims: readonly ClaimCandidate[]): ClaimDecision[] {
  const rounds = new Map<string, ClaimCandidate[]>()
  for (const c of claims) {
    const key = `${c.customerId}\u0000${c.round}`
    const list = rounds.get(key)
    if (list) list.push(c)
    else rounds.set(key, [c])
  }
  const out: ClaimDecision[] = []
  for (const list of rounds.values()) {
    const live = list.filter((c) => c.status !== 'rejected').sort(compareClaims)
    const confirmed = live.filter((c) => c.status === 'confirmed')
    const winner = confirmed[0] ?? live[0] ?? null
    out.push({
      customerId: list[0]!.customerId,
      round: list[0]!.round,
      winner,
      losers: live.filter((c) => c !== winner).sort(compareClaims).map((claim) => ({ claim, reasonKey: CLAIM_LOST })),
    })
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.round - b.round))
}

/** Earlier claim first: HLC time, counter, node, then claim id. */
export function compareClaims(a: ClaimCandidate, b: ClaimCandidate): number {
  const x = parseHlc(a.claimHlc)
  const y = parseHlc(b.claimHlc)
  if (x.ms !== y.ms) return x.ms - y.ms
  if (x.counter !== y.counter) return x.counter - y.counter
  if (x.node !== y.node) return x.node < y.node ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
