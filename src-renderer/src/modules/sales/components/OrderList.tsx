import { useState } from 'react'
import { Button, Center, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { ORDER_STATUSES, type OrderStatus } from '../../../../../src-preload/contracts/sales'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { useSession } from '../../../app/auth/AuthProvider'
import { usePaged } from '../../customers/lib/paging'
import { newOrderPath, orderPath } from '../lib/paths'
import { DocNumber } from './DocView'
import { OrderStatusBadge } from './StatusBadge'

/** 销售单 list. Testids orders-list, order-row-<id>, new-order, orders-status, orders-number. */
export function OrderList() {
  const { t, fmt } = useI18n()
  const navigate = useNavigate()
  const { permissions } = useSession()
  const [status, setStatus] = useState<OrderStatus | null>(null)
  const [number, setNumber] = useState('')
  const [n] = useDebouncedValue(number.trim(), 250)
  const page = usePaged((cursor) => api.sales.listOrders({ filters: { ...(status ? { status } : {}), ...(n ? { number: n } : {}) }, cursor, limit: 50 }), [status, n])
  const withCost = page.items.some((o) => o.costTotal !== undefined)
  return (
    <Stack>
      <PageHeader title={t('sales.list.ordersTitle')} subtitle={t('sales.list.ordersSubtitle')}
        actions={permissions.includes('orders.edit') ? <Button leftSection={<IconPlus size={16} />} onClick={() => navigate(newOrderPath())} data-testid="new-order">{t('sales.list.newOrder')}</Button> : undefined} />
      <Group>
        <Select aria-label={t('sales.fields.status')} placeholder={t('sales.list.anyStatus')} clearable w={180} value={status}
          data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`sales.orderStatus.${s}`) }))} onChange={(v) => setStatus(v as OrderStatus | null)} data-testid="orders-status" />
        <TextInput leftSection={<IconSearch size={16} />} placeholder={t('sales.list.numberSearch')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} w={220} data-testid="orders-number" />
      </Group>
      {page.error && page.items.length === 0 ? <ErrorState error={page.error} onRetry={page.reload} />
        : page.loading && page.items.length === 0 ? <LoadingState />
          : page.items.length === 0 ? <Empty testId="orders-empty" title={t('sales.list.emptyOrders')} description={t('sales.list.emptyOrdersHint')} />
            : (
              <Table highlightOnHover verticalSpacing="sm" data-testid="orders-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sales.fields.number')}</Table.Th><Table.Th>{t('sales.fields.customer')}</Table.Th><Table.Th>{t('sales.fields.orderDate')}</Table.Th>
                    <Table.Th>{t('sales.fields.salesperson')}</Table.Th><Table.Th>{t('sales.fields.status')}</Table.Th><Table.Th ta="right">{t('sales.fields.total')}</Table.Th>
                    {withCost && <Table.Th ta="right">{t('sales.fields.margin')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((o) => (
                    <Table.Tr key={o.id} style={{ cursor: 'pointer' }} onClick={() => navigate(orderPath(o.id))} data-testid={`order-row-${o.id}`}>
                      <Table.Td><DocNumber number={o.number} provisional={o.numberStatus === 'provisional'} /></Table.Td>
                      <Table.Td>{o.customerName}</Table.Td>
                      <Table.Td>{o.orderDate}</Table.Td>
                      <Table.Td>{o.ownerName}</Table.Td>
                      <Table.Td><OrderStatusBadge status={o.status} /></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{fmt.money(o.total)}</Text></Table.Td>
                      {withCost && <Table.Td ta="right">{o.margin == null ? '—' : fmt.money(o.margin)}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      {page.hasMore && <Center><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('sales.list.loadMore')}</Button></Center>}
    </Stack>
  )
}
