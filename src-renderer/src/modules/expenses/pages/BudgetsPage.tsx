/*
 * 费用预算: every office's expense budget for a month, with use (approved + in approval) and a
 * usage bar. Needs expenses.budget. Testids: budgets-month, budgets-table, budget-row-<officeId>,
 * budget-input-<officeId>, budget-save-<officeId>.
 */
import { useState } from 'react'
import { Button, Group, Progress, Stack, Table, Text, TextInput } from '@mantine/core'
import type { BudgetRow } from '../../../../../src-preload/contracts/expenses'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { fenToYuan, yuanToFen } from '../../catalogue/lib/money'
import { todayText } from '../../sales/lib/format'

function BudgetLine({ row, onSaved }: { row: BudgetRow; onSaved: () => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const [text, setText] = useState(fenToYuan(row.budget))
  const [bad, setBad] = useState(false)
  const [busy, setBusy] = useState(false)
  const save = async (amount: number | null) => {
    setBusy(true)
    try {
      await api.expenses.saveBudget({ officeId: row.officeId, month: row.month, amount })
      notify.success('expenses.budgets.saved')
      onSaved()
    } catch (e) { notify.error(e) } finally { setBusy(false) }
  }
  const submit = () => { const v = yuanToFen(text); if (v === undefined) setBad(true); else void save(v) }
  const pct = row.usedPermille === null ? 0 : Math.min(100, row.usedPermille / 10)
  return (
    <Table.Tr data-testid={`budget-row-${row.officeId}`}>
      <Table.Td>{row.officeName}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <TextInput w={140} inputMode="decimal" value={text} placeholder={t('expenses.budgets.notSet')} error={bad ? t('expenses.budgets.invalid') : undefined}
            aria-label={t('expenses.budgets.budget')} onChange={(e) => { setText(e.currentTarget.value); setBad(false) }} onKeyDown={(e) => { if (e.key === 'Enter') submit() }} data-testid={`budget-input-${row.officeId}`} />
          <Button size="xs" loading={busy} onClick={submit} data-testid={`budget-save-${row.officeId}`}>{t('expenses.budgets.save')}</Button>
          {row.budget !== null && <Button size="xs" variant="subtle" color="gray" loading={busy} onClick={() => { setText(''); void save(null) }}>{t('expenses.budgets.clear')}</Button>}
        </Group>
      </Table.Td>
      <Table.Td ta="right">{fmt.money(row.approved)}</Table.Td>
      <Table.Td ta="right">{fmt.money(row.submitted)}</Table.Td>
      <Table.Td ta="right"><Text size="sm" fw={600}>{fmt.money(row.used)}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" c={row.remaining !== null && row.remaining < 0 ? 'red' : undefined}>{row.remaining === null ? '—' : fmt.money(row.remaining)}</Text></Table.Td>
      <Table.Td w={180}>
        {row.usedPermille === null ? <Text size="xs" c="dimmed">{t('expenses.budgets.notSet')}</Text> : (
          <Group gap="xs" wrap="nowrap">
            <Progress value={pct} color={row.usedPermille > 1000 ? 'red' : row.usedPermille > 800 ? 'yellow' : 'teal'} w={110} aria-label={t('expenses.budgets.usage')} />
            <Text size="xs">{(row.usedPermille / 10).toFixed(1)}%</Text>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  )
}

export default function BudgetsPage() {
  const { t } = useI18n()
  const [month, setMonth] = useState(todayText().slice(0, 7))
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month)
  const q = useQuery(() => (valid ? api.expenses.listBudgets({ month }) : Promise.resolve([])), [month])
  return (
    <Stack>
      <PageHeader title={t('expenses.budgets.title')} subtitle={t('expenses.budgets.subtitle')} />
      <TextInput type="month" label={t('expenses.budgets.month')} w={200} value={month} onChange={(e) => setMonth(e.currentTarget.value)} data-testid="budgets-month" />
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} />
        : !q.data ? <LoadingState />
          : q.data.length === 0 ? <Empty title={t('expenses.budgets.empty')} description={t('expenses.budgets.emptyHint')} />
            : (
              <Table verticalSpacing="sm" data-testid="budgets-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('expenses.budgets.office')}</Table.Th><Table.Th>{t('expenses.budgets.budget')}</Table.Th><Table.Th ta="right">{t('expenses.budgets.approved')}</Table.Th>
                    <Table.Th ta="right">{t('expenses.budgets.submitted')}</Table.Th><Table.Th ta="right">{t('expenses.budgets.used')}</Table.Th><Table.Th ta="right">{t('expenses.budgets.remaining')}</Table.Th>
                    <Table.Th>{t('expenses.budgets.usage')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>{q.data.map((r) => <BudgetLine key={`${r.officeId}:${r.month}:${r.budget ?? ''}`} row={r} onSaved={q.reload} />)}</Table.Tbody>
              </Table>
            )}
    </Stack>
  )
}
