import type { ReactNode } from 'react'
import { Badge, Card, Grid, Group, Stack, Table, Text, Tooltip } from '@mantine/core'
import type { OrderLine } from '../../../../../src-preload/contracts/sales'
import { useI18n } from '../../../app/i18n'
import { qtyText } from '../lib/format'
import { TotalsBlock } from './LinesEditor'

/** Label / value pairs of a document's header. */
export function HeaderFacts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <Card withBorder>
      <Grid>
        {facts.map(([k, v]) => (
          <Grid.Col key={k} span={{ base: 6, md: 3 }}>
            <Text size="xs" c="dimmed">{k}</Text>
            <Text size="sm" component="div">{v ?? '—'}</Text>
          </Grid.Col>
        ))}
      </Grid>
    </Card>
  )
}

/** A document's number, with the provisional mark until the server confirms it (testid doc-number). */
export function DocNumber({ number, provisional }: { number: string; provisional: boolean }) {
  const { t } = useI18n()
  return (
    <Group gap={6} component="span">
      <span data-testid="doc-number">{number}</span>
      {provisional && <Tooltip label={t('sales.detail.provisionalHint')}><Badge size="xs" variant="outline" color="gray">{t('sales.detail.provisional')}</Badge></Tooltip>}
    </Group>
  )
}

/** Read-only lines with totals; cost and margin columns when the caller may see them. Testid doc-lines. */
export function DocLinesTable({ lines, totals, withCost }: { lines: OrderLine[]; totals: { subtotal: number; tax: number; total: number }; withCost?: boolean }) {
  const { t, fmt } = useI18n()
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>{t('sales.detail.lines')}</Text>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="doc-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th><Table.Th>{t('sales.fields.product')}</Table.Th><Table.Th ta="right">{t('sales.fields.qty')}</Table.Th>
                <Table.Th ta="right">{t('sales.fields.unitPrice')}</Table.Th><Table.Th ta="right">{t('sales.fields.discount')}</Table.Th>
                <Table.Th ta="right">{t('sales.fields.taxRate')}</Table.Th><Table.Th ta="right">{t('sales.fields.amount')}</Table.Th>
                {withCost && <><Table.Th ta="right">{t('sales.fields.cost')}</Table.Th><Table.Th ta="right">{t('sales.fields.margin')}</Table.Th></>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.lineNo}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{l.productCode} {l.productName}{l.spec ? ` · ${l.spec}` : ''}</Text>
                    {l.belowFloor && <Badge size="xs" color="red" variant="light">{t('sales.editor.belowFloor')}</Badge>}
                  </Table.Td>
                  <Table.Td ta="right">{qtyText(l.qtyMilli)} {l.unit ?? ''}</Table.Td>
                  <Table.Td ta="right">{fmt.money(l.unitPrice)}</Table.Td>
                  <Table.Td ta="right">{l.discountPermille ? `${l.discountPermille / 10}%` : '—'}</Table.Td>
                  <Table.Td ta="right">{l.taxRate / 100}%</Table.Td>
                  <Table.Td ta="right">{fmt.money(l.total)}</Table.Td>
                  {withCost && <><Table.Td ta="right">{l.cost == null ? t('sales.detail.noCost') : fmt.money(l.cost)}</Table.Td><Table.Td ta="right">{l.cost == null ? '—' : fmt.money(l.amount - l.cost)}</Table.Td></>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TotalsBlock {...totals} />
      </Stack>
    </Card>
  )
}
