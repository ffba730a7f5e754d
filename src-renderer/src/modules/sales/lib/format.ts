/** Quantities are thousandths of a unit; discounts ‰; tax rates basis points (contracts/sales.ts). */
export { fenToYuan, yuanToFen } from '../../catalogue/lib/money'

/** 1500 → "1.5". */
export function qtyText(milli: number): string {
  return `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`.replace(/\.?0+$/, '')
}

/** "1.5" → 1500; undefined when not a positive quantity with at most 3 decimals. */
export function parseQty(text: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{0,3}))?$/.exec(text.replace(/[,，\s]/g, ''))
  if (!m) return undefined
  const v = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'))
  return v > 0 ? v : undefined
}

/** 50 ‰ → "5"; 125 → "12.5". */
export const permilleText = (p: number) => String(p / 10)

/** "5" → 50 ‰; "12.5" → 125; '' → 0; undefined when not 0–100 with one decimal. */
export function parsePercentPermille(text: string): number | undefined {
  const s = text.trim()
  if (s === '') return 0
  const m = /^(\d{1,3})(?:\.(\d))?$/.exec(s)
  if (!m) return undefined
  const v = Number(m[1]) * 10 + Number(m[2] ?? '0')
  return v <= 1000 ? v : undefined
}

/** Basis points ↔ percent text: 1300 ↔ "13". */
export const bpText = (bp: number) => String(bp / 100)
export function parsePercentBp(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) return undefined
  const v = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return v <= 10_000 ? v : undefined
}

export const todayText = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
