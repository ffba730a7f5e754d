import type { ReactNode } from 'react'
import { Anchor, Badge, Center, Checkbox, Group, Loader, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import type { CustomerListItem, LevelRow } from '../../../../../src-preload/contracts/customers'
import { useI18n, type MessageKey } from '../../../app/i18n'
import type { ListSort } from '../lib/filters'
import { levelLabel, STATUS_COLORS, statusLabel } from '../lib/labels'
import { customerPath } from '../lib/paths'
import { RecordSyncBadges } from '../../sync/components/RecordSyncBadges'
import { VirtualRows } from './VirtualRows'
import classes from './CustomerTable.module.css'

const ROW_HEIGHT = 52
const COLUMNS = '40px minmax(220px, 2fr) 100px 116px minmax(110px, 1fr) 110px minmax(120px, 1fr) minmax(150px, 1fr) minmax(120px, 1fr) 140px 140px'
const MIN_WIDTH = 1500

export interface CustomerTableProps {
  items: readonly CustomerListItem[]
  levels: readonly LevelRow[]
  sort: ListSort
  onSort: (s: ListSort) => void
  selected: ReadonlySet<string>
  onSelect: (next: Set<string>) => void
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
}

/**
 * The customer list as a windowed table (role=table/row/cell): only visible rows are in the
 * DOM; the next keyset page loads when the end comes into view. Testids: customer-table,
 * customer-row-<id>, customer-select-<id>, customer-select-all, sort-<field>; sync markers record-unsynced / record-conflict / record-rejected
 * (RecordSyncBadges: one batched sync.recordStatus call for the rows on screen).
 */
export function CustomerTable(p: CustomerTableProps) {
  const { t, fmt } = useI18n()
  const navigate = useNavigate()
  const allSelected = p.items.length > 0 && p.items.every((c) => p.selected.has(c.id))
  const someSelected = !allSelected && p.items.some((c) => p.selected.has(c.id))

  const toggle = (id: string) => {
    const next = new Set(p.selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    p.onSelect(next)
  }

  const sortHeader = (field: ListSort['field'], label: MessageKey): ReactNode => {
    const active = p.sort.field === field
    const Icon = !active ? IconArrowsSort : p.sort.dir === 'asc' ? IconArrowUp : IconArrowDown
    const next: ListSort = { field, dir: active && p.sort.dir === 'desc' ? 'asc' : 'desc' }
    return (
      <UnstyledButton className={classes.sort} onClick={() => p.onSort(next)} data-testid={`sort-${field}`} aria-sort={active ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        {t(label)}<Icon size={14} stroke={1.6} opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    )
  }

  const header = (
    <div className={classes.header} style={{ gridTemplateColumns: COLUMNS, height: 40 }} role="row">
      <div className={classes.cell} role="columnheader">
        <Checkbox size="xs" checked={allSelected} indeterminate={someSelected} aria-label={t('customers.list.selectAll')}
          onChange={() => p.onSelect(allSelected ? new Set() : new Set(p.items.map((c) => c.id)))} data-testid="customer-select-all" />
      </div>
      <div className={classes.cell} role="columnheader">{sortHeader('name', 'customers.fields.name')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.level')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.status')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.category')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.owner')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.region')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.primaryContact')}</div>
      <div className={classes.cell} role="columnheader">{t('customers.fields.tags')}</div>
      <div className={classes.cell} role="columnheader">{sortHeader('lastFollowupAt', 'customers.fields.lastFollowupAt')}</div>
      <div className={classes.cell} role="columnheader">{sortHeader('updatedAt', 'customers.fields.updatedAt')}</div>
    </div>
  )

  const footer = p.hasMore || p.loadingMore
    ? <Center h={48}>{p.loadingMore ? <Loader size="sm" /> : <Anchor component="button" size="sm" onClick={p.onLoadMore} data-testid="customer-load-more">{t('customers.list.loadMore')}</Anchor>}</Center>
    : p.items.length > 0 ? <Center h={40}><Text size="xs" c="dimmed">{t('customers.list.end')}</Text></Center> : null

  return (
    <VirtualRows
      items={p.items} rowHeight={ROW_HEIGHT} height="max(320px, calc(100dvh - 430px))" minWidth={MIN_WIDTH} header={header} footer={footer}
      onEndReached={p.hasMore ? p.onLoadMore : undefined} testId="customer-table" role="table" ariaLabel={t('customers.list.title')}
      renderRow={(c, i, style) => {
        const contact = c.primaryContact
        return (
          <div
            key={c.id} role="row" aria-rowindex={i + 2} className={classes.row} style={{ ...style, gridTemplateColumns: COLUMNS }}
            data-selected={p.selected.has(c.id) || undefined} data-testid={`customer-row-${c.id}`}
            onClick={() => { void navigate(customerPath(c.id)) }}
          >
            <div className={classes.cell} role="cell" onClick={(e) => e.stopPropagation()}>
              <Checkbox size="xs" checked={p.selected.has(c.id)} onChange={() => toggle(c.id)} aria-label={t('customers.list.select', { name: c.name })} data-testid={`customer-select-${c.id}`} />
            </div>
            <div className={classes.cell} role="cell">
              <Group gap={6} wrap="nowrap">
                <Anchor component={Link} to={customerPath(c.id)} size="sm" fw={600} truncate onClick={(e) => e.stopPropagation()}>{c.name}</Anchor>
                <RecordSyncBadges id={c.id} />
              </Group>
              <Text size="xs" c="dimmed" truncate>{c.phone ?? ''}</Text>
            </div>
            <div className={classes.cell} role="cell">{c.level ? <Badge variant="light" radius="sm">{levelLabel(p.levels, c.level)}</Badge> : null}</div>
            <div className={classes.cell} role="cell"><Badge variant="dot" color={STATUS_COLORS[c.status]}>{statusLabel(t, c.status)}</Badge></div>
            <div className={classes.cell} role="cell">{c.category ?? ''}</div>
            <div className={classes.cell} role="cell">{c.ownerName ?? ''}</div>
            <div className={classes.cell} role="cell">{[c.province, c.city].filter(Boolean).join(' ')}</div>
            <div className={classes.cell} role="cell">
              {contact && <><Text size="sm" truncate>{contact.name}</Text><Text size="xs" c="dimmed" truncate>{contact.mobile ?? ''}</Text></>}
            </div>
            <div className={classes.cell} role="cell">
              <Group gap={4} wrap="nowrap">{c.tags.slice(0, 3).map((tag) => <Badge key={tag} size="xs" variant="outline" radius="sm">{tag}</Badge>)}</Group>
            </div>
            <div className={classes.cell} role="cell"><Text size="xs" c="dimmed">{c.lastFollowupAt ? fmt.dateTime(c.lastFollowupAt) : t('customers.list.never')}</Text></div>
            <div className={classes.cell} role="cell"><Text size="xs" c="dimmed">{fmt.dateTime(c.updatedAt)}</Text></div>
          </div>
        )
      }}
    />
  )
}
