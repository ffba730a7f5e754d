import { useSyncExternalStore } from 'react'
import type { SyncStatus } from '../../../../../src-preload/contracts/sync'
import { api, onEvent } from '../../../api'

/**
 * This device's sync status, shared by the header, the settings page and the record markers:
 * loaded once with `sync.status`, then kept current by the `sync.status` events main pushes
 * (at most every 250 ms). A device that is paused or not syncing live sends no status for a
 * local write, so data events (and the screens' own actions) ask again.
 */
const INITIAL: SyncStatus = { state: 'disabled', pending: 0, lastSyncAt: null, progress: null, rejected: 0, conflicts: 0 }

let current: SyncStatus = INITIAL
const listeners = new Set<() => void>()
let unsubscribeEvent: (() => void) | null = null
let refreshTimer: ReturnType<typeof setTimeout> | null = null

function set(next: SyncStatus): void {
  current = next
  for (const l of listeners) l()
}

/** Takes a full status (from a call's answer) as the new state. */
export function setSyncStatus(s: SyncStatus): void {
  set(s)
}

/** Asks main for the full status again (after a resolve, retry or discard). */
export function refreshSyncStatus(): void {
  api.sync.status({}).then(setSyncStatus, () => undefined)
}

/** The first subscriber (re)loads the status: events may have been missed while nobody listened. */
function subscribe(cb: () => void): () => void {
  const first = listeners.size === 0
  listeners.add(cb)
  if (first) refreshSyncStatus()
  if (!unsubscribeEvent) {
    const a = onEvent('sync.status', (e) => {
      // An event without progressDocs means the initial sync is over (or never was).
      const { progressDocs, messageKey, ...rest } = e
      set({ ...current, ...rest, progress: e.progress ?? null, progressDocs, messageKey })
    })
    // A local write changes the pending count; while paused (or without live sync) main
    // sends no status for it, so ask (at most twice a second).
    const b = onEvent('data.changed', () => {
      refreshTimer ??= setTimeout(() => { refreshTimer = null; refreshSyncStatus() }, 500)
    })
    unsubscribeEvent = () => { a(); b() }
  }
  return () => {
    listeners.delete(cb)
    if (listeners.size === 0 && unsubscribeEvent) { unsubscribeEvent(); unsubscribeEvent = null }
  }
}

/** The live status. */
export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(subscribe, () => current)
}
