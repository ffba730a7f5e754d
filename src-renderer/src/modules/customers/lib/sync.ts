import { useState } from 'react'
import { api, useEvent, useQuery } from '../../../api'

/**
 * Whether this device syncs at all: the per-row "not yet synced" marker only means something
 * when it does (without a server every local change is "pending" forever).
 */
export function useSyncActive(): boolean {
  const status = useQuery(() => api.sync.status({}), [])
  const [live, setLive] = useState<string | null>(null)
  useEvent('sync.status', (s) => setLive(s.state))
  const state = live ?? status.data?.state ?? 'disabled'
  return state !== 'disabled'
}
