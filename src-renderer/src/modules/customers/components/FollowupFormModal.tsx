import { useState } from 'react'
import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import type { ContactRow } from '../../../../../src-preload/contracts/customers'
import { FOLLOWUP_TYPES, followupInput, type FollowupRow, type FollowupType, type OpportunityRow, type StageRow } from '../../../../../src-preload/contracts/followups'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { followupTypeLabel, stageLabel } from '../lib/labels'
import { fromLocalInput, toLocalInput } from '../lib/time'
import { pathErrors, type PathErrors } from '../lib/validation'

/**
 * 写跟进: type (打电话, 见面拜访, 发邮件, 发短信, 微信, 活动), when, content, contact, the
 * opportunity and its new stage (a lost stage asks for the reason), next step and its time
 * (下次联系时间 raises a reminder). Testids: followup-form, followup-type, followup-at,
 * followup-content, followup-contact, followup-opportunity, followup-stage,
 * followup-loss-reason, followup-next-step, followup-next-at, followup-save.
 */
export function FollowupFormModal({ customerId, contacts, opportunities, stages, onClose, onSaved }: {
  customerId: string; contacts: readonly ContactRow[]; opportunities: readonly OpportunityRow[]; stages: readonly StageRow[]
  onClose: () => void; onSaved: (f: FollowupRow) => void
}) {
  const t = useT()
  const notify = useNotify()
  const [type, setType] = useState<FollowupType>('call')
  const [at, setAt] = useState(() => toLocalInput(Date.now()))
  const [content, setContent] = useState('')
  const [contactId, setContactId] = useState<string | null>(contacts.find((c) => c.isPrimary)?.id ?? null)
  const [opportunityId, setOpportunityId] = useState<string | null>(null)
  const [stage, setStage] = useState<string | null>(null)
  const [lossReason, setLossReason] = useState('')
  const [nextStep, setNextStep] = useState('')
  const [nextAt, setNextAt] = useState('')
  const [errors, setErrors] = useState<PathErrors>({})
  const [pending, setPending] = useState(false)
  const ordered = [...stages].sort((a, b) => a.sort - b.sort)
  const opp = opportunities.find((o) => o.id === opportunityId)
  const isLost = ordered.find((s) => s.key === stage)?.kind === 'lost'
  const err = (p: string) => (errors[p] ? t(errors[p].key, errors[p].params) : undefined)

  const submit = async () => {
    const input = {
      customerId, type, content, at: fromLocalInput(at) ?? undefined, contactId, opportunityId,
      stage: opportunityId && stage && stage !== opp?.stage ? stage : null,
      lossReason: isLost ? lossReason : null, nextStep: nextStep.trim() || null, nextAt: fromLocalInput(nextAt),
    }
    const found = pathErrors(followupInput.safeParse(input))
    if (isLost && !lossReason.trim()) found.lossReason = { key: 'validation.required' }
    if (nextStep.trim() && !input.nextAt) found.nextAt = { key: 'customers.followup.nextAtNeeded' }
    if (input.nextAt !== null && input.nextAt <= Date.now()) found.nextAt = { key: 'customers.followup.nextAtPast' }
    setErrors(found)
    if (Object.keys(found).length) return
    setPending(true)
    try {
      const saved = await api.followups.add(input)
      notify.success(saved.nextAt ? 'customers.followup.savedWithReminder' : 'customers.followup.saved')
      onSaved(saved)
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('customers.followup.newTitle')} size="lg" data-testid="followup-form">
      <form onSubmit={(e) => { e.preventDefault(); void submit() }} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('customers.followup.type')} withAsterisk allowDeselect={false} value={type} onChange={(v) => { if (v) setType(v as FollowupType) }}
              data={FOLLOWUP_TYPES.map((x) => ({ value: x, label: followupTypeLabel(t, x) }))} data-testid="followup-type" />
            <TextInput label={t('customers.followup.at')} type="datetime-local" value={at} onChange={(e) => setAt(e.currentTarget.value)} error={err('at')} data-testid="followup-at" />
          </SimpleGrid>
          <Textarea label={t('customers.followup.content')} withAsterisk autoFocus autosize minRows={3} maxRows={10} value={content}
            onChange={(e) => setContent(e.currentTarget.value)} error={err('content')} data-testid="followup-content" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('customers.followup.contact')} clearable value={contactId} onChange={setContactId} data-testid="followup-contact"
              data={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))} />
            <Select label={t('customers.followup.opportunity')} clearable value={opportunityId} data-testid="followup-opportunity"
              onChange={(v) => { setOpportunityId(v); setStage(opportunities.find((o) => o.id === v)?.stage ?? null) }}
              data={opportunities.filter((o) => o.stageKind === 'open').map((o) => ({ value: o.id, label: o.name }))} />
          </SimpleGrid>
          {opportunityId && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label={t('customers.followup.stage')} allowDeselect={false} value={stage} onChange={setStage} data-testid="followup-stage"
                data={ordered.map((s) => ({ value: s.key, label: `${stageLabel(t, s)} · ${s.probability}%` }))} />
              {isLost && <TextInput label={t('customers.opportunity.lossReason')} withAsterisk value={lossReason} onChange={(e) => setLossReason(e.currentTarget.value)} error={err('lossReason')} data-testid="followup-loss-reason" />}
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('customers.followup.nextStep')} value={nextStep} onChange={(e) => setNextStep(e.currentTarget.value)} error={err('nextStep')} data-testid="followup-next-step" />
            <TextInput label={t('customers.followup.nextAt')} description={t('customers.followup.nextAtHint')} type="datetime-local" value={nextAt}
              onChange={(e) => setNextAt(e.currentTarget.value)} error={err('nextAt')} data-testid="followup-next-at" />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="followup-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
