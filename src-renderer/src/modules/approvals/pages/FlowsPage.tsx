/*
 * 审批流程设置 (系统设置, system.settings): flows per registered document type, in the order
 * they are tried (priority), with their conditions and steps; create, edit, enable/disable,
 * delete (with confirmation). Testids: page-title, flows-type, flows-list, flow-row-<id>,
 * flow-create, flow-edit-<id>, flow-delete-<id>, flow-toggle-<id>.
 */
import { useState } from 'react'
import { ActionIcon, Badge, Button, Card, Group, SegmentedControl, Switch, Table, Text } from '@mantine/core'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import type { ApprovalFlowRow } from '../../../../../src-preload/contracts/approvals'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { FlowEditor } from '../components/FlowEditor'
import { conditionsText, docTypeLabel } from '../lib/labels'

export default function FlowsPage() {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const [type, setType] = useState<string | null>(null)
  const [editing, setEditing] = useState<ApprovalFlowRow | 'new' | null>(null)
  const all = useQuery(() => api.approvals.listFlows({}), [])
  const types = all.data?.documentTypes ?? []
  const current = type ?? types[0] ?? null
  const flows = (all.data?.flows ?? []).filter((f) => f.documentType === current)

  const toggle = async (f: ApprovalFlowRow) => {
    try {
      const { updatedAt: _updatedAt, ...input } = f
      await api.approvals.saveFlow({ ...input, enabled: !f.enabled })
      all.reload()
    } catch (e) {
      notify.error(e)
    }
  }
  const remove = (f: ApprovalFlowRow) => confirm({
    title: t('approvals.flows.deleteConfirmTitle'), message: t('approvals.flows.deleteConfirm', { name: f.name }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { void api.approvals.deleteFlow({ id: f.id }).then(() => { notify.success('common.deleted'); all.reload() }, (e: unknown) => notify.error(e)) },
  })
  const stepsText = (f: ApprovalFlowRow) => f.steps.map((s) => s.label || t(`approvals.kinds.${s.kind}`)).join(' → ')

  return (
    <>
      <PageHeader title={t('approvals.flows.title')} subtitle={t('approvals.flows.subtitle')}
        actions={current && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="flow-create">{t('approvals.flows.create')}</Button>} />
      {all.error && <ErrorState error={all.error} onRetry={all.reload} />}
      {!all.data && !all.error && <LoadingState />}
      {all.data && types.length === 0 && <Empty title={t('approvals.flows.noTypes')} />}
      {all.data && current && (
        <>
          <SegmentedControl mb="md" data={types.map((x) => ({ value: x, label: docTypeLabel(t, x) }))} value={current} onChange={setType} data-testid="flows-type" />
          {flows.length === 0 ? <Empty testId="flows-empty" title={t('approvals.flows.empty')} description={t('approvals.flows.emptyHint')} /> : (
            <Card withBorder radius="md" padding={0}>
              <Table verticalSpacing="sm" data-testid="flows-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('approvals.flows.priority')}</Table.Th>
                    <Table.Th>{t('approvals.flows.name')}</Table.Th>
                    <Table.Th>{t('approvals.flows.conditions')}</Table.Th>
                    <Table.Th>{t('approvals.flows.steps')}</Table.Th>
                    <Table.Th>{t('approvals.flows.enabled')}</Table.Th>
                    <Table.Th ta="right">{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {flows.map((f) => (
                    <Table.Tr key={f.id} data-testid={`flow-row-${f.id}`}>
                      <Table.Td><Badge variant="light">{f.priority}</Badge></Table.Td>
                      <Table.Td><Text size="sm" fw={600}>{f.name}</Text></Table.Td>
                      <Table.Td><Text size="sm">{conditionsText(t, fmt, f.conditions)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{stepsText(f)}</Text></Table.Td>
                      <Table.Td><Switch checked={f.enabled} onChange={() => { void toggle(f) }} aria-label={t('approvals.flows.enabled')} data-testid={`flow-toggle-${f.id}`} /></Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end">
                          <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(f)} data-testid={`flow-edit-${f.id}`}><IconPencil size={16} /></ActionIcon>
                          <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove(f)} data-testid={`flow-delete-${f.id}`}><IconTrash size={16} /></ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </>
      )}
      {editing && current && (
        <FlowEditor documentType={current} flow={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); all.reload() }} />
      )}
    </>
  )
}
