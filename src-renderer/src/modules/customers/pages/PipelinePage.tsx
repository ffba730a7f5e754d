/*
 * 商机 pipeline (CU-3): kanban by stage with drag to move (lost asks for a reason), a list
 * view, and the forecast per salesperson and month.
 * Testids: page-title, pipeline-view (board | list | forecast), pipeline-owner, opportunity-new,
 * pipeline-board, pipeline-column-<stageKey>, opportunity-card-<id>, column-total-<stageKey>,
 * column-weighted-<stageKey>, pipeline-stage-filter, opportunities-table, opportunity-row-<id>,
 * forecast-panel. Modals: opportunity-form, loss-reason-modal.
 */
import { useState } from 'react'
import { Button, Card, Center, Group, SegmentedControl, Select, Stack } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { OpportunityRow } from '../../../../../src-preload/contracts/followups'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { ForecastPanel } from '../components/ForecastPanel'
import { OpportunitiesTable } from '../components/OpportunitiesTable'
import { OpportunityFormModal } from '../components/OpportunityFormModal'
import { PipelineBoard } from '../components/PipelineBoard'
import { useMoveStage } from '../components/useMoveStage'
import { stageLabel } from '../lib/labels'
import { usePaged } from '../lib/paging'
import { staffOptions, useStaff } from '../lib/staff'

type View = 'board' | 'list' | 'forecast'

export default function PipelinePage() {
  const t = useT()
  const session = useSession()
  const notify = useNotify()
  const confirm = useConfirm()
  const { staff } = useStaff()
  const [view, setView] = useState<View>('board')
  const [owner, setOwner] = useState<string | null>(null)
  const [stageFilter, setStageFilter] = useState<string | null>(null)
  const [editing, setEditing] = useState<OpportunityRow | 'new' | null>(null)
  const [version, setVersion] = useState(0)
  const ownerId = owner ?? undefined

  const stages = useQuery(() => api.opportunities.listStages({}), [])
  const pipeline = useQuery(() => api.opportunities.pipeline({ ownerId }), [ownerId, version])
  const list = usePaged((cursor) => api.opportunities.list({ ownerId, stage: stageFilter ?? undefined, cursor, limit: 100 }), [ownerId, stageFilter, version, view === 'list'])
  const changed = () => setVersion((v) => v + 1)
  const { move, modal } = useMoveStage(changed)
  const canCreate = session.permissions.includes('customers.edit')

  const remove = (o: OpportunityRow) => confirm({
    title: t('customers.opportunity.deleteTitle'), message: t('customers.opportunity.deleteText', { name: o.name }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { api.opportunities.remove({ id: o.id }).then(changed, (e: unknown) => notify.error(e)) },
  })

  return (
    <>
      <PageHeader
        title={t('customers.pipeline.title')}
        subtitle={t('customers.pipeline.subtitle')}
        actions={
          <>
            {staff.length > 1 && (
              <Select w={180} clearable placeholder={t('customers.pipeline.allOwners')} data={staffOptions(staff, session.user.id, t('customers.common.me'))}
                value={owner} onChange={setOwner} aria-label={t('customers.fields.owner')} data-testid="pipeline-owner" />
            )}
            <SegmentedControl value={view} onChange={(v) => setView(v as View)} data-testid="pipeline-view"
              data={[{ value: 'board', label: t('customers.pipeline.board') }, { value: 'list', label: t('customers.pipeline.list') }, { value: 'forecast', label: t('customers.forecast.title') }]} />
            {canCreate && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="opportunity-new">{t('customers.opportunity.new')}</Button>}
          </>
        }
      />
      {view === 'board' && (
        <>
          {pipeline.error && <ErrorState error={pipeline.error} onRetry={pipeline.reload} />}
          {!pipeline.data && pipeline.loading && <LoadingState />}
          {pipeline.data && <PipelineBoard columns={pipeline.data} onMove={move} onOpen={(o) => setEditing(o)} />}
        </>
      )}
      {view === 'list' && (
        <Card withBorder radius="md" padding={0}>
          <Group p="md">
            <Select w={220} clearable placeholder={t('customers.pipeline.allStages')} value={stageFilter} onChange={setStageFilter} data-testid="pipeline-stage-filter"
              data={[...(stages.data ?? [])].sort((a, b) => a.sort - b.sort).map((s) => ({ value: s.key, label: stageLabel(t, s) }))} />
          </Group>
          {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
          {list.loading && list.items.length === 0 && <LoadingState />}
          {!list.loading && list.items.length === 0 && <Empty testId="opportunities-empty" title={t('customers.opportunity.empty')} />}
          {list.items.length > 0 && (
            <Stack gap={0}>
              <OpportunitiesTable items={list.items} stages={stages.data ?? []} showCustomer onEdit={(o) => setEditing(o)} onMove={move} onRemove={remove} />
              {list.hasMore && <Center p="sm"><Button variant="subtle" loading={list.loadingMore} onClick={list.loadMore}>{t('customers.timelineUi.loadMore')}</Button></Center>}
            </Stack>
          )}
        </Card>
      )}
      {view === 'forecast' && <ForecastPanel ownerId={ownerId} />}
      {editing && (
        <OpportunityFormModal opportunity={editing === 'new' ? null : editing} customerId={null} stages={stages.data ?? []}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); changed() }} />
      )}
      {modal}
    </>
  )
}
