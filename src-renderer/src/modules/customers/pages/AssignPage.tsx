/*
 * 客户分配 (CU-2) for managers (customers.assign): pick a salesperson, then transfer all of
 * their customers, a selection, or those matching filters to another salesperson with a
 * reason (the confirmation states the count); the new owner inherits the whole history.
 * Below, the reassignment history.
 * Testids: page-title, assign-from, assign-mode (all | selected | filtered), assign-search,
 * assign-row-<id>, assign-select-<id>, assign-select-all, assign-filter-level,
 * assign-filter-status, assign-count, transfer-to, transfer-reason, transfer-submit,
 * confirm-ok / confirm-cancel, transfers-table.
 */
import { useState } from 'react'
import { Alert, Button, Card, Checkbox, Group, MultiSelect, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowsExchange, IconInfoCircle, IconSearch } from '@tabler/icons-react'
import { CUSTOMER_STATUSES, type CustomerStatus } from '../../../../../src-preload/contracts/customers'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { TransfersTable } from '../components/TransfersTable'
import { cleanFilters, type ListFilters } from '../lib/filters'
import { levelLabel, statusLabel } from '../lib/labels'
import { usePaged } from '../lib/paging'
import { staffOptions, useStaff } from '../lib/staff'

type Mode = 'all' | 'selected' | 'filtered'

