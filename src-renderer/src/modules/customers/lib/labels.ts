import { DEFAULT_STAGE_NAME_KEYS, type FollowupType, type StageRow } from '../../../../../src-preload/contracts/followups'
import type { CustomerStatus, LevelRow } from '../../../../../src-preload/contracts/customers'
import type { ImportIssue } from '../../../../../src-preload/contracts/customers-io'
import type { TimelineEntry } from '../../../../../src-preload/contracts/timeline'
import { isMessageKey, type Formatters, type Params, type Translate } from '../../../app/i18n'

/**
 * Display helpers shared by the customer pages: they turn codes, keys and params main sends
 * into sentences in the UI language. No business rules here.
 */

export function statusLabel(t: Translate, status: CustomerStatus | string): string {
  const k = `customers.status.${status}`
  return isMessageKey(k) ? t(k) : status
}

export const STATUS_COLORS: Record<CustomerStatus, string> = { potential: 'blue', active: 'teal', lost: 'gray' }

export function followupTypeLabel(t: Translate, type: FollowupType | string): string {
  const k = `customers.followupType.${type}`
  return isMessageKey(k) ? t(k) : type
}

/** A stage name: default stages carry an i18n key ('stage.initial'), added ones free text. */
export function stageName(t: Translate, name: string): string {
  if ((DEFAULT_STAGE_NAME_KEYS as readonly string[]).includes(name)) {
    const k = `customers.${name}`
    if (isMessageKey(k)) return t(k)
  }
  return name
}

export function stageLabel(t: Translate, stage: Pick<StageRow, 'name'>): string {
  return stageName(t, stage.name)
}

export const STAGE_KIND_COLORS: Record<StageRow['kind'], string> = { open: 'indigo', won: 'teal', lost: 'gray' }

/** A level code as its configured name ('A' → 'A（重点）'), or the code if unknown. */
export function levelLabel(levels: readonly LevelRow[] | undefined, code: string | null): string | null {
  if (code === null) return null
  return levels?.find((l) => l.code === code)?.name ?? code
}

export function winRateFactorLabel(t: Translate, key: string): string {
  const k = `customers.${key}`
  return isMessageKey(k) ? t(k) : key
}

/** A customer field name for the edit summary ('phone,address' → '电话、地址'). */
function fieldList(t: Translate, csv: string): string {
  return csv.split(',').filter(Boolean).map((f) => {
    const k = `customers.fields.${f}`
    return isMessageKey(k) ? t(k) : f
  }).join(t('customers.timelineUi.listSeparator'))
}

/** Params of a timeline entry made readable: stage keys, follow-up types, money, times. */
function timelineParams(t: Translate, fmt: Formatters, e: TimelineEntry): Params {
  const out: Params = {}
  for (const [name, v] of Object.entries(e.params)) {
    if (v === null) {
      out[name] = name === 'from' || name === 'to' ? t('customers.pool.poolName') : t('customers.timelineUi.nobody')
    } else if (name === 'type') out[name] = followupTypeLabel(t, String(v))
    else if (name === 'fromName' || name === 'toName' || name === 'stageName') out[name] = stageName(t, String(v))
    else if (name === 'amount' && typeof v === 'number') out[name] = fmt.money(v)
    else if ((name === 'nextAt' || name === 'at') && typeof v === 'number') out[name] = fmt.dateTime(v)
    else if ((name === 'fields' || name === 'differing') && typeof v === 'string') out[name] = fieldList(t, v)
    else out[name] = v
  }
  return out
}

/** The entry's sentence; keys this version does not know get a generic one. */
export function timelineText(t: Translate, fmt: Formatters, e: TimelineEntry): string {
  const k = `customers.${e.summaryKey}`
  const params = timelineParams(t, fmt, e)
  if (e.summaryKey.startsWith('timeline.') && isMessageKey(k)) return t(k, params)
  return t('customers.timelineUi.generic', { kind: e.kind })
}

/** Extra facts of a follow-up entry (contact, opportunity, next step), already formatted. */
export function timelineDetails(t: Translate, fmt: Formatters, e: TimelineEntry): string[] {
  const p = e.params
  const out: string[] = []
  if (typeof p.contactName === 'string' && p.contactName) out.push(t('customers.timelineUi.contact', { name: p.contactName }))
  if (typeof p.opportunityName === 'string' && p.opportunityName) out.push(t('customers.timelineUi.opportunity', { name: p.opportunityName }))
  if (typeof p.nextStep === 'string' && p.nextStep) {
    out.push(typeof p.nextAt === 'number'
      ? t('customers.timelineUi.nextStepAt', { step: p.nextStep, at: fmt.dateTime(p.nextAt) })
      : t('customers.timelineUi.nextStep', { step: p.nextStep }))
  }
  if (typeof p.lossReason === 'string' && p.lossReason) out.push(t('customers.timelineUi.lossReason', { reason: p.lossReason }))
  return out
}

/** An import problem's sentence (message keys live under `errors`). */
export function issueText(t: Translate, issue: Pick<ImportIssue, 'messageKey' | 'params'>): string {
  return isMessageKey(issue.messageKey) ? t(issue.messageKey, issue.params) : t('errors.importInvalidValue')
}

/** An import target's label: built-in fields translated, custom fields by their label. */
export function importTargetLabel(t: Translate, target: string, customLabels: ReadonlyMap<string, string>): string {
  if (target === '') return t('customers.import.ignore')
  if (target.startsWith('custom.')) return customLabels.get(target.slice(7)) ?? target
  const k = `customers.importTargets.${target}`
  return isMessageKey(k) ? t(k) : target
}
