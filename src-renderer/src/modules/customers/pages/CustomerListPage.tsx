/*
 * 客户资料 list (CU-1): search (name, pinyin initials, phone suffix, contact name — main
 * searches), filters, sortable columns, keyset pages in a windowed table, saved views,
 * classification statistics, bulk reassign / release / merge, export, vCard, print.
 * Testids: page-title, customers-new, customers-import, customer-search, customer-scope,
 * filter-*, views-menu, customer-stats, customer-table, customer-row-<id> (role=row),
 * customer-select-<id>, customer-select-all, customer-count, customer-selected-count,
 * bulk-transfer, bulk-release, bulk-merge, bulk-clear, export-menu, print-menu,
 * customers-empty. Modals: customer-form, transfer-modal, release-modal, merge-modal.
 */
import { useCallback, useMemo, useState } from 'react'
import { Button, Card, Group, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowsExchange, IconGitMerge, IconPlus, IconSend, IconUpload, IconX } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import type { LevelRow, SavedViewRow } from '../../../../../src-preload/contracts/customers'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { joinParts } from '../../../shared/text'
import { CustomerFilters } from '../components/CustomerFilters'
import { CustomerFormModal } from '../components/CustomerFormModal'
import { CustomerStatsCard } from '../components/CustomerStatsCard'
import { CustomerTable } from '../components/CustomerTable'
import { MergeModal } from '../components/MergeModal'
import { ExportMenu, PrintMenu } from '../components/OutputMenus'
import { ReleaseModal } from '../components/ReleaseModal'
import { SavedViewsMenu } from '../components/SavedViewsMenu'
import { TransferModal } from '../components/TransferModal'
import { activeFilterCount, cleanFilters, DEFAULT_SORT, type ListFilters, type ListSort } from '../lib/filters'
import { usePaged } from '../lib/paging'
import { customerPath, IMPORT_PATH } from '../lib/paths'
import { useStaff } from '../lib/staff'

type Dialog = 'create' | 'transfer' | 'release' | 'merge' | null
/** One empty list while levels load (a new [] each render would render every row again). */
const NO_LEVELS: LevelRow[] = []

