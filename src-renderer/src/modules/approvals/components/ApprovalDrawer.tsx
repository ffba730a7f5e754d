/*
 * 审批详情: the step chain (who approved, who is waiting), the full decision history
 * (append-only, with decisions that did not count marked), and the actions the caller may take:
 * approve / reject with a comment (a rejection needs one), recall for the submitter.
 * Testids: approval-drawer, approval-status, approval-step-<i>, approval-history,
 * approval-comment, approval-approve, approval-reject, approval-recall, approval-open-document
 * (the document's own page: quote, sales order, expense).
 */
import { useState } from 'react'
import { Alert, Badge, Button, Drawer, Group, Stack, Stepper, Text, Textarea, Timeline, Title } from '@mantine/core'
import { IconArrowBackUp, IconCheck, IconExternalLink, IconX } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ApprovalDetail, ApprovalStepView } from '../../../../../src-preload/contracts/approvals'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { ErrorState, LoadingState } from '../../../shared/states'
import { documentPath } from '../../sales/lib/paths'
import { docTypeLabel, STATUS_COLORS } from '../lib/labels'

function StepApprovers({ step }: { step: ApprovalStepView }) {
  const { t, fmt } = useI18n()
  return (
    <Stack gap={2}>
      {step.approvers.map((a) => (
        <Text key={a.id} size="xs" c={a.decision === 'reject' ? 'red' : a.decision ? 'teal' : 'dimmed'}>
          {a.name}{a.decision ? ` · ${t(`approvals.decision.${a.decision}`)} · ${fmt.dateTime(a.decidedAt ?? 0)}` : ''}
        </Text>
      ))}
      {step.escalated && <Text size="xs" c="orange">{t('approvals.detail.escalated')}</Text>}
    </Stack>
  )
}

