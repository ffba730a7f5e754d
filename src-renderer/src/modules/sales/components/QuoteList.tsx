import { useState } from 'react'
import { Button, Center, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { QUOTE_STATUSES, type QuoteStatus } from '../../../../../src-preload/contracts/sales'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { newQuotePath, quotePath } from '../lib/paths'
import { DocNumber } from './DocView'
import { QuoteStatusBadge } from './StatusBadge'

/** 客户报价 list: newest first, keyset "load more". Testids quotes-list, quote-row-<id>, new-quote, quotes-status, quotes-number. */
export function QuoteList() {
  const { t, fmt } = useI18n()
  const navigate = useNavigate()
  const [status, setStatus] = useState<QuoteStatus | null>(null)
  const [number, setNumber] = useState('')
  const [all, setAll] = useState(false)
  const [n] = useDebouncedValue(number.trim(), 250)
  const page = usePaged((cursor) => api.sales.listQuotes({ filters: { latestOnly: !all, ...(status ? { status } : {}), ...(n ? { number: n } : {}) }, cursor, limit: 50 }), [status, n, all])
  return (
    <Stack>
      <PageHeader title={t('sales.list.quotesTitle')} subtitle={t('sales.list.quotesSubtitle')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => navigate(newQuotePath())} data-testid="new-quote">{t('sales.list.newQuote')}</Button>} />
      <Group>
        <Select aria-label={t('sales.fields.status')} placeholder={t('sales.list.anyStatus')} clearable w={180} value={status}
          data={QUOTE_STATUSES.map((s) => ({ value: s, label: t(`sales.quoteStatus.${s}`) }))} onChange={(v) => setStatus(v as QuoteStatus | null)} data-testid="quotes-status" />
        <TextInput leftSection={<IconSearch size={16} />} placeholder={t('sales.list.numberSearch')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} w={220} data-testid="quotes-number" />
        <Checkbox label={t('sales.list.allVersions')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
      </Group>
      {page.error && page.items.length === 0 ? <ErrorState error={page.error} onRetry={page.reload} />
        : page.loading && page.items.length === 0 ? <LoadingState />
          : page.items.length === 0 ? <Empty testId="quotes-empty" title={t('sales.list.emptyQuotes')} description={t('sales.list.emptyQuotesHint')} />
            : (
              <Table highlightOnHover verticalSpacing="sm" data-testid="quotes-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sales.fields.number')}</Table.Th><Table.Th>{t('sales.fields.customer')}</Table.Th><Table.Th>{t('sales.fields.quoteDate')}</Table.Th>
                    <Table.Th>{t('sales.fields.salesperson')}</Table.Th><Table.Th>{t('sales.fields.status')}</Table.Th><Table.Th ta="right">{t('sales.fields.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((q) => (
                    <Table.Tr key={q.id} style={{ cursor: 'pointer' }} onClick={() => navigate(quotePath(q.id))} data-testid={`quote-row-${q.id}`}>
                      <Table.Td><DocNumber number={q.version > 1 ? `${q.number} v${q.version}` : q.number} provisional={q.numberStatus === 'provisional'} /></Table.Td>
                      <Table.Td>{q.customerName}</Table.Td>
                      <Table.Td>{q.quoteDate}</Table.Td>
                      <Table.Td>{q.ownerName}</Table.Td>
                      <Table.Td><QuoteStatusBadge status={q.status} /></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{fmt.money(q.total)}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      {page.hasMore && <Center><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('sales.list.loadMore')}</Button></Center>}
    </Stack>
  )
}
