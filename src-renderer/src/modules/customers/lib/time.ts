/** Local-time helpers for date inputs (no date library in the renderer). */

const pad = (n: number) => String(n).padStart(2, '0')

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/** 'YYYY-MM-DD' of a local date. */
export function dateString(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Value of an <input type="datetime-local"> for a timestamp. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms)
  return `${dateString(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Timestamp of an <input type="datetime-local"> value, or null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null
  const ms = new Date(value).getTime()
  return Number.isFinite(ms) ? ms : null
}

/** 'YYYY-MM' of a local date, with `delta` months added. */
export function monthString(d: Date, delta = 0): string {
  const m = new Date(d.getFullYear(), d.getMonth() + delta, 1)
  return `${m.getFullYear()}-${pad(m.getMonth() + 1)}`
}

/** Monday 00:00 local time of the week containing `d`. */
export function startOfWeek(d: Date): Date {
  const day = (d.getDay() + 6) % 7
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - day)
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, d.getHours(), d.getMinutes())
}

/** Snooze choices: when each one ends, from `now`. */
export const SNOOZE_PRESETS = ['15m', '1h', '3h', 'tomorrow', 'nextWeek'] as const
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number]

export function snoozeUntil(preset: SnoozePreset, now: number): number {
  const d = new Date(now)
  switch (preset) {
    case '15m': return now + 15 * MINUTE_MS
    case '1h': return now + HOUR_MS
    case '3h': return now + 3 * HOUR_MS
    case 'tomorrow': return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9, 0).getTime()
    case 'nextWeek': {
      const monday = startOfWeek(d)
      return new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7, 9, 0).getTime()
    }
  }
}

/** Yuan as typed (number input) → integer fen, without float drift ('0.29' → 29). */
export function yuanToFen(yuan: number | string): number {
  const s = typeof yuan === 'number' ? yuan.toFixed(2) : yuan.trim()
  const m = /^(-?)(\d*)(?:\.(\d{0,2})\d*)?$/.exec(s)
  if (!m) return 0
  const fen = Number(m[2] || '0') * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

export function fenToYuan(fen: number): number {
  return fen / 100
}
