import { en } from './en'
import type { Locale, Messages, MessageKey, Params } from './types'
import { zhCN } from './zh-CN'

export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: Locale = 'zh-CN'

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en }

function flatten(tree: object, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else if (typeof v === 'object' && v !== null) flatten(v, `${prefix}${k}.`, out)
  }
  return out
}

const flat: Record<Locale, Map<string, string>> = {
  'zh-CN': flatten(zhCN, '', new Map()),
  en: flatten(en, '', new Map()),
}

/** True if `key` names a message (for keys that arrive at run time, e.g. error message keys). */
export function isMessageKey(key: string): key is MessageKey {
  return flat[DEFAULT_LOCALE].has(key)
}

export function interpolate(text: string, params?: Params): string {
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = flat[locale].get(key) ?? flat[DEFAULT_LOCALE].get(key) ?? key
  return interpolate(text, params)
}

export function messagesFor(locale: Locale): Messages {
  return catalogs[locale]
}

/** Keeps only values usable as placeholders (error details may carry arrays or objects). */
export function toParams(details: Record<string, unknown> | undefined): Params {
  const out: Params = {}
  for (const [k, v] of Object.entries(details ?? {})) if (typeof v === 'string' || typeof v === 'number') out[k] = v
  return out
}
