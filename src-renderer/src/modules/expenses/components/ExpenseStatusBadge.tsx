import { Badge } from '@mantine/core'
import type { ExpenseStatus } from '../../../../../src-preload/contracts/expenses'
import { useT } from '../../../app/i18n'

const COLORS: Record<ExpenseStatus, string> = { draft: 'gray', submitted: 'blue', approved: 'teal', rejected: 'red' }

export function ExpenseStatusBadge({ status }: { status: ExpenseStatus }) {
  const t = useT()
  return <Badge color={COLORS[status]} variant="light" data-testid="expense-status" data-status={status}>{t(`expenses.status.${status}`)}</Badge>
}
