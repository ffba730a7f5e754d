export { I18nProvider, errorText, roleLabel, useI18n, useT, type I18n } from './I18nProvider'
export { createFormatters, type Formatters } from './format'
export { DEFAULT_LOCALE, LOCALES, isMessageKey, translate } from './translate'
export type { Locale, MessageKey, Messages, Params, Translate } from './types'
