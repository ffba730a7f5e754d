import { createHash } from 'node:crypto'

/**
 * A UUID (version 8 layout over SHA-256) derived from its parts, for records several devices
 * may write for the same event (the rules record, a rules-based reclaim): they write one
 * document that sync merges instead of duplicates.
 */
export function derivedId(...parts: (string | number)[]): string {
  const b = createHash('sha256').update(`laibang:${parts.join(':')}`).digest().subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const POOL_RULES_ID = derivedId('pool_rules')
export const DAY_MS = 86_400_000
