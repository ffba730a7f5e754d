/*
 * 审批 inbox: 待我审批 (with a count badge), 我发起的 (by status), 已处理; a row opens the detail
 * drawer where the approver decides or the submitter recalls. Lists refresh when approvals
 * change (own decisions, or decisions arriving by sync).
 * Testids: page-title, approvals-tab-<todo|mine|done>, approvals-count, approvals-list,
 * approval-row-<id>, approval-doc-link-<id> (opens the document itself), approvals-status-filter.
 */
import { useState } from 'react'
import { ActionIcon, Anchor, Badge, Button, Card, Center, Group, Select, Table, Tabs, Text, Tooltip } from '@mantine/core'
import { IconExternalLink } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ApprovalInstanceRow, ApprovalProcessedRow, ApprovalStatus } from '../../../../../src-preload/contracts/approvals'
import type { Page } from '../../../../../src-preload/contracts/define'
import { api, useEvent, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { usePaged } from '../../customers/lib/paging'
import { documentPath } from '../../sales/lib/paths'
import { ApprovalDrawer } from '../components/ApprovalDrawer'
import { docTypeLabel, STATUS_COLORS } from '../lib/labels'

type Row = ApprovalInstanceRow | ApprovalProcessedRow
const isProcessed = (r: Row): r is ApprovalProcessedRow => 'decisionId' in r

function List({ fetchPage, deps, empty, emptyHint, onOpen, processed }: {
  fetchPage: (cursor: string | null) => Promise<Page<Row>>; deps: readonly unknown[]; empty: string; emptyHint?: string; onOpen: (id: string) => void; processed?: boolean
}) {
  const { t, fmt } = useI18n()
  const page = usePaged(fetchPage, deps)
  if (page.error && page.items.length === 0) return <ErrorState error={page.error} onRetry={page.reload} />
  if (page.loading && page.items.length === 0) return <LoadingState />
  if (page.items.length === 0) return <Empty testId="approvals-empty" title={empty} description={emptyHint} />
  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="approvals-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('approvals.fields.document')}</Table.Th>
              <Table.Th>{t('approvals.fields.type')}</Table.Th>
              <Table.Th ta="right">{t('approvals.fields.amount')}</Table.Th>
              <Table.Th>{t('approvals.fields.submitter')}</Table.Th>
              <Table.Th>{t('approvals.fields.submittedAt')}</Table.Th>
              <Table.Th>{t('approvals.fields.status')}</Table.Th>
              {processed && <Table.Th>{t('approvals.fields.myDecision')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.items.map((r) => (
              <Table.Tr key={isProcessed(r) ? r.decisionId : r.id} data-testid={`approval-row-${r.id}`} style={{ cursor: 'pointer' }} onClick={() => onOpen(r.id)}>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Anchor component="button" type="button" size="sm" fw={600} onClick={(e) => { e.stopPropagation(); onOpen(r.id) }}>{r.documentTitle}</Anchor>
                    <DocLink type={r.documentType} id={r.documentId} rowId={r.id} />
                  </Group>
                </Table.Td>
                <Table.Td>{docTypeLabel(t, r.documentType)}</Table.Td>
                <Table.Td ta="right">{fmt.money(r.amount)}</Table.Td>
                <Table.Td>{r.submitterName}</Table.Td>
                <Table.Td><Text size="sm">{fmt.dateTime(r.submittedAt)}</Text></Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge color={STATUS_COLORS[r.status]} variant="light">{t(`approvals.status.${r.status}`)}</Badge>
                    {r.status === 'pending' && r.stepCount > 1 && <Text size="xs" c="dimmed">{t('approvals.stepOf', { n: r.currentStep + 1, total: r.stepCount })}</Text>}
                  </Group>
                </Table.Td>
                {processed && isProcessed(r) && <Table.Td><Text size="sm">{t(`approvals.decision.${r.myDecision}`)} · {fmt.dateTime(r.myDecidedAt)}</Text></Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page.hasMore && <Center p="sm"><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('approvals.inbox.loadMore')}</Button></Center>}
    </Card>
  )
}

/** Opens the document itself (quote, sales order, expense) without opening the drawer. */
function DocLink({ type, id, rowId }: { type: string; id: string; rowId: string }) {
  const { t } = useI18n()
  const path = documentPath(type, id)
  if (!path) return null
  return (
    <Tooltip label={t('approvals.detail.openDocument')}>
      <ActionIcon component={Link} to={path} variant="subtle" size="sm" aria-label={t('approvals.detail.openDocument')} onClick={(e) => e.stopPropagation()} data-testid={`approval-doc-link-${rowId}`}>
        <IconExternalLink size={14} />
      </ActionIcon>
    </Tooltip>
  )
}

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'rejected', 'recalled']

export default function ApprovalsPage() {
  const { t } = useI18n()
  const [tab, setTab] = useState<string>('todo')
  const [status, setStatus] = useState<ApprovalStatus | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const refresh = () => setVersion((v) => v + 1)
  const counts = useQuery(() => api.approvals.counts({}), [version])
  useEvent('data.changed', (p) => { if (p.tables.some((x) => x.startsWith('approval_'))) refresh() })

  return (
    <>
      <PageHeader title={t('approvals.inbox.title')} subtitle={t('approvals.inbox.subtitle')} />
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'todo')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="todo" data-testid="approvals-tab-todo"
            rightSection={counts.data && counts.data.inbox > 0 ? <Badge size="sm" circle={counts.data.inbox < 10} color="red" data-testid="approvals-count">{counts.data.inbox}</Badge> : null}>
            {t('approvals.inbox.tabTodo')}
          </Tabs.Tab>
          <Tabs.Tab value="mine" data-testid="approvals-tab-mine">{t('approvals.inbox.tabMine')}</Tabs.Tab>
          <Tabs.Tab value="done" data-testid="approvals-tab-done">{t('approvals.inbox.tabDone')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="todo">
          <List fetchPage={(cursor) => api.approvals.inbox({ cursor, limit: 50 })} deps={['todo', version]} empty={t('approvals.inbox.emptyTodo')} emptyHint={t('approvals.inbox.emptyTodoHint')} onOpen={setOpen} />
        </Tabs.Panel>
        <Tabs.Panel value="mine">
          <Group mb="sm">
            <Select data-testid="approvals-status-filter" aria-label={t('approvals.fields.status')} placeholder={t('approvals.inbox.allStatuses')} clearable w={200}
              data={STATUSES.map((s) => ({ value: s, label: t(`approvals.status.${s}`) }))} value={status} onChange={(v) => setStatus(v as ApprovalStatus | null)} />
          </Group>
          <List fetchPage={(cursor) => api.approvals.mine({ status: status ?? undefined, cursor, limit: 50 })} deps={['mine', status, version]} empty={t('approvals.inbox.emptyMine')} onOpen={setOpen} />
        </Tabs.Panel>
        <Tabs.Panel value="done">
          <List fetchPage={(cursor) => api.approvals.processed({ cursor, limit: 50 })} deps={['done', version]} empty={t('approvals.inbox.emptyDone')} onOpen={setOpen} processed />
        </Tabs.Panel>
      </Tabs>
      <ApprovalDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />
    </>
  )
}
