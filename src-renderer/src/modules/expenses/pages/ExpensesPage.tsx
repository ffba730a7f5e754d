/*
 * 客户费用 (SA-5): the caller's visible expenses, newest first, and the record / edit form with
 * the office budget meter; `?id=<expense>` opens that expense (links from the customer page and
 * the approvals inbox). Testids: expenses-list, expense-row-<id>, new-expense,
 * expenses-status, expenses-category; see ExpenseFormModal for the form.
 */
import { useEffect, useState } from 'react'
import { Button, Center, Group, Select, Stack, Table, Text } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { IconPaperclip, IconPlus } from '@tabler/icons-react'
import { EXPENSE_CATEGORIES, EXPENSE_STATUSES, type ExpenseCategory, type ExpenseDetail, type ExpenseStatus } from '../../../../../src-preload/contracts/expenses'
import { api } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { ExpenseFormModal } from '../components/ExpenseFormModal'
import { ExpenseStatusBadge } from '../components/ExpenseStatusBadge'

export default function ExpensesPage() {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const { permissions } = useSession()
  const [status, setStatus] = useState<ExpenseStatus | null>(null)
  const [category, setCategory] = useState<ExpenseCategory | null>(null)
  const [open, setOpen] = useState<{ expense: ExpenseDetail | null } | null>(null)
  const page = usePaged((cursor) => api.expenses.list({ filters: { ...(status ? { status } : {}), ...(category ? { category } : {}) }, cursor, limit: 50 }), [status, category])
  const openRow = (id: string) => { void api.expenses.get({ id }).then((expense) => setOpen({ expense }), (e: unknown) => notify.error(e)) }
  const [params, setParams] = useSearchParams()
  const linked = params.get('id')
  useEffect(() => {
    if (!linked) return
    let live = true
    api.expenses.get({ id: linked }).then((expense) => { if (live) setOpen({ expense }) }, (e: unknown) => { if (live) notify.error(e) })
    return () => { live = false }
  }, [linked, notify])
  // Closing a linked expense leaves the list (the link is not reopened by a reload).
  const close = () => { setOpen(null); if (linked) setParams((p) => { p.delete('id'); return p }, { replace: true }) }
  const canEdit = permissions.includes('expenses.edit')

  return (
    <Stack>
      <PageHeader title={t('expenses.list.title')} subtitle={t('expenses.list.subtitle')}
        actions={canEdit ? <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen({ expense: null })} data-testid="new-expense">{t('expenses.list.add')}</Button> : undefined} />
      <Group>
        <Select aria-label={t('expenses.fields.status')} placeholder={t('expenses.list.anyStatus')} clearable w={160} value={status}
          data={EXPENSE_STATUSES.map((s) => ({ value: s, label: t(`expenses.status.${s}`) }))} onChange={(v) => setStatus(v as ExpenseStatus | null)} data-testid="expenses-status" />
        <Select aria-label={t('expenses.fields.category')} placeholder={t('expenses.list.anyCategory')} clearable w={160} value={category}
          data={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`expenses.category.${c}`) }))} onChange={(v) => setCategory(v as ExpenseCategory | null)} data-testid="expenses-category" />
      </Group>
      {page.error && page.items.length === 0 ? <ErrorState error={page.error} onRetry={page.reload} />
        : page.loading && page.items.length === 0 ? <LoadingState />
          : page.items.length === 0 ? <Empty testId="expenses-empty" title={t('expenses.list.empty')} description={t('expenses.list.emptyHint')} />
            : (
              <Table highlightOnHover verticalSpacing="sm" data-testid="expenses-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('expenses.fields.date')}</Table.Th><Table.Th>{t('expenses.fields.customer')}</Table.Th><Table.Th>{t('expenses.fields.category')}</Table.Th>
                    <Table.Th>{t('expenses.fields.submitter')}</Table.Th><Table.Th>{t('expenses.fields.office')}</Table.Th><Table.Th>{t('expenses.fields.status')}</Table.Th>
                    <Table.Th ta="right">{t('expenses.fields.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((e) => (
                    <Table.Tr key={e.id} style={{ cursor: 'pointer' }} tabIndex={0} onClick={() => openRow(e.id)} onKeyDown={(k) => { if (k.key === 'Enter') openRow(e.id) }} data-testid={`expense-row-${e.id}`}>
                      <Table.Td>{e.expenseDate}</Table.Td>
                      <Table.Td>{e.customerName}{e.orderNumber && <Text span size="xs" c="dimmed"> · {e.orderNumber}</Text>}</Table.Td>
                      <Table.Td><Group gap={4}>{t(`expenses.category.${e.category}`)}{e.hasReceipt && <IconPaperclip size={14} aria-label={t('expenses.list.receipt')} />}</Group></Table.Td>
                      <Table.Td>{e.ownerName}</Table.Td>
                      <Table.Td>{e.officeName ?? '—'}</Table.Td>
                      <Table.Td><ExpenseStatusBadge status={e.status} /></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{fmt.money(e.amount)}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      {page.hasMore && <Center><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('expenses.list.loadMore')}</Button></Center>}
      {open && <ExpenseFormModal key={open.expense?.id ?? 'new'} expense={open.expense} onClose={close} onSaved={() => { close(); page.reload() }} />}
    </Stack>
  )
}
