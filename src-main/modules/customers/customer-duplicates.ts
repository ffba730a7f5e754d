import type { Sqlite } from '../../core/db'
import type { DuplicateMatch } from '../../../src-preload/contracts/customers'
import { ftsQuery, normalizeCompanyName, normalizePhone, reversedDigits } from './search-keys'

export type DuplicateReason = DuplicateMatch['reason']
export interface DuplicateQuery { name?: string | null; phones?: (string | null | undefined)[]; creditCode?: string | null; excludeIds?: readonly string[] }
export interface DuplicateHit { customerId: string; name: string; ownerId: string | null; reason: DuplicateReason }

/** Shorter numbers (extensions, partial numbers) would match unrelated customers. */
export const MIN_PHONE_DIGITS = 7
/** Most matches returned; the strongest reasons first. */
export const MAX_DUPLICATES = 20
/** Candidates read per similar-name probe (each probe is an FTS5 query, never a scan). */
const SIMILAR_CANDIDATES = 300
/** Candidates read per typo probe (same length ± d); a broad pair such as 杭州 AND 科技 needs more. */
const TYPO_CANDIDATES = 3000
const STRENGTH: Record<DuplicateReason, number> = { creditCode: 0, phone: 1, name: 2, similarName: 3 }

interface Candidate { id: string; name: string; nameNorm: string; ownerId: string | null }

/**
 * 查重 over all live customers, the pool and other owners' customers included: same
 * 统一社会信用代码; same phone after normalising (customer phone, contacts' mobiles and phones:
 * the customer_keys 'r:' key, exact); same name after normalising (全角/半角, spaces, punctuation,
 * legal-form suffixes: the name_norm index); near-identical names (see similarCandidates).
 * Each customer appears once, under its strongest reason.
 */
export function findDuplicates(sqlite: Sqlite, q: DuplicateQuery): DuplicateHit[] {
  const hits = new Map<string, DuplicateHit>()
  const exclude = new Set(q.excludeIds ?? [])
  const add = (c: Candidate, reason: DuplicateReason) => {
    if (exclude.has(c.id)) return
    const prev = hits.get(c.id)
    if (!prev || STRENGTH[reason] < STRENGTH[prev.reason]) hits.set(c.id, { customerId: c.id, name: c.name, ownerId: c.ownerId, reason })
  }
  const live = `SELECT id, name, name_norm AS nameNorm, owner_id AS ownerId FROM customers WHERE deleted_at IS NULL`

  const code = q.creditCode?.trim().toUpperCase()
  if (code) for (const c of sqlite.prepare(`${live} AND credit_code = ?`).all(code) as Candidate[]) add(c, 'creditCode')

  const keys = [...new Set((q.phones ?? []).map((p) => normalizePhone(p)).filter((d) => d.length >= MIN_PHONE_DIGITS).map((d) => `r:${reversedDigits(d)}`))]
  if (keys.length) {
    const rows = sqlite.prepare(`${live} AND id IN (SELECT customer_id FROM customer_keys WHERE key IN (SELECT value FROM json_each(?)))`).all(JSON.stringify(keys)) as Candidate[]
    for (const c of rows) add(c, 'phone')
  }

  const norm = q.name ? normalizeCompanyName(q.name) : ''
  if ([...norm].length >= 2) {
    for (const c of sqlite.prepare(`${live} AND name_norm = ?`).all(norm) as Candidate[]) add(c, 'name')
    for (const c of similarCandidates(sqlite, norm)) add(c, 'similarName')
  }
  return [...hits.values()].sort((a, b) => STRENGTH[a.reason] - STRENGTH[b.reason] || a.name.localeCompare(b.name, 'zh-CN')).slice(0, MAX_DUPLICATES)
}

/**
 * Near-identical names (normalised): one contains the other (杭州恒达科技 / 恒达科技, at least 4
 * characters), or they differ by a typo: edit distance ≤ 1 from 5 characters, ≤ 2 from 8.
 * Candidates come from indexes only: the FTS5 bigram index for "contains" and for the typo
 * search (pigeonhole: split the name into d + 2 pieces, d edits leave at least two pieces intact,
 * so a candidate contains some pair of them: an FTS5 AND/OR query), and the name_norm index
 * for "contained in" (the name's substrings). Candidates are then checked exactly.
 */
export function similarCandidates(sqlite: Sqlite, norm: string): Candidate[] {
  const chars = [...norm]
  const n = chars.length
  const out = new Map<string, Candidate>()
  // Length bounds in SQL keep broad probes short; the exact test is done on what is left.
  const byFts = (match: string, minLen: number, maxLen: number, limit: number) => sqlite.prepare(`SELECT c.id, c.name, c.name_norm AS nameNorm, c.owner_id AS ownerId
    FROM customers_fts f CROSS JOIN customers c ON c.rowid = f.rowid
    WHERE customers_fts MATCH ? AND c.deleted_at IS NULL AND length(c.name_norm) BETWEEN ? AND ? LIMIT ?`).all(match, minLen, maxLen, limit) as Candidate[]
  if (n >= 4) {
    const contains = ftsQuery(norm)
    if (contains) for (const c of byFts(contains, n + 1, 1000, SIMILAR_CANDIDATES)) if (c.nameNorm !== norm && c.nameNorm.includes(norm)) out.set(c.id, c)
    const subs = new Set<string>()
    for (let len = Math.max(4, n - 6); len < n; len++) for (let i = 0; i + len <= n; i++) subs.add(chars.slice(i, i + len).join(''))
    if (subs.size) {
      const rows = sqlite.prepare(`SELECT id, name, name_norm AS nameNorm, owner_id AS ownerId FROM customers WHERE name_norm IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL LIMIT ?`)
        .all(JSON.stringify([...subs]), SIMILAR_CANDIDATES) as Candidate[]
      for (const c of rows) out.set(c.id, c)
    }
  }
  const d = n >= 8 ? 2 : n >= 5 ? 1 : 0
  if (d > 0) {
    const pieces = splitPieces(chars, d + 2).map((p) => ftsQuery(p)).filter((p): p is string => !!p)
    // One query per pair, each with its own limit, so a broad pair (杭州 AND 科技) cannot
    // crowd out the selective one that holds the typo'd name.
    for (let i = 0; i < pieces.length; i++) {
      for (let j = i + 1; j < pieces.length; j++) {
        for (const c of byFts(`${pieces[i]} AND ${pieces[j]}`, n - d, n + d, TYPO_CANDIDATES)) {
          if (c.nameNorm !== norm && editDistance([...c.nameNorm], chars, d) <= d) out.set(c.id, c)
        }
      }
    }
  }
  return [...out.values()]
}

function splitPieces(chars: string[], m: number): string[] {
  const out: string[] = []
  for (let i = 0; i < m; i++) out.push(chars.slice(Math.floor((i * chars.length) / m), Math.floor(((i + 1) * chars.length) / m)).join(''))
  return out.filter(Boolean)
}

/** Levenshtein distance, stopping early once it exceeds `max` (returns max + 1 then). */
export function editDistance(a: string[], b: string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      best = Math.min(best, cur[j]!)
    }
    if (best > max) return max + 1
    prev = cur
  }
  return prev[b.length]!
}
