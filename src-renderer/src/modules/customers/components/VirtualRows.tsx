import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode, type UIEvent } from 'react'
import { useElementSize } from '@mantine/hooks'

/** Rows take pointer events again this long after the last scroll event. */
const SCROLL_IDLE_MS = 150

export interface VirtualRowsProps<T> {
  items: readonly T[]
  /** Every row has this height in px (the windowing relies on it). */
  rowHeight: number
  /** Height of the scrolling area (CSS value). */
  height: string | number
  /** Minimum width of the rows (wide tables scroll sideways). */
  minWidth?: number
  /** Sticky header (e.g. column titles). */
  header?: ReactNode
  /** Shown after the last row (e.g. "loading more" / "load more" button). */
  footer?: ReactNode
  renderRow: (item: T, index: number, style: CSSProperties) => ReactNode
  /** Called when the last `endThreshold` rows come into view (load the next page). */
  onEndReached?: () => void
  endThreshold?: number
  overscan?: number
  testId?: string
  /** ARIA role of the scrolling area (e.g. 'table'). */
  role?: string
  ariaLabel?: string
}

/**
 * A small windowed list: only the rows in view (plus `overscan`) are in the DOM, positioned
 * absolutely inside a spacer as tall as all rows, so 100,000 loaded rows scroll as smoothly
 * as 50. Rows must have a fixed height.
 *
 * Scrolling renders only when the first row in view changes (not on every pixel), and a
 * memoised row (`memo(Row, sameRowProps)`) that stays on screen is not rendered again: a scroll
 * step costs the rows that enter, not every row in the window.
 *
 * While the list scrolls, the rows take no pointer events (until SCROLL_IDLE_MS after the last
 * scroll event): with the pointer resting over the list, every step would otherwise move rows
 * under it and cost hit tests, mouseover/out and :hover restyles (measured: ~12% of the main
 * thread in a fast scroll). Each row is its own layout and paint boundary (`contain: strict`;
 * its size is fixed), so the rows that enter do not relayout or repaint the others.
 */
export function VirtualRows<T>(p: VirtualRowsProps<T>) {
  const { items, rowHeight, overscan = 8, endThreshold = 20, onEndReached } = p
  const { ref: sizeRef, height: viewport } = useElementSize()
  const headerRef = useRef<HTMLDivElement | null>(null)
  const bodyRef = useRef<HTMLDivElement | null>(null)
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const [topRow, setTopRow] = useState(0)
  const [headerHeight, setHeaderHeight] = useState(0)

  useEffect(() => () => { if (idleTimer.current) clearTimeout(idleTimer.current) }, [])

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => {
    // Same value → React skips the render.
    setTopRow(Math.floor(Math.max(0, e.currentTarget.scrollTop - headerHeight) / rowHeight))
    // Set on the element directly: a state change here would render the list on every event.
    const body = bodyRef.current
    if (!body) return
    if (idleTimer.current) clearTimeout(idleTimer.current)
    else body.style.pointerEvents = 'none'
    idleTimer.current = setTimeout(() => { idleTimer.current = null; body.style.pointerEvents = '' }, SCROLL_IDLE_MS)
  }, [headerHeight, rowHeight])

  useEffect(() => {
    const el = headerRef.current
    if (!el) return
    const ro = new ResizeObserver(() => setHeaderHeight(el.offsetHeight))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const first = Math.max(0, topRow - overscan)
  const visibleCount = Math.ceil((viewport || 600) / rowHeight) + overscan * 2
  const last = Math.min(items.length, first + visibleCount)

  useEffect(() => {
    if (onEndReached && items.length > 0 && last >= items.length - endThreshold) onEndReached()
  }, [last, items.length, endThreshold, onEndReached])

  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) rows.push(p.renderRow(items[i]!, i, { position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight, contain: 'strict' }))

  return (
    <div
      ref={sizeRef}
      onScroll={onScroll}
      style={{ height: p.height, overflow: 'auto', position: 'relative' }}
      data-testid={p.testId}
      role={p.role}
      aria-label={p.ariaLabel}
      aria-rowcount={p.role === 'table' ? items.length + 1 : undefined}
    >
      <div style={{ minWidth: p.minWidth }}>
        {p.header && <div ref={headerRef} role={p.role === 'table' ? 'rowgroup' : undefined} style={{ position: 'sticky', top: 0, zIndex: 2 }}>{p.header}</div>}
        <div ref={bodyRef} role={p.role === 'table' ? 'rowgroup' : undefined} style={{ position: 'relative', height: items.length * rowHeight }}>{rows}</div>
        {p.footer}
      </div>
    </div>
  )
}

/**
 * Props comparison for a memoised row (`memo(Row, sameRowProps)`): shallow, except the style
 * VirtualRows passes, which is a new object each render and compared by position.
 */
export function sameRowProps<P extends { style: CSSProperties }>(a: P, b: P): boolean {
  for (const k of Object.keys(b) as (keyof P)[]) {
    if (k === 'style') {
      if (a.style.top !== b.style.top || a.style.height !== b.style.height) return false
    } else if (!Object.is(a[k], b[k])) return false
  }
  return Object.keys(a).length === Object.keys(b).length
}
