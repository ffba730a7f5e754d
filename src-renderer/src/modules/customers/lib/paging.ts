import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '../../../../../src-preload/contracts/define'
import { toApiError, type ApiError } from '../../../api'

export interface Paged<T> {
  items: T[]
  /** First page in flight (after mount, a deps change or reload). */
  loading: boolean
  loadingMore: boolean
  hasMore: boolean
  error: ApiError | null
  loadMore: () => void
  reload: () => void
  /** Local edit of the loaded rows (e.g. drop a claimed customer) without reloading. */
  update: (fn: (items: T[]) => T[]) => void
}

interface State<T> { key: string; items: T[]; cursor: string | null; done: boolean; error: ApiError | null; loadingMore: boolean }

/**
 * Keyset pagination over a contract's `Page<T>`: the first page loads when `deps` change
 * (compared by value), `loadMore` appends the next one. Responses for stale deps are dropped.
 */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: readonly unknown[]): Paged<T> {
  const [version, setVersion] = useState(0)
  const key = `${JSON.stringify(deps)}#${version}`
  const [s, setS] = useState<State<T>>({ key: '', items: [], cursor: null, done: false, error: null, loadingMore: false })
  const fetchRef = useRef(fetchPage)
  const busy = useRef(false)
  useEffect(() => { fetchRef.current = fetchPage })

  useEffect(() => {
    let live = true
    fetchRef.current(null).then(
      (page) => { if (live) setS({ key, items: page.items, cursor: page.nextCursor, done: page.nextCursor === null, error: null, loadingMore: false }) },
      (err: unknown) => { if (live) setS({ key, items: [], cursor: null, done: true, error: toApiError(err), loadingMore: false }) },
    )
    return () => { live = false }
  }, [key])

  const current = s.key === key
  const loadMore = useCallback(() => {
    if (!current || s.done || s.error || busy.current) return
    busy.current = true
    setS((prev) => ({ ...prev, loadingMore: true }))
    fetchRef.current(s.cursor).then(
      (page) => setS((prev) => (prev.key === key ? { ...prev, items: [...prev.items, ...page.items], cursor: page.nextCursor, done: page.nextCursor === null, loadingMore: false } : prev)),
      (err: unknown) => setS((prev) => (prev.key === key ? { ...prev, error: toApiError(err), loadingMore: false } : prev)),
    ).finally(() => { busy.current = false })
  }, [current, s.done, s.error, s.cursor, key])

  const reload = useCallback(() => setVersion((v) => v + 1), [])
  const update = useCallback((fn: (items: T[]) => T[]) => setS((prev) => ({ ...prev, items: fn(prev.items) })), [])

  return {
    // The previous rows stay while the next query loads, so lists do not flash empty.
    items: s.items,
    loading: !current,
    loadingMore: current && s.loadingMore,
    hasMore: current && !s.done,
    error: current ? s.error : null,
    loadMore, reload, update,
  }
}
