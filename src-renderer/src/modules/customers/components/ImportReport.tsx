import { useState } from 'react'
import { Badge, Button, Center, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import type { ImportPreview, ImportRowReport } from '../../../../../src-preload/contracts/customers-io'
import { useI18n } from '../../../app/i18n'
import { importTargetLabel, issueText } from '../lib/labels'
import { DuplicateList } from './DuplicateList'

const STATUS_COLORS: Record<ImportRowReport['status'], string> = { new: 'teal', duplicate: 'orange', error: 'red' }
const PAGE = 200
type Show = 'all' | 'error' | 'duplicate'

/**
 * Step 3 of the import: totals and one line per customer of the file (rows a..b), with its
 * errors and warnings translated, the duplicate it matches and what a commit would do.
 * Testids: import-totals, import-total-<key>, import-report, import-report-row-<row>, import-show.
 */
export function ImportReport({ preview, customLabels }: { preview: ImportPreview; customLabels: ReadonlyMap<string, string> }) {
  const { t, fmt } = useI18n()
  const [show, setShow] = useState<Show>('all')
  const [limit, setLimit] = useState(PAGE)
  const rows = preview.rows.filter((r) => show === 'all' || r.status === show)
  const totals = preview.totals
  const TOTALS = [
    ['customers', totals.customers, 'indigo'], ['contacts', totals.contacts, 'indigo'], ['new', totals.new, 'teal'], ['duplicate', totals.duplicate, 'orange'],
    ['error', totals.error, 'red'], ['create', totals.create, 'teal'], ['update', totals.update, 'blue'], ['skip', totals.skip, 'gray'],
  ] as const

  return (
    <Stack gap="md">
      <Group gap="xs" data-testid="import-totals">
        <Text size="sm" c="dimmed">{t('customers.import.rowsRead', { rows: fmt.number(totals.rows) })}</Text>
        {TOTALS.map(([k, n, color]) => (
          <Badge key={k} color={color} variant={n > 0 ? 'light' : 'outline'} data-testid={`import-total-${k}`}>{t(`customers.import.totals.${k}`, { count: fmt.number(n) })}</Badge>
        ))}
      </Group>
      <SegmentedControl size="xs" w="fit-content" value={show} onChange={(v) => { setShow(v as Show); setLimit(PAGE) }} data-testid="import-show"
        data={[{ value: 'all', label: t('customers.import.showAll') }, { value: 'error', label: t('customers.import.showErrors') }, { value: 'duplicate', label: t('customers.import.showDuplicates') }]} />
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" withTableBorder data-testid="import-report">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>{t('customers.import.row')}</Table.Th>
              <Table.Th>{t('customers.fields.name')}</Table.Th>
              <Table.Th w={80}>{t('customers.import.contacts')}</Table.Th>
              <Table.Th w={110}>{t('customers.import.status')}</Table.Th>
              <Table.Th w={100}>{t('customers.import.action')}</Table.Th>
              <Table.Th>{t('customers.import.problems')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, limit).map((r) => (
              <Table.Tr key={r.row} data-testid={`import-report-row-${r.row}`} data-status={r.status}>
                <Table.Td><Text size="sm" ff="monospace">{r.lastRow > r.row ? `${r.row}–${r.lastRow}` : r.row}</Text></Table.Td>
                <Table.Td><Text size="sm" fw={600}>{r.name || '—'}</Text></Table.Td>
                <Table.Td>{r.contacts}</Table.Td>
                <Table.Td><Badge color={STATUS_COLORS[r.status]} variant="light">{t(`customers.import.rowStatus.${r.status}`)}</Badge></Table.Td>
                <Table.Td>{r.action ? t(`customers.import.actions.${r.action}`) : '—'}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {r.errors.map((e, i) => (
                      <Text key={`e${i}`} size="xs" c="red">{t('customers.import.issue', { row: e.row, field: importTargetLabel(t, e.field, customLabels), text: issueText(t, e) })}</Text>
                    ))}
                    {r.warnings.map((w, i) => (
                      <Text key={`w${i}`} size="xs" c="orange">{t('customers.import.issue', { row: w.row, field: importTargetLabel(t, w.field, customLabels), text: issueText(t, w) })}</Text>
                    ))}
                    {r.duplicateOf && <DuplicateList matches={[r.duplicateOf]} />}
                    {r.duplicateOfRow !== null && <Text size="xs" c="orange">{t('customers.import.sameAsRow', { row: r.duplicateOfRow })}</Text>}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > limit && <Center><Button variant="subtle" onClick={() => setLimit((l) => l + PAGE)}>{t('customers.import.showMore', { count: rows.length - limit })}</Button></Center>}
    </Stack>
  )
}
