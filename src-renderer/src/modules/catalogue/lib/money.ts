/** Prices are shown and typed in yuan and stored in fen (integers): no floating point on the way. */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** "1,299.5" → 129950; '' → null; undefined when not an amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null | undefined {
  const s = text.replace(/[,，\s¥￥]/g, '')
  if (s === '') return null
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return undefined
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** Basis points as a percentage for display: 1300 → "13", 650 → "6.5". */
export const bpToPercent = (bp: number) => String(bp / 100)
export function percentToBp(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) return undefined
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bp <= 10_000 ? bp : undefined
}
