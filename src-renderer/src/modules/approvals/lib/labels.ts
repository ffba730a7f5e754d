import type { ApprovalConditions, ApprovalStatus } from '../../../../../src-preload/contracts/approvals'
import { isMessageKey, type Formatters, type Translate } from '../../../app/i18n'

export const STATUS_COLORS: Record<ApprovalStatus, string> = { pending: 'yellow', approved: 'teal', rejected: 'red', recalled: 'gray' }

/** A registered document type's name (quote → 报价); unknown types show their code. */
export function docTypeLabel(t: Translate, type: string): string {
  const k = `approvals.docTypes.${type}`
  return isMessageKey(k) ? t(k) : type
}

/** "金额 ≥ ¥50,000.00 · 低于底价" — or 全部单据 when the flow has no condition. */
export function conditionsText(t: Translate, fmt: Formatters, c: ApprovalConditions): string {
  const parts: string[] = []
  if (c.minAmount != null) parts.push(t('approvals.flows.condAmountMin', { amount: fmt.money(c.minAmount) }))
  if (c.maxAmount != null) parts.push(t('approvals.flows.condAmountMax', { amount: fmt.money(c.maxAmount) }))
  if (c.discountOverPermille != null) parts.push(t('approvals.flows.condDiscount', { percent: c.discountOverPermille / 10 }))
  if (c.belowFloor) parts.push(t('approvals.flows.condFloor'))
  if (c.customerLevels?.length) parts.push(t('approvals.flows.condLevels', { levels: c.customerLevels.join('、') }))
  return parts.length ? parts.join(' · ') : t('approvals.flows.anyDocument')
}