export function CustomerListPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const permissions = session.permissions
  const can = useCallback((p: Parameters<typeof permissions.includes>[0]) => permissions.includes(p), [permissions])
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const [filters, setFilters] = useState<ListFilters>({ scope: 'visible' })
  const [sort, setSort] = useState<ListSort>(DEFAULT_SORT)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [dialog, setDialog] = useState<Dialog>(null)

  const query = useMemo(() => cleanFilters({ ...filters, search: debounced }), [filters, debounced])
  const key = JSON.stringify(query)
  // The first page fills the screen quickly; later pages are larger (fewer round trips while scrolling).
  const list = usePaged((cursor) => api.customers.list({ filters: query, sort, cursor, limit: cursor ? 200 : 100 }), [key, sort.field, sort.dir])
  const count = useQuery(() => api.customers.count({ filters: query }), [key])
  const stats = useQuery(() => api.customers.stats({ filters: query }), [key])
  // After the list's own calls: the host answers in the order asked, and the rows come first.
  const { staff } = useStaff()
  const levels = useQuery(() => api.customers.listLevels({}), [])
  const fields = useQuery(() => api.customers.listFields({}), [])

  const changeFilters = useCallback((f: ListFilters) => { setFilters(f); setSelected(new Set()) }, [])
  const refresh = () => { list.reload(); count.reload(); stats.reload(); setSelected(new Set()) }
  const ids = [...selected]
  // No pass over the loaded rows (10,000 after a long scroll) at each page without a selection.
  const selectedRows = useMemo(() => (selected.size === 0 ? [] : list.items.filter((c) => selected.has(c.id))), [list.items, selected])
  const mergeable = selectedRows.length >= 2
  const filtered = activeFilterCount(query) > 0 || debounced !== ''
  const total = count.data?.total
  const statsData = stats.data
  const categories = useMemo(() => (statsData?.byCategory ?? []).flatMap((c) => (c.key ? [c.key] : [])), [statsData])
  const levelRows = levels.data ?? NO_LEVELS

  const pickStat = useCallback((dim: 'level' | 'category' | 'status', value: string) => {
    if (dim === 'status') changeFilters({ ...filters, status: [value as 'potential' | 'active' | 'lost'] })
    else changeFilters({ ...filters, [dim]: [value] })
  }, [filters, changeFilters])
  const applyView = useCallback((v: SavedViewRow) => {
    const { sort: s, search: q, ...f } = v.query
    setSearch(q ?? '')
    changeFilters({ scope: 'visible', ...f })
    setSort(s ?? DEFAULT_SORT)
  }, [changeFilters])

  // The header, statistics and toolbar (Mantine inputs, menus, tooltips: the costly part of
  // this page) render again only when what they show changes — not at each page of rows that
  // arrives while the list scrolls, which would hitch the scroll.
  const top = useMemo(() => (
    <PageHeader
      title={t('customers.list.title')}
      subtitle={t('customers.list.subtitle')}
      actions={
        <>
          {can('customers.import') && <Button component={Link} to={IMPORT_PATH} variant="default" leftSection={<IconUpload size={16} />} data-testid="customers-import">{t('customers.list.import')}</Button>}
          {can('customers.create') && <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog('create')} data-testid="customers-new">{t('customers.list.new')}</Button>}
        </>
      }
    />
  ), [t, can])
  const statsCard = useMemo(() => <CustomerStatsCard stats={statsData} levels={levelRows} onPick={pickStat} />, [statsData, levelRows, pickStat])
  const toolbar = useMemo(() => {
    const ids = [...selected]
    return (
      <Stack gap="sm" p="md">
        <CustomerFilters search={search} onSearch={setSearch} filters={filters} onChange={changeFilters} levels={levelRows} staff={staff} categories={categories} />
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm">
            <SavedViewsMenu filters={query} sort={sort} onApply={applyView} />
            <Text size="sm" c="dimmed" data-testid="customer-count">{t('common.total', { count: total === undefined ? '…' : fmt.number(total) })}</Text>
            {selected.size > 0 && (
              <>
                <Text size="sm" fw={600} data-testid="customer-selected-count">{t('customers.list.selectedCount', { count: selected.size })}</Text>
                <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => setSelected(new Set())} data-testid="bulk-clear">{t('customers.list.clearSelection')}</Button>
              </>
            )}
          </Group>
          <Group gap="xs">
            {can('customers.assign') && (
              <Button size="sm" variant="default" disabled={selected.size === 0} leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog('transfer')} data-testid="bulk-transfer">{t('customers.list.bulkTransfer')}</Button>
            )}
            {can('customers.edit') && (
              <Button size="sm" variant="default" disabled={selected.size === 0} leftSection={<IconSend size={16} />} onClick={() => setDialog('release')} data-testid="bulk-release">{t('customers.list.bulkRelease')}</Button>
            )}
            {can('customers.edit') && (
              <Button size="sm" variant="default" disabled={!mergeable} leftSection={<IconGitMerge size={16} />} onClick={() => setDialog('merge')} data-testid="bulk-merge">{t('customers.list.bulkMerge')}</Button>
            )}
            {can('customers.export') && <ExportMenu selection={{ ids: selected.size ? ids : undefined, filters: query, sort }} />}
            <PrintMenu selection={{ ids: selected.size ? ids : undefined, filters: query, sort }} />
          </Group>
        </Group>
      </Stack>
    )
  }, [t, fmt, can, search, filters, changeFilters, levelRows, staff, categories, query, sort, applyView, total, selected, mergeable])

  return (
    <>
      {top}
      <Stack gap="md">
        {statsCard}
        <Card withBorder radius="md" padding={0}>
          {toolbar}
          {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
          {list.loading && list.items.length === 0 && <LoadingState />}
          {!list.loading && !list.error && list.items.length === 0 && (
            filtered
              ? <Empty testId="customers-empty" title={t('customers.list.noMatch')} description={t('customers.list.noMatchHint')}
                  action={<Button variant="light" onClick={() => { setSearch(''); changeFilters({ scope: filters.scope }) }}>{t('customers.list.resetFilters')}</Button>} />
              : <Empty testId="customers-empty" title={t('customers.list.empty')} description={t('customers.list.emptyHint')}
                  action={
                    <Group>
                      {can('customers.create') && <Button onClick={() => setDialog('create')} leftSection={<IconPlus size={16} />}>{t('customers.list.new')}</Button>}
                      {can('customers.import') && <Button component={Link} to={IMPORT_PATH} variant="light" leftSection={<IconUpload size={16} />}>{t('customers.list.import')}</Button>}
                    </Group>
                  } />
          )}
          {list.items.length > 0 && (
            <CustomerTable
              items={list.items} levels={levels.data ?? NO_LEVELS} sort={sort} onSort={setSort} selected={selected} onSelect={setSelected}
              hasMore={list.hasMore} loadingMore={list.loadingMore} onLoadMore={list.loadMore}
            />
          )}
        </Card>
      </Stack>
      {dialog === 'create' && (
        <CustomerFormModal customer={null} levels={levels.data ?? NO_LEVELS} fields={fields.data ?? []} staff={staff}
          onClose={() => setDialog(null)} onSaved={(c) => { setDialog(null); refresh(); void navigate(customerPath(c.id)) }} />
      )}
      {dialog === 'transfer' && (
        <TransferModal customerIds={ids} count={ids.length} staff={staff} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refresh() }} />
      )}
      {dialog === 'release' && <ReleaseModal customerIds={ids} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refresh() }} />}
      {dialog === 'merge' && (
        <MergeModal customers={selectedRows.map((c) => ({ id: c.id, name: c.name, detail: joinParts(c.ownerName, c.primaryContact?.name, c.phone, fmt.date(c.createdAt)) }))} onClose={() => setDialog(null)}
          onDone={(id) => { setDialog(null); refresh(); void navigate(customerPath(id)) }} />
      )}
    </>
  )
}
