import { useState } from 'react'
import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { CustomerStats, LevelRow } from '../../../../../src-preload/contracts/customers'
import { useI18n } from '../../../app/i18n'
import { levelLabel, statusLabel } from '../lib/labels'

type Dimension = 'level' | 'category' | 'status'

/**
 * 分类统计: counts by level, category or status for the current filters (main counts; the
 * chart only draws). Clicking a bar or a number filters the list by it.
 * Testids: customer-stats, stats-dimension, stats-total, stats-item-<key>.
 */
export function CustomerStatsCard({ stats, levels, onPick }: { stats: CustomerStats | undefined; levels: readonly LevelRow[]; onPick: (dim: Dimension, key: string) => void }) {
  const { t, fmt } = useI18n()
  const [dim, setDim] = useState<Dimension>('level')
  const rows = !stats ? [] : dim === 'level' ? stats.byLevel : dim === 'category' ? stats.byCategory : stats.byStatus
  const label = (key: string | null) => {
    if (key === null) return t('customers.stats.unset')
    if (dim === 'level') return levelLabel(levels, key) ?? key
    if (dim === 'status') return statusLabel(t, key)
    return key
  }
  const data = rows.map((r) => ({ key: r.key, name: label(r.key), count: r.count }))

  return (
    <Card withBorder radius="md" padding="md" data-testid="customer-stats">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs" align="baseline">
          <Text fw={600}>{t('customers.stats.title')}</Text>
          <Text size="sm" c="dimmed" data-testid="stats-total">{t('customers.stats.total', { count: fmt.number(stats?.total ?? 0) })}</Text>
        </Group>
        <SegmentedControl
          size="xs" value={dim} onChange={(v) => setDim(v as Dimension)} data-testid="stats-dimension"
          data={[{ value: 'level', label: t('customers.fields.level') }, { value: 'category', label: t('customers.fields.category') }, { value: 'status', label: t('customers.fields.status') }]}
        />
      </Group>
      {data.length === 0
        ? <Text size="sm" c="dimmed">{t('common.empty')}</Text>
        : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <div style={{ height: 160 }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data.slice(0, 12)} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-default-border)" />
                  <XAxis dataKey="name" tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} interval={0} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} />
                  <Tooltip cursor={{ fill: 'var(--mantine-color-default-hover)' }} formatter={(v) => [fmt.number(Number(v)), t('customers.stats.count')]} />
                  <Bar dataKey="count" fill="var(--mantine-color-indigo-6)" radius={[4, 4, 0, 0]} maxBarSize={36} cursor="pointer"
                    onClick={(d: { payload?: { key?: string | null } }) => { const k = d.payload?.key; if (k) onPick(dim, k) }} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <Stack gap={4} mah={160} style={{ overflow: 'auto' }}>
              {data.map((r) => (
                <UnstyledButton key={r.key ?? '∅'} onClick={() => { if (r.key) onPick(dim, r.key) }} disabled={!r.key} data-testid={`stats-item-${r.key ?? 'unset'}`}>
                  <Group justify="space-between" px="xs" py={2}>
                    <Text size="sm">{r.name}</Text>
                    <Text size="sm" fw={600}>{fmt.number(r.count)}</Text>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </SimpleGrid>
        )}
    </Card>
  )
}
