import type { MouseEvent } from 'react'
import { Badge, Group, Tooltip } from '@mantine/core'
import { Link } from 'react-router'
import { useT } from '../../../app/i18n'
import { inboxPath } from '../lib/labels'
import { useRecordMark } from '../lib/marks'
import { useSyncStatus } from '../lib/status'

/**
 * The small markers a record shows until sync has dealt with it: 未同步 (not on the server
 * yet; only when this device syncs, since without a server everything would say so), 冲突
 * (an open conflict; links to the inbox) and 被拒 (the server refused a change; links to the
 * list with the reason). Testids: record-unsynced, record-conflict, record-rejected.
 */
export function RecordSyncBadges({ id, size = 'xs' }: { id: string; size?: 'xs' | 'sm' }) {
  const t = useT()
  const mark = useRecordMark(id)
  const { state } = useSyncStatus()
  const unsynced = mark.pending && state !== 'disabled'
  if (!unsynced && !mark.conflict && !mark.rejected) return null
  const stop = (e: MouseEvent) => e.stopPropagation() // rows navigate on click
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      {unsynced && (
        <Tooltip label={t('sync.marks.unsyncedHint')}>
          <Badge size={size} color="orange" variant="light" radius="sm" data-testid="record-unsynced">{t('sync.marks.unsynced')}</Badge>
        </Tooltip>
      )}
      {mark.conflict && (
        <Tooltip label={t('sync.marks.conflictHint')}>
          <Badge component={Link} to={inboxPath({ record: id })} onClick={stop} size={size} color="red" variant="filled" radius="sm" style={{ cursor: 'pointer' }} data-testid="record-conflict">
            {t('sync.marks.conflict')}
          </Badge>
        </Tooltip>
      )}
      {mark.rejected && (
        <Tooltip label={t('sync.marks.rejectedHint')}>
          <Badge component={Link} to={inboxPath({ tab: 'rejected', record: id })} onClick={stop} size={size} color="red" variant="outline" radius="sm" style={{ cursor: 'pointer' }} data-testid="record-rejected">
            {t('sync.marks.rejected')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  )
}
