/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) for contacts: writing with escaping and folding at
 * 75 octets that never splits a UTF-8 character, reading folded lines, quoted-printable
 * (CHARSET=UTF-8 or GBK from old phone exports) and both TYPE styles.
 */

export interface VCardContact {
  name: string
  org: string | null
  title: string | null
  mobile: string | null
  phone: string | null
  email: string | null
  wechat: string | null
  /** YYYY-MM-DD */
  birthday: string | null
  /** Work address of the customer: province, city, street. */
  address: { province: string | null; city: string | null; street: string | null } | null
  uid: string | null
}

/** Two-character surnames; every other Chinese name takes its first character as the surname. */
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '司徒', '东方', '夏侯', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '令狐', '轩辕', '端木', '独孤', '南宫', '西门', '申屠', '澹台', '呼延', '百里', '东郭', '闻人', '万俟', '赫连', '太史', '钟离', '濮阳'])

/** N components: Chinese names split into 姓 / 名; western "Given Family". */
export function splitName(name: string): { family: string; given: string } {
  const n = name.trim()
  if (/^\p{Script=Han}{2,4}$/u.test(n)) {
    const surname = COMPOUND_SURNAMES.has(n.slice(0, 2)) && n.length > 2 ? n.slice(0, 2) : n.slice(0, 1)
    return { family: surname, given: n.slice(surname.length) }
  }
  const parts = n.split(/\s+/)
  if (parts.length >= 2) return { family: parts[parts.length - 1]!, given: parts.slice(0, -1).join(' ') }
  return { family: n, given: '' }
}

export function escapeText(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;')
}

/** Folds a content line into lines of at most 75 octets, continuation lines led by one space. */
export function foldLine(line: string): string {
  const out: string[] = []
  let current = ''
  let bytes = 0
  let limit = 75
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (bytes + size > limit) {
      out.push(current)
      current = ' '
      bytes = 1
      limit = 75
    }
    current += ch
    bytes += size
  }
  out.push(current)
  return out.join('\r\n')
}

/** tel: URI for vCard 4.0: digits, + and -, with 转/ext as ;ext=. */
function telUri(phone: string): string {
  const [main, ext] = phone.split(/\s*(?:转|ext\.?|x|#)\s*/i)
  const digits = (main ?? '').replace(/[^\d+-]/g, '').replace(/(?!^)\+/g, '')
  return `tel:${digits}${ext && /^\d+$/.test(ext) ? `;ext=${ext}` : ''}`
}

function compactDate(d: string): string { return d.replace(/-/g, '') }

export function buildVcard(c: VCardContact, version: '3.0' | '4.0'): string {
  const v4 = version === '4.0'
  const { family, given } = splitName(c.name)
  const lines = ['BEGIN:VCARD', `VERSION:${version}`]
  if (v4) lines.push('KIND:individual')
  lines.push(`FN:${escapeText(c.name)}`, `N:${escapeText(family)};${escapeText(given)};;;`)
  if (c.org) lines.push(`ORG:${escapeText(c.org)}`)
  if (c.title) lines.push(`TITLE:${escapeText(c.title)}`)
  if (c.mobile) lines.push(v4 ? `TEL;VALUE=uri;TYPE=cell:${telUri(c.mobile)}` : `TEL;TYPE=CELL:${escapeText(c.mobile)}`)
  if (c.phone) lines.push(v4 ? `TEL;VALUE=uri;TYPE="work,voice":${telUri(c.phone)}` : `TEL;TYPE=WORK,VOICE:${escapeText(c.phone)}`)
  if (c.email) lines.push(v4 ? `EMAIL;TYPE=work:${escapeText(c.email)}` : `EMAIL;TYPE=INTERNET,WORK:${escapeText(c.email)}`)
  if (c.birthday) lines.push(`BDAY:${v4 ? compactDate(c.birthday) : c.birthday}`)
  if (c.address && (c.address.street || c.address.city || c.address.province)) {
    const a = c.address
    lines.push(`ADR;TYPE=${v4 ? 'work' : 'WORK'}:;;${escapeText(a.street ?? '')};${escapeText(a.city ?? '')};${escapeText(a.province ?? '')};;`)
  }
  if (c.wechat) lines.push(`X-WECHAT:${escapeText(c.wechat)}`)
  if (c.uid) lines.push(`UID:${v4 ? `urn:uuid:${c.uid}` : c.uid}`)
  lines.push('END:VCARD')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

// ---- reading ----

/** Removes folding on bytes, before decoding, so a fold inside a UTF-8 character heals. */
function unfold(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(bytes.length)
  let n = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0x0d && bytes[i + 1] === 0x0a && (bytes[i + 2] === 0x20 || bytes[i + 2] === 0x09)) { i += 2; continue }
    if (b === 0x0a && (bytes[i + 1] === 0x20 || bytes[i + 1] === 0x09)) { i += 1; continue }
    out[n++] = b
  }
  return out.subarray(0, n)
}

interface Property { name: string; params: Map<string, string[]>; value: string }

/** Splits `group.NAME;P=a,b;Q="x":value` at the first colon outside quotes. */
function parseProperty(line: string): Property | null {
  let quoted = false
  let colon = -1
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted
    else if (line[i] === ':' && !quoted) { colon = i; break }
  }
  if (colon < 0) return null
  const [rawName, ...rawParams] = line.slice(0, colon).split(';')
  const name = (rawName ?? '').replace(/^.*\./, '').toUpperCase()
  const params = new Map<string, string[]>()
  for (const p of rawParams) {
    const eq = p.indexOf('=')
    // vCard 2.1 writes bare types: TEL;CELL;VOICE:…
    const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).toUpperCase()
    const values = (eq < 0 ? p : p.slice(eq + 1)).replace(/"/g, '').split(',').map((s) => s.trim()).filter(Boolean)
    params.set(key, [...(params.get(key) ?? []), ...values])
  }
  return { name, params, value: line.slice(colon + 1) }
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) { bytes.push(parseInt(value.slice(i + 1, i + 3), 16)); i += 2 } else if (ch === '=') continue
    else bytes.push(...Buffer.from(ch, 'utf8'))
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes))
  } catch {
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes))
  }
}

