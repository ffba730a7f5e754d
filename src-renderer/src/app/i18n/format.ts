import type { Locale } from './types'

export interface Formatters {
  date: (ms: number) => string
  dateTime: (ms: number) => string
  number: (n: number) => string
  /** Integer fen → '¥1,234.56'. Built from integer parts, so no floating-point rounding. */
  money: (fen: number) => string
  relative: (ms: number, now?: number) => string
}

export function createFormatters(locale: Locale): Formatters {
  const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
  const dateTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
  const number = new Intl.NumberFormat(locale)
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  return {
    date: (ms) => date.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    number: (n) => number.format(n),
    money: (fen) => {
      const abs = Math.abs(Math.trunc(fen))
      const decimal = `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
      return money.format(decimal as Intl.StringNumericLiteral)
    },
    relative: (ms, now = Date.now()) => {
      const minutes = Math.round((ms - now) / 60_000)
      if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute')
      const hours = Math.round(minutes / 60)
      if (Math.abs(hours) < 24) return relative.format(hours, 'hour')
      return dateTime.format(ms)
    },
  }
}
