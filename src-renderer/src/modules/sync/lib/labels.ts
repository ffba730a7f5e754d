import { isMessageKey, type Formatters, type Translate } from '../../../app/i18n'
import { customerPath } from '../../customers/lib/paths'

/** Routes of the sync pages (see src-renderer/src/app/routes.ts). */
export const SYNC_SETTINGS_PATH = '/system/sync'
export const SYNC_INBOX_PATH = '/system/sync-inbox'

export function inboxPath(o: { tab?: 'conflicts' | 'rejected'; record?: string } = {}): string {
  const q = new URLSearchParams()
  if (o.tab && o.tab !== 'conflicts') q.set('tab', o.tab)
  if (o.record) q.set('record', o.record)
  const s = q.toString()
  return s ? `${SYNC_INBOX_PATH}?${s}` : SYNC_INBOX_PATH
}

/** The page that shows a record, where there is one. */
export function recordPath(tableName: string, recordId: string): string | null {
  return tableName === 'customers' ? customerPath(recordId) : null
}

export function docTypeLabel(t: Translate, docType: string): string {
  const key = `sync.docType.${docType}`
  return isMessageKey(key) ? t(key) : docType
}

/** A field's label: the owning module's own word for it where there is one. */
export function fieldLabel(t: Translate, tableName: string, field: string): string {
  const candidates = [
    tableName === 'customers' ? `customers.fields.${field}` : null,
    tableName === 'contacts' ? `customers.contact.${field}` : null,
    `sync.fields.${field}`,
  ]
  for (const key of candidates) if (key && isMessageKey(key)) return t(key)
  return field
}

/** A value from a conflict, as text (timestamps of `…At` fields as dates). */
export function valueText(t: Translate, fmt: Formatters, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('sync.inbox.empty_value')
  if (typeof v === 'number' && field.endsWith('At')) return fmt.dateTime(v)
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/**
 * The server's reason for refusing a push ("forbidden: <message>"): translated when the
 * message is one of our keys (validate_doc_update may throw `{ forbidden: 'errors.…' }`),
 * otherwise the server's own text (e.g. an upgrade notice), never dropped.
 */
export function reasonText(t: Translate, reason: string): string {
  const m = /^(?:forbidden|unauthorized):\s*([\s\S]*)$/.exec(reason.trim())
  const text = (m ? m[1]! : reason).trim()
  if (text === '') return t('sync.rejected.unknownReason')
  return isMessageKey(text) ? t(text) : text
}
