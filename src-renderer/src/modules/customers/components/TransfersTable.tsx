import { Badge, Button, Center, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { TransferRow } from '../../../../../src-preload/contracts/pool'
import type { Paged } from '../lib/paging'
import { useI18n } from '../../../app/i18n'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { customerPath } from '../lib/paths'

const KIND_COLORS: Record<TransferRow['kind'], string> = { transfer: 'indigo', release: 'orange', claim: 'teal', reclaim: 'red' }

/** Reassignment history (transfers, releases, claims, reclaims). Testids: transfers-table, transfer-row. */
export function TransfersTable({ page, showCustomer }: { page: Paged<TransferRow>; showCustomer?: boolean }) {
  const { t, fmt } = useI18n()
  if (page.error && page.items.length === 0) return <ErrorState error={page.error} onRetry={page.reload} />
  if (page.loading && page.items.length === 0) return <LoadingState />
  if (page.items.length === 0) return <Empty testId="transfers-empty" title={t('customers.transfers.empty')} />
  const pool = t('customers.pool.poolName')
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" data-testid="transfers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.transfers.at')}</Table.Th>
              {showCustomer && <Table.Th>{t('customers.opportunity.customer')}</Table.Th>}
              <Table.Th>{t('customers.transfers.kind')}</Table.Th>
              <Table.Th>{t('customers.transfers.from')}</Table.Th>
              <Table.Th>{t('customers.transfers.to')}</Table.Th>
              <Table.Th>{t('customers.transfers.reason')}</Table.Th>
              <Table.Th>{t('customers.transfers.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.items.map((r) => (
              <Table.Tr key={r.id} data-testid="transfer-row">
                <Table.Td><Text size="sm">{fmt.dateTime(r.at)}</Text></Table.Td>
                {showCustomer && <Table.Td><Text component={Link} to={customerPath(r.customerId)} size="sm" c="indigo">{r.customerName}</Text></Table.Td>}
                <Table.Td><Badge variant="light" color={KIND_COLORS[r.kind]}>{t(`customers.transfers.kinds.${r.kind}`)}</Badge></Table.Td>
                <Table.Td>{r.fromOwnerName ?? pool}</Table.Td>
                <Table.Td>{r.toOwnerName ?? pool}</Table.Td>
                <Table.Td><Text size="sm" lineClamp={2}>{r.reason}</Text></Table.Td>
                <Table.Td>{r.byName ?? t('customers.transfers.system')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page.hasMore && <Center p="sm"><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('customers.timelineUi.loadMore')}</Button></Center>}
    </>
  )
}
