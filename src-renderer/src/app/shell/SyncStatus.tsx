import { useState } from 'react'
import { Badge, Box, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconCloudPause, IconCloudUpload, IconPlugConnectedX } from '@tabler/icons-react'
import type { EventPayload } from '../../../../src-preload/contracts/events'
import { useConnectionState, useEvent } from '../../api'
import { useI18n } from '../i18n'

type SyncState = EventPayload<'sync.status'>

/** Until the sync module reports otherwise, sync is not configured. */
const INITIAL: SyncState = { state: 'disabled', pending: 0, lastSyncAt: null }

const LOOK = {
  disabled: { color: 'gray', icon: IconCloudOff },
  offline: { color: 'orange', icon: IconCloudOff },
  syncing: { color: 'blue', icon: IconCloudUpload },
  idle: { color: 'teal', icon: IconCloudCheck },
  error: { color: 'red', icon: IconAlertTriangle },
  paused: { color: 'yellow', icon: IconCloudPause },
} as const

/**
 * The header's sync area (X-1: sync state always visible). Also shows when the browser lost
 * its connection to the headless host. Testid sync-status, with data-state.
 */
export function SyncStatus() {
  const { t, fmt } = useI18n()
  const [sync, setSync] = useState<SyncState>(INITIAL)
  const connection = useConnectionState()
  useEvent('sync.status', setSync)

  if (connection === 'reconnecting' || connection === 'connecting') {
    return (
      <Badge color="red" variant="light" size="lg" aria-label={t(connection === 'connecting' ? 'sync.hostConnecting' : 'sync.hostReconnecting')} leftSection={<IconPlugConnectedX size={14} />} data-testid="sync-status" data-state="host-offline">
        <Box component="span" visibleFrom="sm">{t(connection === 'connecting' ? 'sync.hostConnecting' : 'sync.hostReconnecting')}</Box>
      </Badge>
    )
  }

  const look = LOOK[sync.state]
  const label = sync.state === 'syncing' && sync.progress != null
    ? t('sync.syncingProgress', { percent: Math.round(sync.progress * 100) })
    : t(`sync.${sync.state}`)
  const details = sync.state === 'disabled'
    ? t('sync.disabledHint')
    : [
        sync.lastSyncAt ? t('sync.lastSync', { time: fmt.dateTime(sync.lastSyncAt) }) : t('sync.never'),
        sync.pending > 0 ? t('sync.pending', { count: fmt.number(sync.pending) }) : null,
      ].filter(Boolean).join(' · ')

  return (
    <Tooltip label={details} multiline w={260} withArrow>
      <Badge color={look.color} variant="light" size="lg" aria-label={label} leftSection={<look.icon size={14} />} data-testid="sync-status" data-state={sync.state} style={{ cursor: 'default' }}>
        <Box component="span" visibleFrom="sm">{label}</Box>
      </Badge>
    </Tooltip>
  )
}
