import { Badge, Card, Divider, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { PriceHistoryEntry, PriceStats } from '../../../../../src-preload/contracts/sales'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { ErrorState, LoadingState } from '../../../shared/states'
import { qtyText } from '../lib/format'

/**
 * 历史价格参考 (SA-3): earlier quotes and sales of the selected line's product, to this customer
 * and to others — min / median / last with dates and who quoted. Testids price-history,
 * history-this, history-others (each with history-entry rows and history-stat-<min|median|last>).
 */
export function PriceHistoryPanel({ productId, productLabel, customerId, excludeId }: { productId: string | null; productLabel: string; customerId: string | null; excludeId?: string }) {
  const { t } = useI18n()
  const ready = !!productId && !!customerId
  const h = useQuery(() => (ready ? api.sales.priceHistory({ productId: productId!, customerId: customerId!, ...(excludeId ? { excludeDocumentId: excludeId } : {}), limit: 8 }) : Promise.resolve(null)), [productId, customerId, excludeId])
  return (
    <Card withBorder padding="md" data-testid="price-history">
      <Title order={5} mb="xs">{t('sales.history.title')}</Title>
      {!ready && <Text size="sm" c="dimmed">{t('sales.history.pick')}</Text>}
      {ready && <Text size="sm" fw={600} mb="xs">{productLabel}</Text>}
      {ready && h.error && <ErrorState error={h.error} onRetry={h.reload} />}
      {ready && !h.data && !h.error && <LoadingState />}
      {ready && h.data && (
        <Stack gap="sm">
          <Section testId="history-this" title={t('sales.history.thisCustomer')} stats={h.data.thisCustomer.stats} entries={h.data.thisCustomer.entries} />
          <Divider />
          <Section testId="history-others" title={t('sales.history.others')} stats={h.data.others.stats} entries={h.data.others.entries} showCustomer />
        </Stack>
      )}
    </Card>
  )
}

function Section({ testId, title, stats, entries, showCustomer }: { testId: string; title: string; stats: PriceStats; entries: PriceHistoryEntry[]; showCustomer?: boolean }) {
  const { t, fmt } = useI18n()
  const money = (v: number | null) => (v === null ? '—' : fmt.money(v))
  return (
    <Stack gap={6} data-testid={testId}>
      <Group justify="space-between">
        <Text size="sm" fw={600}>{title}</Text>
        <Text size="xs" c="dimmed">{t('sales.history.count', { count: stats.count })}</Text>
      </Group>
      {stats.count === 0 ? <Text size="xs" c="dimmed">{t('sales.history.none')}</Text> : (
        <SimpleGrid cols={3} spacing="xs">
          <Stat testId="history-stat-min" label={t('sales.history.min')} value={money(stats.min)} />
          <Stat testId="history-stat-median" label={t('sales.history.median')} value={money(stats.median)} />
          <Stat testId="history-stat-last" label={t('sales.history.last')} value={money(stats.last?.netUnitPrice ?? null)} sub={stats.last ? fmtDate(stats.last.date) : undefined} />
        </SimpleGrid>
      )}
      {entries.map((e) => (
        <Group key={`${e.source}-${e.documentId}-${e.date}-${e.netUnitPrice}`} justify="space-between" wrap="nowrap" gap="xs" data-testid="history-entry">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" truncate>
              <Badge size="xs" variant="light" color={e.source === 'order' ? 'teal' : 'blue'} mr={4}>{t(e.source === 'order' ? 'sales.history.order' : 'sales.history.quote')}</Badge>
              {t('sales.history.entry', { date: fmtDate(e.date), who: e.salespersonName })}
            </Text>
            {showCustomer && <Text size="xs" c="dimmed" truncate>{e.customerName ?? t('sales.history.hiddenCustomer')}</Text>}
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="sm" fw={600}>{fmt.money(e.netUnitPrice)}</Text>
            <Text size="xs" c="dimmed">× {qtyText(e.qtyMilli)}{e.discountPermille ? ` · -${e.discountPermille / 10}%` : ''} · {t(e.priceIncludesTax ? 'sales.history.inclTax' : 'sales.history.exclTax')}</Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  )
}

const fmtDate = (d: string) => d

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600}>{value}</Text>
      {sub && <Text size="xs" c="dimmed">{sub}</Text>}
    </Stack>
  )
}
