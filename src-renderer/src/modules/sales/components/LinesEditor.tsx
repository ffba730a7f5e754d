import { ActionIcon, Badge, Button, Group, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { bpText, fenToYuan } from '../lib/format'
import { newLine, parseLine, type EditLine } from '../lib/lines'
import { ProductPicker } from './ProductPicker'

/**
 * The lines of a quote or order: product (catalogue search), quantity, unit price (yuan),
 * discount %, tax %, and the amount computed live by the same rules as main. Focusing a row
 * selects it for the price history panel. Testids: lines-editor, line-<i> (qty-<i>, price-<i>,
 * discount-<i>, tax-<i>, amount-<i>, below-floor-<i>, remove-line-<i>), add-line.
 */
export function LinesEditor({ lines, onChange, priceIncludesTax, active, onActivate }: {
  lines: EditLine[]; onChange: (lines: EditLine[]) => void; priceIncludesTax: boolean; active: string | null; onActivate: (key: string) => void
}) {
  const { t } = useI18n()
  const set = (key: string, patch: Partial<EditLine>) => onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)))
  return (
    <Stack gap="xs" data-testid="lines-editor">
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing={6} withRowBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={32}>#</Table.Th>
              <Table.Th>{t('sales.fields.product')}</Table.Th>
              <Table.Th w={90}>{t('sales.fields.qty')}</Table.Th>
              <Table.Th w={110}>{t('sales.fields.unitPrice')}</Table.Th>
              <Table.Th w={80}>{t('sales.fields.discount')}</Table.Th>
              <Table.Th w={70}>{t('sales.fields.taxRate')}</Table.Th>
              <Table.Th w={120} ta="right">{t('sales.fields.amount')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <LineRow key={l.key} index={i} line={l} priceIncludesTax={priceIncludesTax} active={active === l.key} onActivate={() => onActivate(l.key)}
                onPatch={(p) => set(l.key, p)} onRemove={lines.length > 1 ? () => onChange(lines.filter((x) => x.key !== l.key)) : undefined} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => { const n = newLine(); onChange([...lines, n]); onActivate(n.key) }} data-testid="add-line">
          {t('sales.editor.addLine')}
        </Button>
      </Group>
    </Stack>
  )
}

function LineRow({ index, line, priceIncludesTax, active, onActivate, onPatch, onRemove }: {
  index: number; line: EditLine; priceIncludesTax: boolean; active: boolean; onActivate: () => void; onPatch: (p: Partial<EditLine>) => void; onRemove?: () => void
}) {
  const { t, fmt } = useI18n()
  const parsed = parseLine(line, priceIncludesTax)
  // The floor check asks main (the floor price itself is hidden from most roles).
  const floor = useQuery(() => (line.productId && parsed.netUnitPrice !== null ? api.catalogue.priceInfo({ productId: line.productId, quotedPrice: parsed.netUnitPrice }) : Promise.resolve(null)), [line.productId, parsed.netUnitPrice])
  const bad = (text: string, ok: boolean) => (text !== '' && !ok ? t('sales.editor.badNumber') : undefined)
  return (
    <Table.Tr data-testid={`line-${index}`} onFocusCapture={onActivate} onClick={onActivate} bg={active ? 'var(--mantine-color-blue-light)' : undefined}>
      <Table.Td>{index + 1}</Table.Td>
      <Table.Td>
        <ProductPicker index={index} value={line.productId} label={line.productLabel}
          onPick={(p) => onPatch({ productId: p.id, productLabel: p.label, unit: p.unit, listPrice: p.listPrice, price: line.price || fenToYuan(p.listPrice), taxRate: line.taxRate || bpText(p.taxRate) })} />
        <Group gap={6} mt={2}>
          {line.listPrice !== null && <Text size="xs" c="dimmed">{t('sales.editor.listPrice', { price: fmt.money(line.listPrice) })}</Text>}
          {line.unit && <Text size="xs" c="dimmed">{t('sales.editor.unitHint', { unit: line.unit })}</Text>}
          {floor.data?.belowFloor && <Badge size="xs" color="red" variant="light" data-testid={`below-floor-${index}`}>{t('sales.editor.belowFloor')}</Badge>}
        </Group>
      </Table.Td>
      <Table.Td><TextInput aria-label={t('sales.fields.qty')} value={line.qty} onChange={(e) => onPatch({ qty: e.currentTarget.value })} error={bad(line.qty, parsed.input !== null || !line.productId)} inputMode="decimal" data-testid={`qty-${index}`} /></Table.Td>
      <Table.Td><TextInput aria-label={t('sales.fields.unitPrice')} value={line.price} onChange={(e) => onPatch({ price: e.currentTarget.value })} leftSection="¥" inputMode="decimal" data-testid={`price-${index}`} /></Table.Td>
      <Table.Td><TextInput aria-label={t('sales.fields.discount')} value={line.discount} onChange={(e) => onPatch({ discount: e.currentTarget.value })} inputMode="decimal" data-testid={`discount-${index}`} /></Table.Td>
      <Table.Td><TextInput aria-label={t('sales.fields.taxRate')} value={line.taxRate} onChange={(e) => onPatch({ taxRate: e.currentTarget.value })} inputMode="decimal" data-testid={`tax-${index}`} /></Table.Td>
      <Table.Td ta="right"><Text size="sm" fw={600} data-testid={`amount-${index}`}>{parsed.amounts ? fmt.money(parsed.amounts.total) : '—'}</Text></Table.Td>
      <Table.Td>
        {onRemove && (
          <Tooltip label={t('sales.editor.removeLine')}>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('sales.editor.removeLine')} data-testid={`remove-line-${index}`}><IconTrash size={16} /></ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  )
}

/** Net, tax and total of the document (testids totals-subtotal, totals-tax, totals-total). */
export function TotalsBlock({ subtotal, tax, total }: { subtotal: number; tax: number; total: number }) {
  const { t, fmt } = useI18n()
  return (
    <Group justify="flex-end" gap="xl" data-testid="totals">
      <Stack gap={0} align="flex-end"><Text size="xs" c="dimmed">{t('sales.fields.subtotal')}</Text><Text data-testid="totals-subtotal">{fmt.money(subtotal)}</Text></Stack>
      <Stack gap={0} align="flex-end"><Text size="xs" c="dimmed">{t('sales.fields.tax')}</Text><Text data-testid="totals-tax">{fmt.money(tax)}</Text></Stack>
      <Stack gap={0} align="flex-end"><Text size="xs" c="dimmed">{t('sales.fields.total')}</Text><Text size="lg" fw={700} data-testid="totals-total">{fmt.money(total)}</Text></Stack>
    </Group>
  )
}