function Body({ detail, onChanged }: { detail: ApprovalDetail; onChanged: (d: ApprovalDetail) => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const [needComment, setNeedComment] = useState(false)
  const inst = detail.instance
  const active = inst.status === 'approved' ? detail.steps.length : inst.currentStep
  const docPath = documentPath(inst.documentType, inst.documentId)

  const run = async (what: 'approve' | 'reject' | 'recall') => {
    if (what === 'reject' && !comment.trim()) { setNeedComment(true); return }
    setBusy(what)
    try {
      const next = what === 'recall'
        ? await api.approvals.recall({ instanceId: inst.id, comment })
        : await api.approvals.decide({ instanceId: inst.id, step: inst.currentStep, decision: what, comment })
      notify.success(what === 'approve' ? 'approvals.detail.approved' : what === 'reject' ? 'approvals.detail.rejected' : 'approvals.detail.recalled')
      setComment('')
      onChanged(next)
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="xs">
          <Badge variant="light">{docTypeLabel(t, inst.documentType)}</Badge>
          <Badge color={STATUS_COLORS[inst.status]} variant="light" data-testid="approval-status">{t(`approvals.status.${inst.status}`)}</Badge>
        </Group>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={4}>{inst.documentTitle}</Title>
          {docPath && <Button component={Link} to={docPath} variant="light" size="xs" leftSection={<IconExternalLink size={14} />} data-testid="approval-open-document">{t('approvals.detail.openDocument')}</Button>}
        </Group>
        <Text size="sm">{t('approvals.fields.amount')}：{fmt.money(inst.amount)}</Text>
        <Text size="sm" c="dimmed">{t('approvals.fields.submitter')}：{inst.submitterName} · {fmt.dateTime(inst.submittedAt)}</Text>
        {inst.flowName && <Text size="sm" c="dimmed">{t('approvals.fields.flow')}：{inst.flowName}</Text>}
        {detail.steps.length === 0 && <Text size="sm" c="dimmed">{t('approvals.detail.autoApproved')}</Text>}
      </Stack>

      {detail.steps.length > 0 && (
        <Stack gap="xs">
          <Text fw={600}>{t('approvals.detail.chain')}</Text>
          <Stepper active={active} orientation="vertical" size="sm" color={inst.status === 'rejected' ? 'red' : undefined}>
            {detail.steps.map((s) => (
              <Stepper.Step key={s.index} data-testid={`approval-step-${s.index}`}
                label={`${s.label ?? t(`approvals.kinds.${s.kind}`)} · ${t(`approvals.stepState.${s.state}`)}`}
                description={<StepApprovers step={s} />}
                color={s.state === 'rejected' ? 'red' : undefined} />
            ))}
          </Stepper>
        </Stack>
      )}

      <Stack gap="xs">
        <Text fw={600}>{t('approvals.detail.history')}</Text>
        {detail.history.length === 0 ? <Text size="sm" c="dimmed">{t('approvals.detail.noHistory')}</Text> : (
          <Timeline bulletSize={18} lineWidth={2} data-testid="approval-history">
            {detail.history.map((h) => (
              <Timeline.Item key={h.id} color={h.effect !== 'counted' ? 'gray' : h.decision === 'approve' ? 'teal' : h.decision === 'reject' ? 'red' : 'gray'}
                title={<Text size="sm" fw={600}>{h.approverName} · {t(`approvals.decision.${h.decision}`)}</Text>}>
                <Text size="xs" c="dimmed">{fmt.dateTime(h.decidedAt)}</Text>
                {h.comment && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</Text>}
                {h.effect !== 'counted' && <Text size="xs" c="orange">{t(`approvals.detail.effect.${h.effect}`, { name: h.supersededByName ?? '' })}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>

      {(detail.canDecide || detail.canRecall) && (
        <Stack gap="xs">
          <Textarea label={t('approvals.detail.comment')} placeholder={t('approvals.detail.commentPlaceholder')} autosize minRows={2} maxLength={2000}
            value={comment} onChange={(e) => { setComment(e.currentTarget.value); setNeedComment(false) }}
            error={needComment ? t('approvals.detail.rejectNeedsComment') : undefined} data-testid="approval-comment" />
          <Group justify="flex-end">
            {detail.canRecall && (
              <Button variant="default" leftSection={<IconArrowBackUp size={16} />} loading={busy === 'recall'} data-testid="approval-recall"
                onClick={() => confirm({ title: t('approvals.detail.recallConfirmTitle'), message: t('approvals.detail.recallConfirm', { title: inst.documentTitle }), confirmLabel: t('approvals.detail.recall'), danger: true, onConfirm: () => { void run('recall') } })}>
                {t('approvals.detail.recall')}
              </Button>
            )}
            {detail.canDecide && (
              <>
                <Button color="red" variant="light" leftSection={<IconX size={16} />} loading={busy === 'reject'} onClick={() => { void run('reject') }} data-testid="approval-reject">{t('approvals.detail.reject')}</Button>
                <Button color="teal" leftSection={<IconCheck size={16} />} loading={busy === 'approve'} onClick={() => { void run('approve') }} data-testid="approval-approve">{t('approvals.detail.approve')}</Button>
              </>
            )}
          </Group>
        </Stack>
      )}
      {inst.status === 'pending' && !detail.canDecide && !detail.canRecall && (
        <Alert variant="light" color="gray">{t('approvals.stepOf', { n: inst.currentStep + 1, total: inst.stepCount })}</Alert>
      )}
    </Stack>
  )
}

/** The detail drawer; `onChanged` lets the list refresh after a decision. */
export function ApprovalDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n()
  const [fresh, setFresh] = useState<ApprovalDetail | null>(null)
  const q = useQuery(async () => (id ? api.approvals.get({ id }) : null), [id])
  const detail = fresh && fresh.instance.id === id ? fresh : q.data
  return (
    <Drawer opened={id !== null} onClose={() => { setFresh(null); onClose() }} position="right" size="lg" title={t('approvals.detail.title')} data-testid="approval-drawer">
      {q.error && <ErrorState error={q.error} onRetry={q.reload} />}
      {!q.error && !detail && <LoadingState />}
      {detail && <Body key={detail.instance.id} detail={detail} onChanged={(d) => { setFresh(d); onChanged() }} />}
    </Drawer>
  )
}
