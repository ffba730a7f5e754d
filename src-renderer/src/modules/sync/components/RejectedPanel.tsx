import { useState } from 'react'
import { Anchor, Badge, Button, Center, Checkbox, Group, Stack, Table, Text } from '@mantine/core'
import { IconCloudX, IconRefresh, IconTrash } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { RejectedItem } from '../../../../../src-preload/contracts/sync'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { docTypeLabel, reasonText, recordPath } from '../lib/labels'
import { refreshRecordMarks } from '../lib/marks'
import { refreshSyncStatus } from '../lib/status'

/**
 * Changes the server refused, with its reason (translated when it is one of our message keys,
 * the server's own words otherwise). 重试 sends them again; 放弃 (after a confirmation) puts
 * the record back to the server's version. Testids: rejected-table, rejected-row-<seq>
 * (data-record), rejected-reason-<seq>, rejected-retry-<seq>, rejected-discard-<seq>,
 * rejected-select-<seq>, rejected-retry-selected, rejected-discard-selected, rejected-empty.
 */
export function RejectedPanel({ focusRecord, version, onChanged }: { focusRecord: string | null; version: string; onChanged: () => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const list = usePaged((cursor) => api.sync.listRejected({ cursor, limit: 100 }), [version])
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [busy, setBusy] = useState(false)

  const after = () => { setSelected(new Set()); refreshSyncStatus(); refreshRecordMarks(); onChanged() }
  const retry = async (seqs: number[]) => {
    setBusy(true)
    try {
      const r = await api.sync.retryRejected({ seqs })
      notify.success('sync.rejected.retried', { count: r.count })
      after()
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }
  const discard = (seqs: number[]) => confirm({
    title: t('sync.rejected.discardTitle'), message: t('sync.rejected.discardText'), confirmLabel: t('sync.rejected.discard'), danger: true,
    onConfirm: () => {
      setBusy(true)
      api.sync.discardRejected({ seqs }).then(
        (r) => { notify.success('sync.rejected.discarded', { count: r.count }); after() },
        (e: unknown) => notify.error(e),
      ).finally(() => setBusy(false))
    },
  })
  const toggle = (seq: number) => setSelected((s) => { const n = new Set(s); if (n.has(seq)) n.delete(seq); else n.add(seq); return n })

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />
  if (list.loading && list.items.length === 0) return <LoadingState />
  if (list.items.length === 0) return <Empty testId="rejected-empty" title={t('sync.rejected.empty')} description={t('sync.rejected.emptyHint')} icon={<IconCloudX size={32} stroke={1.5} />} />

  const seqs = [...selected]
  const title = (r: RejectedItem) => r.title ?? t('sync.inbox.untitled')
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm" c="dimmed">{t('sync.rejected.selected', { count: seqs.length })}</Text>
        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} disabled={seqs.length === 0} loading={busy} onClick={() => { void retry(seqs) }} data-testid="rejected-retry-selected">{t('sync.rejected.retry')}</Button>
        <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} disabled={seqs.length === 0 || busy} onClick={() => discard(seqs)} data-testid="rejected-discard-selected">{t('sync.rejected.discard')}</Button>
      </Group>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="rejected-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox size="xs" aria-label={t('customers.list.selectAll')} checked={seqs.length > 0 && seqs.length === list.items.length}
                  indeterminate={seqs.length > 0 && seqs.length < list.items.length} onChange={() => setSelected(seqs.length === list.items.length ? new Set() : new Set(list.items.map((r) => r.seq)))} />
              </Table.Th>
              <Table.Th>{t('sync.inbox.record')}</Table.Th>
              <Table.Th>{t('sync.rejected.op')}</Table.Th>
              <Table.Th>{t('sync.rejected.reason')}</Table.Th>
              <Table.Th>{t('sync.rejected.at')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((r) => {
              const path = recordPath(r.tableName, r.recordId)
              return (
                <Table.Tr key={r.seq} data-testid={`rejected-row-${r.seq}`} data-record={r.recordId} bg={r.recordId === focusRecord ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Table.Td><Checkbox size="xs" checked={selected.has(r.seq)} onChange={() => toggle(r.seq)} aria-label={title(r)} data-testid={`rejected-select-${r.seq}`} /></Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge variant="light" radius="sm">{docTypeLabel(t, r.docType)}</Badge>
                      {path ? <Anchor component={Link} to={path} size="sm" fw={600}>{title(r)}</Anchor> : <Text size="sm" fw={600}>{title(r)}</Text>}
                    </Group>
                  </Table.Td>
                  <Table.Td><Text size="sm">{t(r.op === 'delete' ? 'sync.rejected.opDelete' : 'sync.rejected.opUpsert')}</Text></Table.Td>
                  <Table.Td><Text size="sm" c="red.7" data-testid={`rejected-reason-${r.seq}`}>{reasonText(t, r.reason)}</Text></Table.Td>
                  <Table.Td><Text size="sm" c="dimmed">{fmt.dateTime(r.at)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant="light" disabled={busy} onClick={() => { void retry([r.seq]) }} data-testid={`rejected-retry-${r.seq}`}>{t('sync.rejected.retry')}</Button>
                      <Button size="xs" variant="subtle" color="red" disabled={busy} onClick={() => discard([r.seq])} data-testid={`rejected-discard-${r.seq}`}>{t('sync.rejected.discard')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasMore && <Center><Button variant="subtle" loading={list.loadingMore} onClick={list.loadMore}>{t('sync.inbox.loadMore')}</Button></Center>}
    </Stack>
  )
}
