import { memo, useCallback, useEffect, useMemo, useRef, type CSSProperties, type MouseEvent, type ReactNode } from 'react'
import { Anchor, Center, Checkbox, Loader, Text, UnstyledButton } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import type { CustomerListItem, LevelRow } from '../../../../../src-preload/contracts/customers'
import { useI18n, type MessageKey } from '../../../app/i18n'
import type { ListSort } from '../lib/filters'
import { levelLabel, STATUS_COLORS, statusLabel } from '../lib/labels'
import { customerPath } from '../lib/paths'
import { RecordSyncBadges } from '../../sync/components/RecordSyncBadges'
import { sameRowProps, VirtualRows } from './VirtualRows'
import classes from './CustomerTable.module.css'

const ROW_HEIGHT = 52
// The column template is in CustomerTable.module.css (.header, .row): one shared rule, not an
// inline style parsed again for each row that mounts.
const MIN_WIDTH = 1500
/**
 * Rows still ahead when the next page is asked for: about a second of a fast scroll, so the
 * page (100–300 ms at 100,000 customers) is there before the rows run out; below the first
 * page's 300 rows after the second, so opening the list asks for two pages, not three.
 */
const END_THRESHOLD = 200

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
 * DOM; the next keyset page loads well before the end comes into view (a page of 200 rows
 * is asked for while 200 loaded rows are still ahead, so a steady scroll does not hit the end). Testids: customer-table,
 * customer-row-<id>, customer-select-<id>, customer-select-all, sort-<field>; sync markers record-unsynced / record-conflict / record-rejected
 * (RecordSyncBadges: one batched sync.recordStatus call for the rows on screen).
 */
