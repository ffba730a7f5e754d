import { useState } from 'react'
import type { SyncStatus } from '../../../../../src-preload/contracts/sync'
import { api } from '../../../api'
import { useNotify } from '../../../shared/notify'
import { setSyncStatus } from './status'

type Action = 'syncNow' | 'pause' | 'resume'

/** 立即同步 / 暂停 / 继续: each answers with the new status, which the header takes at once. */
export function useSyncActions() {
  const notify = useNotify()
  const [busy, setBusy] = useState<Action | null>(null)
  const run = async (action: Action) => {
    setBusy(action)
    try {
      const s: SyncStatus = await api.sync[action]({})
      setSyncStatus(s)
      notify.success(action === 'syncNow' ? 'sync.actions.started' : action === 'pause' ? 'sync.actions.pausedDone' : 'sync.actions.resumed')
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(null)
    }
  }
  return { busy, syncNow: () => run('syncNow'), pause: () => run('pause'), resume: () => run('resume') }
}