export function unescapeText(v: string): string {
  return v.replace(/\\([\\,;nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** Splits a structured value on unescaped semicolons, then unescapes each part. */
function components(v: string): string[] {
  return v.split(/(?<!\\);/).map((s) => unescapeText(s).trim())
}

function normalizeBirthday(v: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v.trim())
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}

function fromTel(v: string): string {
  const t = v.replace(/^tel:/i, '')
  const [main, ...params] = t.split(';')
  const ext = params.find((p) => p.startsWith('ext='))
  return ext ? `${main} 转 ${ext.slice(4)}` : (main ?? '')
}

function toContact(props: Property[]): VCardContact | null {
  const text = (p: Property) => unescapeText(p.value).trim()
  const get = (name: string) => props.find((p) => p.name === name)
  const fn = get('FN') ? text(get('FN')!) : ''
  const n = get('N') ? components(get('N')!.value) : []
  const family = n[0] ?? ''
  const given = n[1] ?? ''
  const isHan = /\p{Script=Han}/u.test(family + given)
  const name = fn || (isHan ? `${family}${given}` : [given, family].filter(Boolean).join(' '))
  if (!name) return null
  let mobile: string | null = null
  let phone: string | null = null
  for (const tel of props.filter((p) => p.name === 'TEL')) {
    const types = (tel.params.get('TYPE') ?? []).map((x) => x.toLowerCase())
    const value = fromTel(unescapeText(tel.value).trim())
    if (!value) continue
    const looksMobile = /^(\+?86)?1[3-9]\d{9}$/.test(value.replace(/[\s-]/g, ''))
    if (!mobile && (types.includes('cell') || (types.length === 0 && looksMobile))) mobile = value
    else if (!phone) phone = value
  }
  const adrProp = get('ADR')
  const adr = adrProp ? components(adrProp.value) : null
  const uid = get('UID') ? text(get('UID')!).replace(/^urn:uuid:/i, '') : null
  return {
    name,
    org: get('ORG') ? components(get('ORG')!.value)[0] || null : null,
    title: get('TITLE') ? text(get('TITLE')!) || null : null,
    mobile, phone,
    email: get('EMAIL') ? text(get('EMAIL')!) || null : null,
    wechat: get('X-WECHAT') ? text(get('X-WECHAT')!) || null : null,
    birthday: get('BDAY') ? normalizeBirthday(text(get('BDAY')!)) : null,
    address: adr && (adr[2] || adr[3] || adr[4]) ? { street: adr[2] || null, city: adr[3] || null, province: adr[4] || null } : null,
    uid: uid || null,
  }
}

/**
 * Reads every VCARD in a file. Quoted-printable values are decoded with their CHARSET
 * (UTF-8 by default); soft line breaks (`=` at the end of a line) are joined first.
 */
export function parseVcards(bytes: Uint8Array): VCardContact[] {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const raw = unfold(bytes.subarray(start))
  const utf8 = (() => {
    try { return new TextDecoder('utf-8', { fatal: true }).decode(raw) } catch { return new TextDecoder('gb18030').decode(raw) }
  })()
  const lines = utf8.split(/\r\n|\r|\n/)
  const cards: VCardContact[] = []
  let props: Property[] | null = null
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!
    if (/ENCODING=QUOTED-PRINTABLE/i.test(line.split(':')[0] ?? '')) {
      while (line.endsWith('=') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trimStart()
    }
    const p = parseProperty(line)
    if (!p) continue
    if (p.name === 'BEGIN' && p.value.trim().toUpperCase() === 'VCARD') { props = []; continue }
    if (p.name === 'END' && p.value.trim().toUpperCase() === 'VCARD') {
      const c = props ? toContact(props) : null
      if (c) cards.push(c)
      props = null
      continue
    }
    if (!props) continue
    const enc = (p.params.get('ENCODING') ?? [])[0]?.toUpperCase()
    if (enc === 'QUOTED-PRINTABLE') {
      const charset = (p.params.get('CHARSET') ?? ['utf-8'])[0]!.toLowerCase()
      p.value = decodeQuotedPrintable(p.value, charset)
    }
    props.push(p)
  }
  return cards
}
