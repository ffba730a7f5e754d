import type { ReactNode } from 'react'
import { Anchor, Badge, Center, Group, Loader, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconPhoto } from '@tabler/icons-react'
import type { ProductListItem, ProductSort } from '../../../../../src-preload/contracts/catalogue'
import { useI18n, type MessageKey } from '../../../app/i18n'
import { VirtualRows } from '../../customers/components/VirtualRows'
import classes from './ProductTable.module.css'

const ROW_HEIGHT = 52

export interface ProductTableProps {
  items: readonly ProductListItem[]
  sort: ProductSort
  onSort: (s: ProductSort) => void
  /** Floor price and standard cost columns (catalogue.viewCost). */
  showCost: boolean
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
  onOpen: (p: ProductListItem) => void
}

/**
 * Products as a windowed table (role=table/row/cell): only visible rows are in the DOM, the
 * next keyset page loads near the end. Rows open with a click or Enter.
 * Testids: product-table, product-row-<id>, product-sort-<field>, product-load-more.
 */
export function ProductTable(p: ProductTableProps) {
  const { t, fmt } = useI18n()
  const columns = `minmax(130px, 1fr) minmax(220px, 2fr) minmax(120px, 1fr) 70px 120px ${p.showCost ? '120px 120px ' : ''}70px 80px 140px`
  const minWidth = p.showCost ? 1300 : 1060

  const sortHeader = (field: ProductSort['field'], label: MessageKey, align?: 'right'): ReactNode => {
    const active = p.sort.field === field
    const Icon = !active ? IconArrowsSort : p.sort.dir === 'asc' ? IconArrowUp : IconArrowDown
    const next: ProductSort = { field, dir: active && p.sort.dir === 'asc' ? 'desc' : 'asc' }
    return (
      <UnstyledButton className={classes.sort} style={align ? { justifyContent: 'flex-end', width: '100%' } : undefined} onClick={() => p.onSort(next)}
        data-testid={`product-sort-${field}`} aria-sort={active ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        {t(label)}<Icon size={14} stroke={1.6} opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    )
  }
  const th = (children: ReactNode, num = false) => <div className={`${classes.cell} ${num ? classes.num : ''}`} role="columnheader">{children}</div>

  const header = (
    <div className={classes.header} style={{ gridTemplateColumns: columns, height: 40 }} role="row">
      {th(sortHeader('code', 'catalogue.fields.code'))}
      {th(sortHeader('name', 'catalogue.fields.name'))}
      {th(t('catalogue.fields.category'))}
      {th(t('catalogue.fields.unit'))}
      {th(sortHeader('listPrice', 'catalogue.fields.listPrice', 'right'), true)}
      {p.showCost && th(t('catalogue.fields.floorPrice'), true)}
      {p.showCost && th(t('catalogue.fields.standardCost'), true)}
      {th(t('catalogue.fields.taxRate'), true)}
      {th(t('catalogue.fields.status'))}
      {th(sortHeader('updatedAt', 'catalogue.fields.updatedAt'))}
    </div>
  )

  const footer = p.hasMore || p.loadingMore
    ? <Center h={48}>{p.loadingMore ? <Loader size="sm" /> : <Anchor component="button" size="sm" onClick={p.onLoadMore} data-testid="product-load-more">{t('catalogue.list.loadMore')}</Anchor>}</Center>
    : <Center h={40}><Text size="xs" c="dimmed">{t('catalogue.list.end')}</Text></Center>

  return (
    <VirtualRows
      items={p.items} rowHeight={ROW_HEIGHT} height="max(320px, calc(100dvh - 300px))" minWidth={minWidth} header={header} footer={footer}
      onEndReached={p.hasMore ? p.onLoadMore : undefined} testId="product-table" role="table" ariaLabel={t('catalogue.list.title')}
      renderRow={(it, i, style) => (
        <div key={it.id} role="row" aria-rowindex={i + 2} tabIndex={0} className={classes.row} style={{ ...style, gridTemplateColumns: columns }}
          data-testid={`product-row-${it.id}`} onClick={() => p.onOpen(it)} onKeyDown={(e) => { if (e.key === 'Enter') p.onOpen(it) }}>
          <div className={classes.cell} role="cell"><Text size="sm" ff="monospace" truncate>{it.code}</Text></div>
          <div className={classes.cell} role="cell">
            <Group gap={6} wrap="nowrap">
              {it.imageRef && <IconPhoto size={14} color="var(--mantine-color-dimmed)" aria-hidden />}
              <Text size="sm" fw={600} truncate>{it.name}</Text>
            </Group>
            <Text size="xs" c="dimmed" truncate>{[it.spec, it.barcode].filter(Boolean).join(' · ')}</Text>
          </div>
          <div className={classes.cell} role="cell">{it.categoryName ?? ''}</div>
          <div className={classes.cell} role="cell">{it.unit ?? ''}</div>
          <div className={`${classes.cell} ${classes.num}`} role="cell">{fmt.money(it.listPrice)}</div>
          {p.showCost && <div className={`${classes.cell} ${classes.num}`} role="cell">{it.floorPrice == null ? '' : fmt.money(it.floorPrice)}</div>}
          {p.showCost && <div className={`${classes.cell} ${classes.num}`} role="cell">{it.standardCost == null ? '' : fmt.money(it.standardCost)}</div>}
          <div className={`${classes.cell} ${classes.num}`} role="cell">{`${it.taxRate / 100}%`}</div>
          <div className={classes.cell} role="cell"><Badge variant="dot" color={it.status === 'active' ? 'teal' : 'gray'}>{t(`catalogue.status.${it.status}`)}</Badge></div>
          <div className={classes.cell} role="cell"><Text size="xs" c="dimmed">{fmt.dateTime(it.updatedAt)}</Text></div>
        </div>
      )}
    />
  )
}
