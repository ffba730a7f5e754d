import { useState } from 'react'
import { ActionIcon, Badge, Card, Collapse, Group, SegmentedControl, SimpleGrid, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { IconChartBar, IconChevronDown, IconChevronUp } from '@tabler/icons-react'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts'
import type { CustomerStats, LevelRow } from '../../../../../src-preload/contracts/customers'
import { useI18n } from '../../../app/i18n'
import { levelLabel, statusLabel } from '../lib/labels'

type Dimension = 'level' | 'category' | 'status'
const CHIPS = 6

/**
 * 分类统计: counts by level, category or status for the current filters (main counts; the
 * card only draws). A compact row of counts, with the bar chart when expanded; clicking a
 * count or a bar filters the list by it.
 * Testids: customer-stats, stats-dimension, stats-total, stats-toggle, stats-chart, stats-item-<key>.
 */
export function CustomerStatsCard({ stats, levels, onPick }: { stats: CustomerStats | undefined; levels: readonly LevelRow[]; onPick: (dim: Dimension, key: string) => void }) {
  const { t, fmt } = useI18n()
  const [dim, setDim] = useState<Dimension>('level')
  const [open, setOpen] = useLocalStorage({ key: 'laibang.customers.statsOpen', defaultValue: false })
  const rows = !stats ? [] : dim === 'level' ? stats.byLevel : dim === 'category' ? stats.byCategory : stats.byStatus
  const label = (key: string | null) => {
    if (key === null) return t('customers.stats.unset')
    if (dim === 'level') return levelLabel(levels, key) ?? key
    if (dim === 'status') return statusLabel(t, key)
    return key
  }
  const data = rows.map((r) => ({ key: r.key, name: label(r.key), count: r.count }))

  return (
    <Card withBorder radius="md" padding="sm" data-testid="customer-stats">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="wrap">
          <Group gap={6}>
            <IconChartBar size={18} stroke={1.6} color="var(--mantine-color-dimmed)" />
            <Text fw={600} size="sm">{t('customers.stats.title')}</Text>
            <Text size="sm" c="dimmed" data-testid="stats-total">{t('customers.stats.total', { count: fmt.number(stats?.total ?? 0) })}</Text>
          </Group>
          {data.slice(0, CHIPS).map((r) => (
            <UnstyledButton key={r.key ?? '∅'} onClick={() => { if (r.key) onPick(dim, r.key) }} disabled={!r.key} data-testid={`stats-item-${r.key ?? 'unset'}`}>
              <Badge variant="light" color={r.key ? 'indigo' : 'gray'} size="lg" radius="sm" style={{ cursor: r.key ? 'pointer' : 'default', textTransform: 'none' }}>
                {r.name} · {fmt.number(r.count)}
              </Badge>
            </UnstyledButton>
          ))}
          {data.length > CHIPS && !open && <Text size="xs" c="dimmed">{t('customers.stats.more', { count: data.length - CHIPS })}</Text>}
        </Group>
        <Group gap="xs">
          <SegmentedControl
            size="xs" value={dim} onChange={(v) => setDim(v as Dimension)} data-testid="stats-dimension"
            data={[{ value: 'level', label: t('customers.fields.level') }, { value: 'category', label: t('customers.fields.category') }, { value: 'status', label: t('customers.fields.status') }]}
          />
          <Tooltip label={t(open ? 'customers.stats.hideChart' : 'customers.stats.showChart')}>
            <ActionIcon variant="subtle" onClick={() => setOpen(!open)} aria-label={t(open ? 'customers.stats.hideChart' : 'customers.stats.showChart')} data-testid="stats-toggle">
              {open ? <IconChevronUp size={18} /> : <IconChevronDown size={18} />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Collapse expanded={open}>
        {/* Mounted only while open: a chart in a zero-height box cannot measure itself. */}
        {!open ? null : data.length === 0
          ? <Text size="sm" c="dimmed" mt="sm">{t('common.empty')}</Text>
          : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="sm" data-testid="stats-chart">
              <div style={{ height: 180 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={data.slice(0, 12)} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-default-border)" />
                    <XAxis dataKey="name" tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} interval={0} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} />
                    <ChartTooltip cursor={{ fill: 'var(--mantine-color-default-hover)' }} formatter={(v) => [fmt.number(Number(v)), t('customers.stats.count')]} />
                    <Bar dataKey="count" fill="var(--mantine-color-indigo-6)" radius={[4, 4, 0, 0]} maxBarSize={36} cursor="pointer"
                      onClick={(d: { payload?: { key?: string | null } }) => { const k = d.payload?.key; if (k) onPick(dim, k) }} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <Stack gap={2} mah={180} style={{ overflow: 'auto' }}>
                {data.map((r) => (
                  <Group key={r.key ?? '∅'} justify="space-between" px="xs" py={2}>
                    <Text size="sm">{r.name}</Text>
                    <Text size="sm" fw={600}>{fmt.number(r.count)}</Text>
                  </Group>
                ))}
              </Stack>
            </SimpleGrid>
          )}
      </Collapse>
    </Card>
  )
}
