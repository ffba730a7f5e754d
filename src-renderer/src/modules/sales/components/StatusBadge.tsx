import { Badge } from '@mantine/core'
import type { OrderStatus, QuoteStatus } from '../../../../../src-preload/contracts/sales'
import { useT } from '../../../app/i18n'

const QUOTE_COLORS: Record<QuoteStatus, string> = {
  draft: 'gray', submitted: 'yellow', approved: 'blue', rejected: 'red', sent: 'indigo', accepted: 'teal', declined: 'orange', expired: 'gray', superseded: 'gray',
}
const ORDER_COLORS: Record<OrderStatus, string> = { draft: 'gray', submitted: 'yellow', approved: 'teal', rejected: 'red', reversed: 'orange', cancelled: 'gray' }

/** Testid doc-status (data-status = the status code). */
export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const t = useT()
  return <Badge color={QUOTE_COLORS[status]} variant="light" data-testid="doc-status" data-status={status}>{t(`sales.quoteStatus.${status}`)}</Badge>
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useT()
  return <Badge color={ORDER_COLORS[status]} variant="light" data-testid="doc-status" data-status={status}>{t(`sales.orderStatus.${status}`)}</Badge>
}
