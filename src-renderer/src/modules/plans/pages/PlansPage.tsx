/*
 * 计划完成情况 (SA-6): the targets of a month or quarter the caller may see, each with its
 * completion from approved, unreversed orders as a progress bar, ranked within salespeople,
 * offices and departments; managers (plans.edit) set and change targets here.
 * Testids: plans-period-kind, plans-period, plans-prev, plans-next, plans-scope, new-plan,
 * plans-table, plan-row-<id> (data-completed, data-ratio), plan-progress, plan-edit, plan-remove,
 * plans-chart.
 */
import { useState } from 'react'
import { ActionIcon, Button, Card, Group, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core'
import { IconChevronLeft, IconChevronRight, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { PlanProgress, PlanScope } from '../../../../../src-preload/contracts/plans'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { PlanFormModal } from '../components/PlanFormModal'
import { currentPeriod, periodKind, shiftPeriod, type PeriodKind } from '../lib/period'

const barColor = (ratio: number | null) => (ratio === null ? 'gray' : ratio >= 1000 ? 'teal' : ratio >= 600 ? 'blue' : ratio >= 300 ? 'yellow' : 'red')

export default function PlansPage() {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const { permissions } = useSession()
  const [period, setPeriod] = useState(() => currentPeriod('month'))
  const [scope, setScope] = useState<PlanScope | 'all'>('all')
  const [editing, setEditing] = useState<{ plan: PlanProgress | null } | null>(null)
  const q = useQuery(() => api.plans.progress({ period, ...(scope === 'all' ? {} : { scope }) }), [period, scope])
  const canEdit = permissions.includes('plans.edit')
  const label = (p: PlanProgress) => `${p.targetName}${p.categoryName ? ` · ${p.categoryName}` : ''}`
  const remove = (p: PlanProgress) => confirm({
    title: t('plans.remove'), message: t('plans.removeConfirm', { name: label(p) }), confirmLabel: t('plans.remove'), danger: true,
    onConfirm: () => { void api.plans.remove({ id: p.id }).then(() => { notify.success('plans.removed'); q.reload() }, (e: unknown) => notify.error(e)) },
  })
  const chart = (q.data?.items ?? []).map((p) => ({ name: label(p), target: p.amount / 100, completed: p.completed / 100 }))

  return (
    <Stack>
      <PageHeader title={t('plans.title')} subtitle={t('plans.subtitle')}
        actions={canEdit ? <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ plan: null })} data-testid="new-plan">{t('plans.set')}</Button> : undefined} />
      <Group>
        <SegmentedControl value={periodKind(period)} onChange={(k) => setPeriod(currentPeriod(k as PeriodKind))} data-testid="plans-period-kind"
          data={[{ value: 'month', label: t('plans.month') }, { value: 'quarter', label: t('plans.quarter') }]} />
        <Group gap={4}>
          <ActionIcon variant="default" onClick={() => setPeriod(shiftPeriod(period, -1))} aria-label="prev" data-testid="plans-prev"><IconChevronLeft size={16} /></ActionIcon>
          <Text fw={600} w={90} ta="center" data-testid="plans-period">{period}</Text>
          <ActionIcon variant="default" onClick={() => setPeriod(shiftPeriod(period, 1))} aria-label="next" data-testid="plans-next"><IconChevronRight size={16} /></ActionIcon>
        </Group>
        {q.data && <Text size="sm" c="dimmed">{t('plans.range', { from: q.data.from, to: q.data.to })}</Text>}
        <SegmentedControl value={scope} onChange={(v) => setScope(v as PlanScope | 'all')} data-testid="plans-scope"
          data={[{ value: 'all', label: t('plans.all') }, { value: 'user', label: t('plans.scope.user') }, { value: 'office', label: t('plans.scope.office') }, { value: 'department', label: t('plans.scope.department') }]} />
      </Group>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} />
        : !q.data ? <LoadingState />
          : q.data.items.length === 0 ? <Empty testId="plans-empty" title={t('plans.empty')} description={t('plans.emptyHint')} />
            : (
              <>
                <Table verticalSpacing="sm" highlightOnHover data-testid="plans-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={60}>{t('plans.rank')}</Table.Th><Table.Th>{t('plans.target')}</Table.Th><Table.Th>{t('plans.category')}</Table.Th>
                      <Table.Th ta="right">{t('plans.amount')}</Table.Th><Table.Th ta="right">{t('plans.completed')}</Table.Th><Table.Th w={260}>{t('plans.progress')}</Table.Th>
                      {canEdit && <Table.Th w={90} />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {q.data.items.map((p) => (
                      <Table.Tr key={p.id} data-testid={`plan-row-${p.id}`} data-target={p.targetName} data-completed={p.completed} data-ratio={p.ratioPermille ?? ''}>
                        <Table.Td><Text fw={700} c={p.rank <= 3 ? 'orange' : undefined}>{p.rank}</Text></Table.Td>
                        <Table.Td><Text size="sm" fw={500}>{p.targetName}</Text><Text size="xs" c="dimmed">{t(`plans.scope.${p.scope}`)}{p.note ? ` · ${p.note}` : ''}</Text></Table.Td>
                        <Table.Td>{p.categoryName ?? t('plans.allProducts')}</Table.Td>
                        <Table.Td ta="right">{fmt.money(p.amount)}</Table.Td>
                        <Table.Td ta="right"><Text size="sm" fw={600} data-testid="plan-completed">{fmt.money(p.completed)}</Text></Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Progress value={p.ratioPermille === null ? 0 : Math.min(100, p.ratioPermille / 10)} color={barColor(p.ratioPermille)} size="lg" w={170} aria-label={t('plans.ratio')} data-testid="plan-progress" />
                            <Text size="sm" data-testid="plan-ratio">{p.ratioPermille === null ? t('plans.noTarget') : `${(p.ratioPermille / 10).toFixed(1)}%`}</Text>
                          </Group>
                        </Table.Td>
                        {canEdit && (
                          <Table.Td>
                            {p.canEdit && (
                              <Group gap={4} wrap="nowrap">
                                <ActionIcon variant="subtle" onClick={() => setEditing({ plan: p })} aria-label={t('plans.edit')} data-testid="plan-edit"><IconPencil size={16} /></ActionIcon>
                                <ActionIcon variant="subtle" color="red" onClick={() => remove(p)} aria-label={t('plans.remove')} data-testid="plan-remove"><IconTrash size={16} /></ActionIcon>
                              </Group>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Card withBorder data-testid="plans-chart">
                  <Title order={5} mb="sm">{t('plans.chart')}</Title>
                  <div style={{ height: 260 }}>
                    <ResponsiveContainer width="100%" height="100%">
                      <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                        <CartesianGrid strokeDasharray="3 3" vertical={false} />
                        <XAxis dataKey="name" tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} />
                        <YAxis tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} tickFormatter={(v: number) => fmt.number(v)} />
                        <Tooltip cursor={{ fill: 'var(--mantine-color-default-hover)' }} formatter={(v, name) => [fmt.money(Math.round(Number(v) * 100)), name === 'target' ? t('plans.amount') : t('plans.completed')]} />
                        <Legend formatter={(name: string) => (name === 'target' ? t('plans.amount') : t('plans.completed'))} />
                        <Bar dataKey="target" fill="var(--mantine-color-gray-5)" maxBarSize={36} />
                        <Bar dataKey="completed" fill="var(--mantine-color-blue-6)" maxBarSize={36} />
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                </Card>
              </>
            )}
      {editing && <PlanFormModal period={period} plan={editing.plan} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); q.reload() }} />}
    </Stack>
  )
}
