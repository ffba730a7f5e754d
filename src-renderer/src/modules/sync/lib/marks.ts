import { useCallback, useSyncExternalStore } from 'react'
import type { RecordSyncMark } from '../../../../../src-preload/contracts/sync'
import { api, onEvent } from '../../../api'

/**
 * Per-record sync markers (未同步 / 冲突 / 被拒) for any screen that shows records. Each shown
 * record asks for its mark; the asks of one moment are batched into `sync.recordStatus` calls
 * of at most 200 ids, so a windowed list costs one call for the rows on screen, not one per
 * row. While anything is shown, sync and data events refresh the shown ids (throttled).
 */
const BATCH = 200
const REFRESH_MS = 400
/**
 * Asks are gathered until none came for GATHER_MS (at most MAX_GATHER_MS): a fast scroll shows
 * new rows every frame, and only the rows still shown when it settles (or every MAX_GATHER_MS
 * while it goes on) are asked for — not one call per 100 ms of rows already scrolled past.
 */
const GATHER_MS = 120
const MAX_GATHER_MS = 500
const NONE: RecordSyncMark = { pending: false, rejected: false, conflict: false }

const cache = new Map<string, RecordSyncMark>()
const watchers = new Map<string, Set<() => void>>()
const queued = new Set<string>()
let flushTimer: ReturnType<typeof setTimeout> | null = null
let gatherStarted = 0
let refreshTimer: ReturnType<typeof setTimeout> | null = null
let stopEvents: (() => void) | null = null

function notify(id: string): void {
  for (const cb of watchers.get(id) ?? []) cb()
}

function flush(): void {
  flushTimer = null
  gatherStarted = 0
  // Rows scrolled past before the call leaves are no longer shown: not asked for.
  const ids = [...queued].filter((id) => watchers.has(id))
  queued.clear()
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH)
    api.sync.recordStatus({ ids: chunk }).then((marks) => {
      for (const id of chunk) {
        const next = marks[id] ?? NONE
        const prev = cache.get(id)
        cache.set(id, next)
        if (!prev || prev.pending !== next.pending || prev.rejected !== next.rejected || prev.conflict !== next.conflict) notify(id)
      }
    }, () => undefined) // a marker is a hint: a failed refresh keeps the last one
  }
}

function ask(ids: Iterable<string>): void {
  for (const id of ids) queued.add(id)
  const now = performance.now()
  if (gatherStarted === 0) gatherStarted = now
  if (flushTimer) clearTimeout(flushTimer)
  flushTimer = setTimeout(flush, Math.max(0, Math.min(GATHER_MS, gatherStarted + MAX_GATHER_MS - now)))
}

/** Asks again for every shown record, at most every REFRESH_MS. */
export function refreshRecordMarks(): void {
  refreshTimer ??= setTimeout(() => { refreshTimer = null; ask(watchers.keys()) }, REFRESH_MS)
}

function watch(id: string, cb: () => void): () => void {
  let set = watchers.get(id)
  if (!set) watchers.set(id, (set = new Set()))
  set.add(cb)
  ask([id])
  if (!stopEvents) {
    const a = onEvent('sync.status', refreshRecordMarks)
    const b = onEvent('data.changed', refreshRecordMarks)
    stopEvents = () => { a(); b() }
  }
  return () => {
    set.delete(cb)
    if (set.size === 0) watchers.delete(id)
    // Keeps recently shown marks (no flicker when scrolling back) but not every record ever seen.
    if (cache.size > 5000) for (const k of cache.keys()) if (!watchers.has(k)) cache.delete(k)
    if (watchers.size === 0 && stopEvents) { stopEvents(); stopEvents = null }
  }
}

/** The record's marks (all false until known). */
export function useRecordMark(id: string): RecordSyncMark {
  const subscribe = useCallback((cb: () => void) => watch(id, cb), [id])
  return useSyncExternalStore(subscribe, () => cache.get(id) ?? NONE)
}