export default function AssignPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const notify = useNotify()
  const confirm = useConfirm()
  const { staff, complete } = useStaff()
  const [from, setFrom] = useState<string | null>(null)
  const [mode, setMode] = useState<Mode>('all')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const [level, setLevel] = useState<string[]>([])
  const [status, setStatus] = useState<CustomerStatus[]>([])
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [to, setTo] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  const [pending, setPending] = useState(false)
  const [version, setVersion] = useState(0)

  const options = staffOptions(staff, session.user.id, t('customers.common.me'))
  const levels = useQuery(() => api.customers.listLevels({}), [])
  const filters: ListFilters = cleanFilters({ scope: 'visible', ownerId: from ? [from] : undefined, ...(mode === 'filtered' ? { level, status, search: q } : {}), ...(mode === 'selected' ? { search: q } : {}) })
  const fkey = JSON.stringify(filters)
  const count = useQuery(async () => (from ? api.customers.count({ filters }) : { total: 0 }), [fkey, version])
  const rows = usePaged((cursor) => (from ? api.customers.list({ filters, cursor, limit: 100 }) : Promise.resolve({ items: [], nextCursor: null })), [fkey, version])
  const history = usePaged((cursor) => api.pool.transfers({ cursor, limit: 100 }), [version])

  const toCount = mode === 'selected' ? selected.size : count.data?.total ?? 0
  const fromName = staff.find((s) => s.id === from)?.name ?? ''
  const toName = staff.find((s) => s.id === to)?.name ?? ''

  const run = async () => {
    if (!from || !to) return
    setPending(true)
    try {
      const body = mode === 'selected' ? { customerIds: [...selected] } : mode === 'filtered' ? { fromOwnerId: from, filters } : { fromOwnerId: from }
      const r = await api.pool.transfer({ toOwnerId: to, reason: reason.trim(), ...body })
      notify.success('customers.assign.done', { count: r.moved })
      setSelected(new Set())
      setReason('')
      setTouched(false)
      setVersion((v) => v + 1)
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  const submit = () => {
    setTouched(true)
    if (!from || !to || !reason.trim() || toCount === 0) return
    confirm({
      title: t('customers.assign.confirmTitle'),
      message: t('customers.assign.confirmText', { count: fmt.number(toCount), from: fromName, to: toName }),
      confirmLabel: t('customers.assign.submit'),
      onConfirm: () => { void run() },
    })
  }

  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n })
  const allSelected = rows.items.length > 0 && rows.items.every((c) => selected.has(c.id))

  return (
    <>
      <PageHeader title={t('customers.assign.title')} subtitle={t('customers.assign.subtitle')} />
      <Stack gap="md">
        {!complete && <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>{t('customers.assign.partialStaff')}</Alert>}
        <Card withBorder radius="md">
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select label={t('customers.assign.from')} searchable data={options} value={from} withAsterisk
                onChange={(v) => { setFrom(v); setSelected(new Set()) }} error={touched && !from ? t('validation.required') : undefined} data-testid="assign-from" />
              <Stack gap={4}>
                <Text size="sm" fw={500}>{t('customers.assign.mode')}</Text>
                <SegmentedControl value={mode} onChange={(v) => { setMode(v as Mode); setSelected(new Set()) }} data-testid="assign-mode"
                  data={(['all', 'selected', 'filtered'] as const).map((m) => ({ value: m, label: t(`customers.assign.modes.${m}`) }))} />
              </Stack>
            </SimpleGrid>
            {from && mode !== 'all' && (
              <Group gap="sm" align="flex-end">
                <TextInput placeholder={t('customers.list.searchPlaceholder')} leftSection={<IconSearch size={16} />} w={280} value={search}
                  onChange={(e) => setSearch(e.currentTarget.value)} aria-label={t('common.search')} data-testid="assign-search" />
                {mode === 'filtered' && (
                  <>
                    <MultiSelect placeholder={t('customers.fields.level')} aria-label={t('customers.fields.level')} w={180} clearable value={level} onChange={setLevel}
                      data={(levels.data ?? []).map((l) => ({ value: l.code, label: l.name }))} data-testid="assign-filter-level" />
                    <MultiSelect placeholder={t('customers.fields.status')} aria-label={t('customers.fields.status')} w={180} clearable value={status} onChange={(v) => setStatus(v as CustomerStatus[])}
                      data={CUSTOMER_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))} data-testid="assign-filter-status" />
                  </>
                )}
              </Group>
            )}
            {from && mode !== 'all' && (
              <ScrollArea.Autosize mah={320} type="auto">
                <Table verticalSpacing={6} highlightOnHover stickyHeader>
                  <Table.Thead>
                    <Table.Tr>
                      {mode === 'selected' && (
                        <Table.Th w={40}>
                          <Checkbox size="xs" checked={allSelected} aria-label={t('customers.list.selectAll')} data-testid="assign-select-all"
                            onChange={() => setSelected(allSelected ? new Set() : new Set(rows.items.map((c) => c.id)))} />
                        </Table.Th>
                      )}
                      <Table.Th>{t('customers.fields.name')}</Table.Th>
                      <Table.Th>{t('customers.fields.level')}</Table.Th>
                      <Table.Th>{t('customers.fields.status')}</Table.Th>
                      <Table.Th>{t('customers.fields.lastFollowupAt')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.items.map((c) => (
                      <Table.Tr key={c.id} data-testid={`assign-row-${c.id}`} onClick={mode === 'selected' ? () => toggle(c.id) : undefined} style={mode === 'selected' ? { cursor: 'pointer' } : undefined}>
                        {mode === 'selected' && (
                          <Table.Td onClick={(e) => e.stopPropagation()}>
                            <Checkbox size="xs" checked={selected.has(c.id)} onChange={() => toggle(c.id)} aria-label={t('customers.list.select', { name: c.name })} data-testid={`assign-select-${c.id}`} />
                          </Table.Td>
                        )}
                        <Table.Td><Text size="sm" fw={600}>{c.name}</Text></Table.Td>
                        <Table.Td>{levelLabel(levels.data, c.level)}</Table.Td>
                        <Table.Td>{statusLabel(t, c.status)}</Table.Td>
                        <Table.Td><Text size="xs" c="dimmed">{c.lastFollowupAt ? fmt.dateTime(c.lastFollowupAt) : t('customers.list.never')}</Text></Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {rows.hasMore && <Group justify="center" p="xs"><Button size="xs" variant="subtle" loading={rows.loadingMore} onClick={rows.loadMore}>{t('customers.list.loadMore')}</Button></Group>}
              </ScrollArea.Autosize>
            )}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select label={t('customers.assign.to')} searchable withAsterisk data={options.filter((o) => o.value !== from)} value={to} onChange={setTo}
                error={touched && !to ? t('validation.required') : undefined} data-testid="transfer-to" />
              <Textarea label={t('customers.assign.reason')} withAsterisk autosize minRows={1} maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)}
                error={touched && !reason.trim() ? t('validation.required') : undefined} data-testid="transfer-reason" />
            </SimpleGrid>
            <Group justify="space-between">
              <Text size="sm" c={toCount === 0 && touched ? 'red' : 'dimmed'} data-testid="assign-count">
                {from ? t('customers.assign.willMove', { count: fmt.number(toCount) }) : t('customers.assign.pickFrom')}
              </Text>
              <Button leftSection={<IconArrowsExchange size={16} />} loading={pending} onClick={submit} data-testid="transfer-submit">{t('customers.assign.submit')}</Button>
            </Group>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding={0}>
          <Title order={4} p="md">{t('customers.transfers.title')}</Title>
          <TransfersTable page={history} showCustomer />
        </Card>
      </Stack>
    </>
  )
}
