import { useState } from 'react'
import { Anchor, Badge, Button, Center, Group, Stack, Table, Text } from '@mantine/core'
import { IconGitCompare, IconRestore } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ConflictItem } from '../../../../../src-preload/contracts/sync'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { docTypeLabel, fieldLabel, recordPath } from '../lib/labels'
import { refreshRecordMarks } from '../lib/marks'
import { refreshSyncStatus } from '../lib/status'
import { ConflictModal } from './ConflictModal'

/** Whose delete was undone: the inbox says "your delete" or "their delete". */
function deletedByMe(item: ConflictItem): boolean {
  const d = item.fields.find((f) => f.field === 'deletedAt')
  return d ? d.mine !== null && d.mine !== undefined : false
}

/**
 * Open conflicts, newest first: record, type, fields; 处理 opens the base / mine / theirs
 * dialog. Restored records (delete vs edit) say so and take an acknowledgement.
 * Testids: conflicts-table, conflict-row-<id> (data-record, data-kind), conflict-open-<id>,
 * conflict-ack-<id>, conflicts-empty, conflicts-more.
 */
export function ConflictsPanel({ focusRecord, version, onChanged }: { focusRecord: string | null; version: string; onChanged: () => void }) {
  const { t, fmt, locale } = useI18n()
  const notify = useNotify()
  const list = usePaged((cursor) => api.sync.listConflicts({ cursor, limit: 50 }), [version])
  const [picked, setPicked] = useState<ConflictItem | null>(null)
  const [dismissed, setDismissed] = useState<string | null>(null)
  // Coming from a record's 冲突 badge: that record's conflict opens until closed once.
  const auto = focusRecord && dismissed !== focusRecord ? list.items.find((c) => c.recordId === focusRecord && c.kind === 'fields') ?? null : null
  const open = picked ?? auto
  const close = () => { setPicked(null); setDismissed(focusRecord) }

  const done = () => { close(); refreshSyncStatus(); refreshRecordMarks(); onChanged() }
  const acknowledge = async (c: ConflictItem) => {
    try {
      await api.sync.resolveConflict({ id: c.id, choices: {} })
      notify.success('sync.inbox.acknowledged')
      done()
    } catch (e) {
      notify.error(e)
    }
  }
  const titleOf = (c: ConflictItem) => c.title ?? t('sync.inbox.untitled')

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />
  if (list.loading && list.items.length === 0) return <LoadingState />
  if (list.items.length === 0) return <Empty testId="conflicts-empty" title={t('sync.inbox.empty')} description={t('sync.inbox.emptyHint')} icon={<IconGitCompare size={32} stroke={1.5} />} />

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="conflicts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.inbox.record')}</Table.Th>
              <Table.Th>{t('sync.inbox.type')}</Table.Th>
              <Table.Th>{t('sync.inbox.fields')}</Table.Th>
              <Table.Th>{t('sync.inbox.foundAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((c) => {
              const path = recordPath(c.tableName, c.recordId)
              return (
                <Table.Tr key={c.id} data-testid={`conflict-row-${c.id}`} data-record={c.recordId} data-kind={c.kind} bg={c.recordId === focusRecord ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Table.Td>
                    {path ? <Anchor component={Link} to={path} size="sm" fw={600}>{titleOf(c)}</Anchor> : <Text size="sm" fw={600}>{titleOf(c)}</Text>}
                  </Table.Td>
                  <Table.Td><Badge variant="light" radius="sm">{docTypeLabel(t, c.docType)}</Badge></Table.Td>
                  <Table.Td>
                    {c.kind === 'restored'
                      ? (
                          <Stack gap={2}>
                            <Group gap={6}><Badge color="orange" variant="light" leftSection={<IconRestore size={12} />}>{t('sync.inbox.restoredBadge')}</Badge></Group>
                            <Text size="sm" data-testid={`conflict-restored-${c.id}`}>{t(deletedByMe(c) ? 'sync.inbox.restoredMine' : 'sync.inbox.restoredTheirs')}</Text>
                            <Text size="xs" c="dimmed">{t('sync.inbox.restoredHint')}</Text>
                          </Stack>
                        )
                      : <Text size="sm">{new Intl.ListFormat(locale, { type: 'unit' }).format(c.fields.map((f) => fieldLabel(t, c.tableName, f.field)))}</Text>}
                  </Table.Td>
                  <Table.Td><Text size="sm" c="dimmed">{fmt.dateTime(c.createdAt)}</Text></Table.Td>
                  <Table.Td>
                    {c.kind === 'restored'
                      ? <Button size="xs" variant="light" onClick={() => { void acknowledge(c) }} data-testid={`conflict-ack-${c.id}`}>{t('sync.inbox.acknowledge')}</Button>
                      : <Button size="xs" onClick={() => setPicked(c)} data-testid={`conflict-open-${c.id}`}>{t('sync.inbox.handle')}</Button>}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasMore && <Center><Button variant="subtle" loading={list.loadingMore} onClick={list.loadMore} data-testid="conflicts-more">{t('sync.inbox.loadMore')}</Button></Center>}
      {open && <ConflictModal item={open} title={titleOf(open)} onClose={close} onResolved={done} />}
    </Stack>
  )
}
