import { pinyin } from 'pinyin-pro'

/** Full-width ASCII (ＡＢＣ１２３，) to half-width, ideographic space to space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

const LEGAL_SUFFIXES = ['股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '股份公司', '集团公司', '分公司', '公司', '集团', 'co.,ltd.', 'co.,ltd', 'co.ltd', 'coltd', 'limited', 'ltd', 'inc', 'corp', 'llc']
/** Stripped once, not per call: the per-call regex replaces were most of a name's cost (every synced or imported customer). */
const STRIPPED_SUFFIXES = LEGAL_SUFFIXES.map((suffix) => suffix.replace(/[\s\p{P}]/gu, ''))

/**
 * Company name as compared by the duplicate check (查重): half-width, lower case, without spaces,
 * punctuation, brackets, and legal-form suffixes such as 有限公司 / 股份有限公司.
 */
export function normalizeCompanyName(name: string): string {
  let s = toHalfWidth(name).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')
  let changed = true
  while (changed) {
    changed = false
    for (const suf of STRIPPED_SUFFIXES) {
      if (s.length > suf.length && s.endsWith(suf)) { s = s.slice(0, -suf.length); changed = true }
    }
  }
  return s
}

const MAX_ALTERNATIVES = 4

/** Per-character initials are cached: a pinyin-pro call costs ~15 µs, and names share characters. */
const initialsCache = new Map<string, string[]>()
function charInitials(ch: string): string[] {
  let hit = initialsCache.get(ch)
  if (!hit) {
    hit = /\p{Script=Han}/u.test(ch)
      ? [...new Set(pinyin(ch, { pattern: 'first', toneType: 'none', type: 'array', multiple: true }))]
      : /[a-z0-9]/.test(ch) ? [ch] : []
    if (initialsCache.size < 50_000) initialsCache.set(ch, hit)
  }
  return hit
}

/**
 * Whole names too: every write computes a customer's initials twice (the `pinyin` column in
 * derive, the search keys in the index) within one transaction; the contextual reading of a
 * name is most of the cost (~20 µs). Bounded (a 10,000-customer import fits), oldest out first.
 */
const NAMES_CACHE_MAX = 20_000
const namesCache = new Map<string, string[]>()

/**
 * Empties the per-character and per-name caches. For benchmarks only: a device's initial sync
 * starts in a fresh process, so repeated runs in one process must not find the names cached.
 */
export function resetInitialsCaches(): void {
  initialsCache.clear()
  namesCache.clear()
}

/**
 * Pinyin initials of a name: the contextual reading first (长安 → ca), then alternatives for
 * polyphonic characters (长 → c / z), at most a few, so either spelling finds the customer.
 */
export function pinyinInitials(name: string, contextual?: string): string[] {
  let hit = namesCache.get(name)
  if (!hit) {
    hit = computeInitials(name, contextual)
    if (namesCache.size >= NAMES_CACHE_MAX) namesCache.delete(namesCache.keys().next().value!)
    namesCache.set(name, hit)
  }
  return [...hit]
}

/**
 * Version of the initials computation: bump it whenever `computeInitials`, its options or the
 * pinyin-pro version change what a name gives (sync-carry.test.ts pins the pinyin-pro version),
 * so that initials carried by documents from apps computing differently are not reused. A bump
 * must come with a migration recomputing `customers.pinyin`: the pump stamps the stored value
 * with the current version.
 */
export const INITIALS_VERSION = 1

/**
 * Fingerprint of a name's initials: the version and a 53-bit hash of the name (cyrb53). A
 * document carries it with the customer's `pinyin` (customers.synced.ts `carry`); a receiver
 * reuses the value only for a name with the same fingerprint (a collision needs 2^53 renames).
 */
export function initialsKey(name: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return `${INITIALS_VERSION}.${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`
}

/**
 * `known`: the contextual reading when the caller has it — `pinyinInitials(name)[0]`, stored in
 * customers.pinyin — so a bulk index build past the cache does not segment every name again.
 * (When the contextual reading is empty, the name has no character pinyin-pro knows and a
 * single per-character combination, so [0] is still the same first entry.)
 */
function computeInitials(name: string, known?: string): string[] {
  const text = toHalfWidth(name).toLowerCase()
  const contextual = known || pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('').replace(/[^a-z0-9]/g, '')
  const perChar = [...text].map(charInitials)
  const out = new Set<string>([contextual])
  let combos = ['']
  for (const options of perChar) {
    if (options.length === 0) continue
    const next: string[] = []
    for (const c of combos) for (const o of options) if (next.length < MAX_ALTERNATIVES * 4) next.push(c + o)
    combos = next
  }
  for (const c of combos) { if (out.size >= MAX_ALTERNATIVES) break; out.add(c) }
  return [...out].filter(Boolean)
}

/** Overlapping bigrams plus the last character alone, so 1-char prefix and 2+-char phrase queries match. */
export function bigramTokens(text: string): string[] {
  const chars = [...toHalfWidth(text).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')]
  if (chars.length === 0) return []
  if (chars.length === 1) return [chars[0]!]
  const out: string[] = []
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!)
  out.push(chars[chars.length - 1]!)
  return out
}

/** FTS5 query for a search term: a phrase of its bigrams, or a prefix query for one character. */
export function ftsQuery(term: string): string | null {
  const chars = [...toHalfWidth(term).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')]
  if (chars.length === 0) return null
  if (chars.length === 1) return `"${chars[0]}"*`
  const grams: string[] = []
  for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!)
  return `"${grams.join(' ')}"`
}

/**
 * Digits only, as dialled inside China: a +86 / 0086 country code is dropped from mobiles
 * (+86 138… → 138…) and replaced by the trunk 0 on landlines (+86 571 8888… → 0571 8888…).
 */
export function normalizePhone(phone: string | null | undefined): string {
  const d = toHalfWidth(phone ?? '').replace(/\D/g, '')
  const mobile = /^(?:0086|86)(1\d{10})$/.exec(d)
  if (mobile) return mobile[1]!
  // Area code without its 0 (10 = Beijing, 2x, or 3 digits from 3xx) + a 7–8 digit number.
  const landline = /^(?:0086|86)(10\d{8}|[2-9]\d{8,10})$/.exec(d)
  return landline ? `0${landline[1]}` : d
}

export function reversedDigits(phone: string | null | undefined): string {
  return [...normalizePhone(phone)].reverse().join('')
}

/** 统一社会信用代码: 18 characters, GB 32100-2015 check digit. */
export function isValidCreditCode(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  const c = code.toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += chars.indexOf(c[i]!) * weights[i]!
  const check = (31 - (sum % 31)) % 31
  return chars[check] === c[17]
}