export function CustomerTable(p: CustomerTableProps) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { selected, onSelect, items, sort, onSort } = p
  // Without a selection (the usual case) no pass over the 10,000 loaded rows at each new page.
  const allSelected = selected.size > 0 && items.length > 0 && items.every((c) => selected.has(c.id))
  const someSelected = selected.size > 0 && !allSelected && items.some((c) => selected.has(c.id))

  // Stable across renders (given the same selection), so rows on screen are not rendered again.
  const toggle = useCallback((id: string) => {
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    onSelect(next)
  }, [selected, onSelect])
  const open = useCallback((id: string) => { void navigate(customerPath(id)) }, [navigate])

  // The header (Mantine checkbox, buttons, icons) renders again only when what it shows
  // changes, not each time a page of rows arrives; "select all" reads the rows loaded by then.
  const itemsRef = useRef(items)
  useEffect(() => { itemsRef.current = items })
  const header = useMemo(() => {
    const sortHeader = (field: ListSort['field'], label: MessageKey): ReactNode => {
      const active = sort.field === field
      const Icon = !active ? IconArrowsSort : sort.dir === 'asc' ? IconArrowUp : IconArrowDown
      const next: ListSort = { field, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' }
      return (
        <UnstyledButton className={classes.sort} onClick={() => onSort(next)} data-testid={`sort-${field}`} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
          {t(label)}<Icon size={14} stroke={1.6} opacity={active ? 1 : 0.4} />
        </UnstyledButton>
      )
    }
    return (
      <div className={classes.header} style={{ height: 40 }} role="row">
        <div className={classes.cell} role="columnheader">
          <Checkbox size="xs" checked={allSelected} indeterminate={someSelected} aria-label={t('customers.list.selectAll')}
            onChange={() => onSelect(allSelected ? new Set() : new Set(itemsRef.current.map((c) => c.id)))} data-testid="customer-select-all" />
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
  }, [t, sort, onSort, onSelect, allSelected, someSelected])

  const { hasMore, loadingMore, onLoadMore } = p
  const hasItems = items.length > 0
  const footer = useMemo(() => (hasMore || loadingMore
    ? <Center h={48}>{loadingMore ? <Loader size="sm" /> : <Anchor component="button" size="sm" onClick={onLoadMore} data-testid="customer-load-more">{t('customers.list.loadMore')}</Anchor>}</Center>
    : hasItems ? <Center h={40}><Text size="xs" c="dimmed">{t('customers.list.end')}</Text></Center> : null), [hasMore, loadingMore, onLoadMore, hasItems, t])

  return (
    <VirtualRows
      items={items} rowHeight={ROW_HEIGHT} height="max(320px, calc(100dvh - 430px))" minWidth={MIN_WIDTH} header={header} footer={footer}
      onEndReached={hasMore ? onLoadMore : undefined} endThreshold={END_THRESHOLD} testId="customer-table" role="table" ariaLabel={t('customers.list.title')}
      renderRow={(c, i, style) => (
        <CustomerRow key={c.id} c={c} index={i} style={style} levels={p.levels} selected={selected.has(c.id)} onToggle={toggle} onOpen={open} />
      )}
    />
  )
}

interface RowProps {
  c: CustomerListItem
  index: number
  style: CSSProperties
  levels: readonly LevelRow[]
  selected: boolean
  onToggle: (id: string) => void
  onOpen: (id: string) => void
}

/**
 * One row, in plain elements styled by the module's CSS (Mantine's Badge / Text / Checkbox cost
 * several times more to mount, and a fast scroll mounts rows every frame). Memoised: a row that
 * stays on screen while the window moves is not rendered again.
 */
const CustomerRow = memo(function CustomerRow({ c, index, style, levels, selected, onToggle, onOpen }: RowProps) {
  const { t, fmt } = useI18n()
  const contact = c.primaryContact
  const level = c.level ? levelLabel(levels, c.level) : null
  const href = `#${customerPath(c.id)}`
  // The link opens the customer in the app; modified clicks keep the browser's own behaviour.
  const onLink = (e: MouseEvent) => {
    e.stopPropagation()
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    onOpen(c.id)
  }
  return (
    <div
      role="row" aria-rowindex={index + 2} className={classes.row} style={style}
      data-selected={selected || undefined} data-testid={`customer-row-${c.id}`}
      onClick={() => onOpen(c.id)}
    >
      <div className={classes.cell} role="cell" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" className={classes.check} checked={selected} onChange={() => onToggle(c.id)} aria-label={t('customers.list.select', { name: c.name })} data-testid={`customer-select-${c.id}`} />
      </div>
      <div className={classes.cell} role="cell">
        <div className={classes.nameLine}>
          <a href={href} className={classes.name} onClick={onLink}>{c.name}</a>
          <RecordSyncBadges id={c.id} />
        </div>
        <div className={classes.sub}>{c.phone ?? ''}</div>
      </div>
      <div className={classes.cell} role="cell">{level !== null && <span className={classes.badge}>{level}</span>}</div>
      <div className={classes.cell} role="cell">
        <span className={classes.status} style={{ '--dot': `var(--mantine-color-${STATUS_COLORS[c.status]}-filled)` } as CSSProperties}>{statusLabel(t, c.status)}</span>
      </div>
      <div className={classes.cell} role="cell">{c.category ?? ''}</div>
      <div className={classes.cell} role="cell">{c.ownerName ?? ''}</div>
      <div className={classes.cell} role="cell">{[c.province, c.city].filter(Boolean).join(' ')}</div>
      <div className={classes.cell} role="cell">
        {contact && <><div className={classes.text}>{contact.name}</div><div className={classes.sub}>{contact.mobile ?? ''}</div></>}
      </div>
      <div className={classes.cell} role="cell">
        <div className={classes.tags}>{c.tags.slice(0, 3).map((tag) => <span key={tag} className={classes.tag}>{tag}</span>)}</div>
      </div>
      <div className={classes.cell} role="cell"><span className={classes.sub}>{c.lastFollowupAt ? fmt.dateTime(c.lastFollowupAt) : t('customers.list.never')}</span></div>
      <div className={classes.cell} role="cell"><span className={classes.sub}>{fmt.dateTime(c.updatedAt)}</span></div>
    </div>
  )
}, sameRowProps)
