/*
 * 产品资料 (WH-2): category tree on the left (counts include subcategories), search (code,
 * barcode, pinyin initials, Chinese text, spec words — main searches), status and price
 * filters, sortable columns, keyset pages in a windowed table, create/edit modal, export.
 * Testids: page-title, product-search, product-status-filter, product-min-price,
 * product-max-price, product-include-sub, products-new, products-import, products-export,
 * product-count, products-empty; see ProductTable, CategorySidebar, ProductFormModal.
 */
import { useState } from 'react'
import { Button, Card, Checkbox, Grid, Group, Menu, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconDownload, IconPlus, IconSearch, IconSitemap, IconUpload } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ProductDetail, ProductFilters, ProductListItem, ProductSort } from '../../../../../src-preload/contracts/catalogue'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { downloadFile } from '../../customers/lib/files'
import { usePaged } from '../../customers/lib/paging'
import { CategorySidebar, type CategoryPick } from '../components/CategorySidebar'
import { ProductFormModal } from '../components/ProductFormModal'
import { ProductTable } from '../components/ProductTable'
import { yuanToFen } from '../lib/money'
import { CATEGORIES_PATH, PRODUCT_IMPORT_PATH } from '../lib/paths'

export default function ProductsPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const notify = useNotify()
  const can = (p: Parameters<typeof session.permissions.includes>[0]) => session.permissions.includes(p)
  const showCost = can('catalogue.viewCost')
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const [category, setCategory] = useState<CategoryPick>(undefined)
  const [includeSub, setIncludeSub] = useState(true)
  const [status, setStatus] = useState<'active' | 'inactive' | null>(null)
  const [minPrice, setMinPrice] = useState('')
  const [maxPrice, setMaxPrice] = useState('')
  const [sort, setSort] = useState<ProductSort>({ field: 'code', dir: 'asc' })
  const [editing, setEditing] = useState<ProductDetail | 'new' | null>(null)

  const min = yuanToFen(minPrice)
  const max = yuanToFen(maxPrice)
  const filters: ProductFilters = {
    ...(debounced ? { search: debounced.slice(0, 100) } : {}),
    ...(category ? { categoryId: category } : {}),
    ...(category && category !== 'none' && !includeSub ? { includeSubcategories: false } : {}),
    ...(status ? { status } : {}),
    ...(typeof min === 'number' ? { minPrice: min } : {}),
    ...(typeof max === 'number' ? { maxPrice: max } : {}),
  }
  const key = JSON.stringify(filters)
  const list = usePaged((cursor) => api.catalogue.list({ filters, sort, cursor, limit: 100 }), [key, sort.field, sort.dir])
  const count = useQuery(() => api.catalogue.count({ filters }), [key])
  const tree = useQuery(() => api.catalogue.categoryTree({}), [])
  const filtered = Object.keys(filters).length > 0
  const refresh = () => { list.reload(); count.reload(); tree.reload() }

  const open = (p: ProductListItem) => { api.catalogue.get({ id: p.id }).then(setEditing, notify.error) }
  const exportAs = (format: 'csv' | 'xlsx') => { api.catalogue.export({ filters, sort, format }).then(downloadFile, notify.error) }
  const reset = () => { setSearch(''); setCategory(undefined); setStatus(null); setMinPrice(''); setMaxPrice('') }

  return (
    <>
      <PageHeader
        title={t('catalogue.list.title')}
        subtitle={t('catalogue.list.subtitle')}
        actions={
          <>
            {can('catalogue.edit') && <Button component={Link} to={CATEGORIES_PATH} variant="default" leftSection={<IconSitemap size={16} />}>{t('catalogue.list.manageCategories')}</Button>}
            {can('catalogue.edit') && <Button component={Link} to={PRODUCT_IMPORT_PATH} variant="default" leftSection={<IconUpload size={16} />} data-testid="products-import">{t('catalogue.list.import')}</Button>}
            {can('catalogue.export') && (
              <Menu>
                <Menu.Target><Button variant="default" leftSection={<IconDownload size={16} />} data-testid="products-export">{t('catalogue.list.export')}</Button></Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => exportAs('csv')}>{t('catalogue.list.exportCsv')}</Menu.Item>
                  <Menu.Item onClick={() => exportAs('xlsx')}>{t('catalogue.list.exportXlsx')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
            {can('catalogue.edit') && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="products-new">{t('catalogue.list.new')}</Button>}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder radius="md" padding="sm">
            <CategorySidebar tree={tree.data} value={category} onChange={setCategory} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Card withBorder radius="md" padding={0}>
            <Stack gap="sm" p="md">
              <Group gap="sm" wrap="wrap" align="flex-end">
                <TextInput style={{ flex: 1, minWidth: 240 }} leftSection={<IconSearch size={16} />} placeholder={t('catalogue.list.search')} aria-label={t('catalogue.list.search')}
                  value={search} onChange={(e) => setSearch(e.currentTarget.value)} maxLength={100} data-testid="product-search" />
                <Select w={130} placeholder={t('catalogue.list.anyStatus')} clearable value={status} onChange={(v) => setStatus(v as 'active' | 'inactive' | null)} aria-label={t('catalogue.fields.status')}
                  data={(['active', 'inactive'] as const).map((s) => ({ value: s, label: t(`catalogue.status.${s}`) }))} data-testid="product-status-filter" />
                <TextInput w={120} placeholder={t('catalogue.list.minPrice')} aria-label={t('catalogue.list.minPrice')} value={minPrice} onChange={(e) => setMinPrice(e.currentTarget.value)} inputMode="decimal" error={min === undefined} data-testid="product-min-price" />
                <TextInput w={120} placeholder={t('catalogue.list.maxPrice')} aria-label={t('catalogue.list.maxPrice')} value={maxPrice} onChange={(e) => setMaxPrice(e.currentTarget.value)} inputMode="decimal" error={max === undefined} data-testid="product-max-price" />
              </Group>
              <Group justify="space-between">
                <Text size="sm" c="dimmed" data-testid="product-count">{t('common.total', { count: count.data === undefined ? '…' : `${fmt.number(count.data.total)}${count.data.capped ? '+' : ''}` })}</Text>
                {category && category !== 'none' && <Checkbox size="xs" label={t('catalogue.list.includeSub')} checked={includeSub} onChange={(e) => setIncludeSub(e.currentTarget.checked)} data-testid="product-include-sub" />}
              </Group>
            </Stack>
            {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
            {list.loading && list.items.length === 0 && <LoadingState />}
            {!list.loading && !list.error && list.items.length === 0 && (
              filtered
                ? <Empty testId="products-empty" title={t('catalogue.list.noMatch')} description={t('catalogue.list.noMatchHint')} action={<Button variant="light" onClick={reset}>{t('catalogue.list.resetFilters')}</Button>} />
                : <Empty testId="products-empty" title={t('catalogue.list.empty')} description={t('catalogue.list.emptyHint')}
                    action={can('catalogue.edit') ? <Button onClick={() => setEditing('new')} leftSection={<IconPlus size={16} />}>{t('catalogue.list.new')}</Button> : undefined} />
            )}
            {list.items.length > 0 && (
              <ProductTable items={list.items} sort={sort} onSort={setSort} showCost={showCost} hasMore={list.hasMore} loadingMore={list.loadingMore} onLoadMore={list.loadMore} onOpen={open} />
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {editing && (
        <ProductFormModal product={editing === 'new' ? null : editing} tree={tree.data} showCost={showCost}
          defaultCategoryId={category && category !== 'none' ? category : undefined}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); refresh() }} />
      )}
    </>
  )
}
