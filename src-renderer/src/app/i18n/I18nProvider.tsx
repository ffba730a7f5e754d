import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { BUILTIN_ROLES, type BuiltinRole } from '../../../../src-preload/contracts/permissions'
import { api, toApiError } from '../../api'
import { createFormatters, type Formatters } from './format'
import { isMessageKey, toParams, translate } from './translate'
import type { Locale, Translate } from './types'

export interface I18n {
  locale: Locale
  setLocale: (locale: Locale) => void
  t: Translate
  fmt: Formatters
}

const I18nContext = createContext<I18n | null>(null)

/** Holds the UI language; switching it re-renders the whole screen and saves the preference. */
export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)

  useEffect(() => { document.documentElement.lang = locale }, [locale])

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next)
    // A preference that fails to save only costs the choice at next start; nothing to tell.
    api.system.setPreferences({ locale: next }).catch(() => undefined)
  }, [])

  const value = useMemo<I18n>(() => ({
    locale,
    setLocale,
    t: (key, params) => translate(locale, key, params),
    fmt: createFormatters(locale),
  }), [locale, setLocale])

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>')
  return ctx
}

export function useT(): Translate {
  return useI18n().t
}

/** The sentence to show the user for a failed call, in their language. */
export function errorText(t: Translate, err: unknown): string {
  const e = toApiError(err)
  const text = t(isMessageKey(e.messageKey) ? e.messageKey : 'errors.internal', toParams(e.details))
  const remaining = e.details.remaining
  if (e.messageKey === 'errors.invalidCredentials' && typeof remaining === 'number' && remaining > 0 && remaining <= 3) {
    return `${text} ${t('errors.attemptsRemaining', { remaining })}`
  }
  return text
}

function isBuiltinRole(code: string | null): code is BuiltinRole {
  return code !== null && (BUILTIN_ROLES as readonly string[]).includes(code)
}

/** Built-in roles keep their code as name until renamed; show those in the UI language. */
export function roleLabel(t: Translate, code: string | null, name: string): string {
  if (isBuiltinRole(code) && (name === code || name === '')) return t(`roles.builtin.${code}`)
  if (isBuiltinRole(name)) return t(`roles.builtin.${name}`)
  return name
}
