import { useState } from 'react'
import { Anchor, Badge, Box, Divider, Group, Popover, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconPlugConnectedX } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useConnectionState } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { SYNC_SETTINGS_PATH } from '../lib/labels'
import { STATE_LOOK } from '../lib/look'
import { useSyncStatus } from '../lib/status'
import { SyncStatusDetails, useNow } from './SyncStatusDetails'

/**
 * The header's sync area (X-1: sync state always visible): offline / 同步中 N% / 已同步 (with
 * the last sync time) / error / paused / not configured, the pending count and a badge for
 * conflicts and refused changes. A click opens the details with 立即同步 and 暂停 / 继续. Also
 * shows when the browser lost its connection to the headless host.
 * Testids: sync-status (data-state), sync-pending (data-count), sync-attention, sync-popover,
 * sync-open-settings, and those of SyncStatusDetails.
 */
export function SyncIndicator() {
  const { t, fmt } = useI18n()
  const s = useSyncStatus()
  const now = useNow()
  const connection = useConnectionState()
  const [opened, setOpened] = useState(false)

  if (connection === 'reconnecting' || connection === 'connecting') {
    const label = t(connection === 'connecting' ? 'sync.hostConnecting' : 'sync.hostReconnecting')
    return (
      <Badge color="red" variant="light" size="lg" aria-label={label} leftSection={<IconPlugConnectedX size={14} />} data-testid="sync-status" data-state="host-offline">
        <Box component="span" visibleFrom="sm">{label}</Box>
      </Badge>
    )
  }

  const look = STATE_LOOK[s.state]
  const label = s.state === 'syncing' && s.progress != null ? t('sync.syncingProgress', { percent: Math.round(s.progress * 100) }) : t(`sync.${s.state}`)
  const when = s.state === 'idle' && s.lastSyncAt ? fmt.relative(s.lastSyncAt, Math.max(now, s.lastSyncAt)) : null
  const attention = s.conflicts + s.rejected

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md" withArrow trapFocus>
      <Popover.Target>
        <UnstyledButton onClick={() => setOpened((o) => !o)} aria-label={`${t('sync.status.open')}: ${label}`} aria-expanded={opened} data-testid="sync-status" data-state={s.state}>
          <Group gap={6} wrap="nowrap">
            <Badge color={look.color} variant="light" size="lg" leftSection={<look.icon size={14} />} style={{ cursor: 'pointer' }}>
              <Box component="span" visibleFrom="sm">{label}</Box>
              {when && <Box component="span" visibleFrom="md" fw={400}>{` · ${when}`}</Box>}
            </Badge>
            {s.pending > 0 && s.state !== 'disabled' && (
              <Tooltip label={t('sync.pending', { count: fmt.number(s.pending) })}>
                <Badge color="gray" variant="outline" size="sm" circle={s.pending < 10} data-testid="sync-pending" data-count={s.pending}>{s.pending > 999 ? '999+' : s.pending}</Badge>
              </Tooltip>
            )}
            {attention > 0 && (
              <Tooltip label={t('sync.status.attention', { count: fmt.number(attention) })}>
                <Badge color={s.conflicts > 0 ? 'orange' : 'red'} variant="filled" size="sm" circle={attention < 10} data-testid="sync-attention" data-count={attention}>{attention > 99 ? '99+' : attention}</Badge>
              </Tooltip>
            )}
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="sync-popover">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="xs">{t('sync.status.title')}</Text>
        <SyncStatusDetails status={s} onNavigate={() => setOpened(false)} />
        <Divider my="sm" />
        <Anchor component={Link} to={SYNC_SETTINGS_PATH} size="sm" onClick={() => setOpened(false)} data-testid="sync-open-settings">{t('sync.status.openSettings')}</Anchor>
      </Popover.Dropdown>
    </Popover>
  )
}
