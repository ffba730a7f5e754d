import { Alert, Progress, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { BudgetStatus } from '../../../../../src-preload/contracts/expenses'
import { useI18n } from '../../../app/i18n'

/**
 * The office's month as this expense would leave it: used (approved + in approval) plus this
 * expense against the budget, and a warning (never a block) when it goes over.
 * Testids: budget-meter, budget-warning.
 */
export function BudgetMeter({ status }: { status: BudgetStatus | null | undefined }) {
  const { t, fmt } = useI18n()
  if (status === undefined) return null
  if (status === null) return <Text size="xs" c="dimmed" data-testid="budget-meter">{t('expenses.meter.noOffice')}</Text>
  const { budget, used, thisAmount, projected } = status
  const title = t('expenses.meter.title', { office: status.officeName, month: status.month })
  if (budget === null) {
    return (
      <Stack gap={2} data-testid="budget-meter">
        <Text size="sm" fw={600}>{title}</Text>
        <Text size="xs" c="dimmed">{t('expenses.meter.noBudget', { used: fmt.money(used) })}</Text>
      </Stack>
    )
  }
  const pct = (v: number) => (budget > 0 ? Math.min(100, (v * 100) / budget) : v > 0 ? 100 : 0)
  const over = projected - budget
  return (
    <Stack gap={6} data-testid="budget-meter" data-exceeds={status.exceeds ? 'true' : 'false'}>
      <Text size="sm" fw={600}>{title}</Text>
      <Progress.Root size="lg" aria-label={title}>
        <Progress.Section value={pct(used)} color="blue" />
        <Progress.Section value={Math.max(0, pct(projected) - pct(used))} color={status.exceeds ? 'red' : 'teal'} />
      </Progress.Root>
      <Text size="xs" c="dimmed">
        {t('expenses.meter.line', { used: fmt.money(used), budget: fmt.money(budget) })} · {t('expenses.meter.thisOne', { amount: fmt.money(thisAmount) })} ·{' '}
        {status.exceeds ? t('expenses.meter.over', { over: fmt.money(over) }) : t('expenses.meter.remaining', { remaining: fmt.money(budget - projected) })}
      </Text>
      {status.exceeds && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="budget-warning">
          {t('expenses.meter.warning', { office: status.officeName, over: fmt.money(over) })}
        </Alert>
      )}
    </Stack>
  )
}
