import { Alert, Anchor, Button, Group, Progress, Stack, Text } from '@mantine/core'
import { IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import type { SyncStatus } from '../../../../../src-preload/contracts/sync'
import { isMessageKey, useI18n } from '../../../app/i18n'
import { useSyncActions } from '../lib/actions'
import { inboxPath } from '../lib/labels'
import { STATE_LOOK } from '../lib/look'

/** Re-renders every 30 s so "3 分钟前" stays true. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/**
 * What sync is doing, in words: state (with the error), initial-sync progress, pending changes,
 * last sync, open conflicts and refused changes, and the 立即同步 / 暂停 / 继续 buttons. Shown in
 * the header popover and on the settings page. Testids: sync-state-text, sync-error,
 * sync-progress (data-received, data-total), sync-pending-count (data-count), sync-last,
 * sync-conflicts-count, sync-rejected-count, sync-now, sync-pause, sync-resume.
 */
export function SyncStatusDetails({ status: s, onNavigate }: { status: SyncStatus; onNavigate?: () => void }) {
  const { t, fmt } = useI18n()
  const now = useNow()
  const actions = useSyncActions()
  const look = STATE_LOOK[s.state]
  const initial = s.progressDocs
  const message = s.messageKey && isMessageKey(s.messageKey) ? t(s.messageKey) : s.messageKey

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="nowrap">
        <look.icon size={18} color={`var(--mantine-color-${look.color}-6)`} />
        <Text fw={600} data-testid="sync-state-text">
          {s.state === 'syncing' && s.progress != null ? t('sync.syncingProgress', { percent: Math.round(s.progress * 100) }) : t(`sync.${s.state}`)}
        </Text>
      </Group>
      {s.state === 'disabled' && <Text size="sm" c="dimmed">{t('sync.disabledHint')}</Text>}
      {message && (s.state === 'error' || s.state === 'offline') && (
        <Alert color={look.color} variant="light" p="xs" data-testid="sync-error"><Text size="sm">{message}</Text></Alert>
      )}
      {initial && (
        <Stack gap={4} data-testid="sync-progress" data-received={initial.received} data-total={initial.total}>
          <Progress value={Math.min(100, (initial.received / initial.total) * 100)} animated={s.state === 'syncing'} aria-label={t('sync.status.title')} />
          <Text size="xs" c="dimmed">
            {t(s.state === 'paused' ? 'sync.status.initialPaused' : 'sync.status.initial', { received: fmt.number(initial.received), total: fmt.number(initial.total) })}
          </Text>
        </Stack>
      )}
      {s.state !== 'disabled' && (
        <>
          <Text size="sm" data-testid="sync-pending-count" data-count={s.pending}>
            {s.pending > 0 ? t('sync.pending', { count: fmt.number(s.pending) }) : t('sync.status.noPending')}
          </Text>
          <Text size="sm" c="dimmed" data-testid="sync-last" title={s.lastSyncAt ? fmt.dateTime(s.lastSyncAt) : undefined}>
            {s.lastSyncAt ? t('sync.lastSync', { time: fmt.relative(s.lastSyncAt, Math.max(now, s.lastSyncAt)) }) : t('sync.never')}
          </Text>
        </>
      )}
      {s.conflicts > 0 && (
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" c="orange.7" data-testid="sync-conflicts-count">{t('sync.status.conflicts', { count: fmt.number(s.conflicts) })}</Text>
          <Anchor component={Link} to={inboxPath()} size="sm" onClick={onNavigate} data-testid="sync-open-inbox">{t('sync.status.openInbox')}</Anchor>
        </Group>
      )}
      {s.rejected > 0 && (
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" c="red.7" data-testid="sync-rejected-count">{t('sync.status.rejected', { count: fmt.number(s.rejected) })}</Text>
          <Anchor component={Link} to={inboxPath({ tab: 'rejected' })} size="sm" onClick={onNavigate} data-testid="sync-open-rejected">{t('sync.status.openInbox')}</Anchor>
        </Group>
      )}
      {s.state !== 'disabled' && (
        <Group gap="xs" mt={4}>
          <Button size="xs" leftSection={<IconRefresh size={14} />} loading={actions.busy === 'syncNow'} disabled={s.state === 'paused'} onClick={() => { void actions.syncNow() }} data-testid="sync-now">
            {t('sync.actions.syncNow')}
          </Button>
          {s.state === 'paused'
            ? <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={actions.busy === 'resume'} onClick={() => { void actions.resume() }} data-testid="sync-resume">{t('sync.actions.resume')}</Button>
            : <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} />} loading={actions.busy === 'pause'} onClick={() => { void actions.pause() }} data-testid="sync-pause">{t(initial ? 'sync.actions.interrupt' : 'sync.actions.pause')}</Button>}
        </Group>
      )}
    </Stack>
  )
}
