import { useState } from 'react'
import { Card, Group, Select, Stack, Table, Text } from '@mantine/core'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ForecastRow } from '../../../../../src-preload/contracts/followups'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { monthString } from '../lib/time'

const COLORS = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'violet', 'yellow', 'red']

/**
 * 销售预测: Σ amount × win rate per salesperson and expected-close month (main computes it),
 * as a stacked chart and a table. Testids: forecast-panel, forecast-from, forecast-to,
 * forecast-table, forecast-cell-<ownerId>-<month>.
 */
export function ForecastPanel({ ownerId }: { ownerId?: string }) {
  const { t, fmt } = useI18n()
  const now = new Date()
  const months = Array.from({ length: 25 }, (_, i) => monthString(now, i - 12))
  const [from, setFrom] = useState(monthString(now))
  const [to, setTo] = useState(monthString(now, 5))
  const q = useQuery(() => api.opportunities.forecast({ fromMonth: from, toMonth: to, ownerId }), [from, to, ownerId])

  const rows: ForecastRow[] = q.data ?? []
  const range = months.filter((m) => m >= from && m <= to)
  const owners = [...new Map(rows.map((r) => [r.ownerId, r.ownerName ?? r.ownerId])).entries()]
  const cell = new Map(rows.map((r) => [`${r.ownerId}|${r.month}`, r]))
  // Reshaped for the chart (one object per month, one key per owner); the sums are main's.
  const chart = range.map((m) => ({ month: m, ...Object.fromEntries(owners.map(([id]) => [id, (cell.get(`${id}|${m}`)?.weighted ?? 0) / 100])) }))

  return (
    <Stack gap="md" data-testid="forecast-panel">
      <Group gap="sm" align="flex-end">
        <Select label={t('customers.forecast.from')} w={140} allowDeselect={false} data={months} value={from} onChange={(v) => { if (v) setFrom(v) }} data-testid="forecast-from" />
        <Select label={t('customers.forecast.to')} w={140} allowDeselect={false} data={months.filter((m) => m >= from)} value={to} onChange={(v) => { if (v) setTo(v) }} data-testid="forecast-to" />
        <Text size="xs" c="dimmed" maw={480}>{t('customers.forecast.hint')}</Text>
      </Group>
      {q.error && <ErrorState error={q.error} onRetry={q.reload} />}
      {!q.data && q.loading && <LoadingState />}
      {q.data && rows.length === 0 && <Empty testId="forecast-empty" title={t('customers.forecast.empty')} description={t('customers.forecast.emptyHint')} />}
      {rows.length > 0 && (
        <>
          <Card withBorder radius="md">
            <div style={{ height: 260 }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-default-border)" />
                  <XAxis dataKey="month" tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} />
                  <YAxis tick={{ fontSize: 11, fill: 'var(--mantine-color-dimmed)' }} tickFormatter={(v: number) => fmt.number(v)} />
                  <Tooltip cursor={{ fill: 'var(--mantine-color-default-hover)' }} formatter={(v, name) => [fmt.money(Math.round(Number(v) * 100)), owners.find(([id]) => id === name)?.[1] ?? String(name)]} />
                  <Legend formatter={(id: string) => owners.find(([o]) => o === id)?.[1] ?? id} />
                  {owners.map(([id], i) => <Bar key={id} dataKey={id} stackId="w" fill={`var(--mantine-color-${COLORS[i % COLORS.length]}-6)`} maxBarSize={48} />)}
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
          <Table.ScrollContainer minWidth={200 + range.length * 140}>
            <Table withTableBorder withColumnBorders data-testid="forecast-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.forecast.salesperson')}</Table.Th>
                  {range.map((m) => <Table.Th key={m} ta="right">{m}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {owners.map(([id, name]) => (
                  <Table.Tr key={id}>
                    <Table.Td fw={600}>{name}</Table.Td>
                    {range.map((m) => {
                      const r = cell.get(`${id}|${m}`)
                      return (
                        <Table.Td key={m} ta="right" data-testid={`forecast-cell-${id}-${m}`}>
                          {r ? (
                            <>
                              <Text size="sm" fw={600} c="indigo">{fmt.money(r.weighted)}</Text>
                              <Text size="xs" c="dimmed">{t('customers.forecast.amountOf', { amount: fmt.money(r.amount), count: r.count })}</Text>
                            </>
                          ) : <Text size="xs" c="dimmed">—</Text>}
                        </Table.Td>
                      )
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  )
}
