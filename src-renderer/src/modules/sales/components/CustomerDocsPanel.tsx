/*
 * A customer's 报价 / 销售单 / 费用 on the customer page: the list contract methods filtered by
 * customerId (main applies the caller's scope; the filter walks the index that leads with
 * customer_id), newest first, keyset "load more"; a row (click or Enter) opens the document.
 * Testids: customer-docs-<kind>, customer-doc-row-<id>, customer-docs-empty-<kind>.
 */
import type { ReactNode } from 'react'
import { Button, Center, Table, Text } from '@mantine/core'
import { useNavigate } from 'react-router'
import type { Page } from '../../../../../src-preload/contracts/define'
import type { ExpenseCategory } from '../../../../../src-preload/contracts/expenses'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { ExpenseStatusBadge } from '../../expenses/components/ExpenseStatusBadge'
import type { CustomerDocKind } from '../lib/customer-docs'
import { expensePath, orderPath, quotePath } from '../lib/paths'
import { DocNumber } from './DocView'
import { OrderStatusBadge, QuoteStatusBadge } from './StatusBadge'

interface DocRow { id: string; path: string; cells: ReactNode[]; amount: number }

function fetcher(kind: CustomerDocKind, customerId: string): (cursor: string | null) => Promise<Page<DocRow>> {
  const limit = 30
  if (kind === 'quotes') {
    return async (cursor) => {
      const p = await api.sales.listQuotes({ filters: { customerId, latestOnly: true }, cursor, limit })
      return { nextCursor: p.nextCursor, items: p.items.map((q) => ({
        id: q.id, path: quotePath(q.id), amount: q.total,
        cells: [<DocNumber key="n" number={q.version > 1 ? `${q.number} v${q.version}` : q.number} provisional={q.numberStatus === 'provisional'} />, q.quoteDate, q.ownerName, <QuoteStatusBadge key="s" status={q.status} />],
      })) }
    }
  }
  if (kind === 'orders') {
    return async (cursor) => {
      const p = await api.sales.listOrders({ filters: { customerId }, cursor, limit })
      return { nextCursor: p.nextCursor, items: p.items.map((o) => ({
        id: o.id, path: orderPath(o.id), amount: o.total,
        cells: [<DocNumber key="n" number={o.number} provisional={o.numberStatus === 'provisional'} />, o.orderDate, o.ownerName, <OrderStatusBadge key="s" status={o.status} />],
      })) }
    }
  }
  return async (cursor) => {
    const p = await api.expenses.list({ filters: { customerId }, cursor, limit })
    return { nextCursor: p.nextCursor, items: p.items.map((e) => ({
      id: e.id, path: expensePath(e.id), amount: e.amount,
      cells: [<ExpenseCategoryCell key="c" category={e.category} order={e.orderNumber} />, e.expenseDate, e.ownerName, <ExpenseStatusBadge key="s" status={e.status} />],
    })) }
  }
}

function ExpenseCategoryCell({ category, order }: { category: ExpenseCategory; order: string | null }) {
  const { t } = useI18n()
  return <>{t(`expenses.category.${category}`)}{order && <Text span size="xs" c="dimmed"> · {order}</Text>}</>
}

export function CustomerDocsPanel({ kind, customerId }: { kind: CustomerDocKind; customerId: string }) {
  const { t, fmt } = useI18n()
  const navigate = useNavigate()
  const page = usePaged(fetcher(kind, customerId), [kind, customerId])
  const empty = { quotes: t('sales.customer.emptyQuotes'), orders: t('sales.customer.emptyOrders'), expenses: t('sales.customer.emptyExpenses') }[kind]
  const head = kind === 'expenses'
    ? [t('expenses.fields.category'), t('expenses.fields.date'), t('expenses.fields.submitter'), t('expenses.fields.status'), t('expenses.fields.amount')]
    : [t('sales.fields.number'), t(kind === 'quotes' ? 'sales.fields.quoteDate' : 'sales.fields.orderDate'), t('sales.fields.salesperson'), t('sales.fields.status'), t('sales.fields.total')]

  if (page.error && page.items.length === 0) return <ErrorState error={page.error} onRetry={page.reload} />
  if (page.loading && page.items.length === 0) return <LoadingState />
  if (page.items.length === 0) return <Empty testId={`customer-docs-empty-${kind}`} title={empty} />
  return (
    <>
      <Table highlightOnHover verticalSpacing="sm" data-testid={`customer-docs-${kind}`}>
        <Table.Thead>
          <Table.Tr>{head.map((h, i) => <Table.Th key={h} ta={i === head.length - 1 ? 'right' : undefined}>{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.items.map((r) => (
            <Table.Tr key={r.id} style={{ cursor: 'pointer' }} tabIndex={0} onClick={() => navigate(r.path)}
              onKeyDown={(e) => { if (e.key === 'Enter') void navigate(r.path) }} data-testid={`customer-doc-row-${r.id}`}>
              {r.cells.map((c, i) => <Table.Td key={i}>{c}</Table.Td>)}
              <Table.Td ta="right"><Text size="sm" fw={600}>{fmt.money(r.amount)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {page.hasMore && <Center><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('sales.list.loadMore')}</Button></Center>}
    </>
  )
}
