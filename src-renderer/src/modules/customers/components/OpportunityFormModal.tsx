import { useState } from 'react'
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { opportunityInput, type OpportunityRow, type StageRow } from '../../../../../src-preload/contracts/followups'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { stageLabel } from '../lib/labels'
import { fenToYuan, yuanToFen } from '../lib/time'
import { pathErrors, type PathErrors } from '../lib/validation'
import { CustomerPicker } from './CustomerPicker'

/**
 * Create / edit an opportunity (商机): name, stage, expected amount (entered in yuan, sent in
 * fen), expected close date, loss reason for a lost stage, notes. Without a fixed customer it
 * shows a customer picker. Testids: opportunity-form, opportunity-name, opportunity-stage,
 * opportunity-amount, opportunity-close-date, opportunity-loss-reason, opportunity-notes,
 * customer-picker, opportunity-save.
 */
export function OpportunityFormModal({ opportunity, customerId, stages, onClose, onSaved }: {
  opportunity: OpportunityRow | null; customerId: string | null; stages: readonly StageRow[]; onClose: () => void; onSaved: (o: OpportunityRow) => void
}) {
  const t = useT()
  const notify = useNotify()
  const ordered = [...stages].sort((a, b) => a.sort - b.sort)
  const [customer, setCustomer] = useState<string | null>(opportunity?.customerId ?? customerId)
  const [name, setName] = useState(opportunity?.name ?? '')
  const [stage, setStage] = useState<string | null>(opportunity?.stage ?? ordered.find((s) => s.kind === 'open')?.key ?? null)
  const [amount, setAmount] = useState<number | string>(opportunity ? fenToYuan(opportunity.amount) : '')
  const [closeDate, setCloseDate] = useState(opportunity?.expectedCloseDate ?? '')
  const [lossReason, setLossReason] = useState(opportunity?.lossReason ?? '')
  const [notes, setNotes] = useState(opportunity?.notes ?? '')
  const [errors, setErrors] = useState<PathErrors>({})
  const [pending, setPending] = useState(false)
  const isLost = ordered.find((s) => s.key === stage)?.kind === 'lost'
  const err = (p: string) => (errors[p] ? t(errors[p].key, errors[p].params) : undefined)

  const submit = async () => {
    const input = {
      ...(opportunity ? { id: opportunity.id } : {}), customerId: customer ?? '', name, stage: stage ?? '', amount: amount === '' ? 0 : yuanToFen(amount),
      expectedCloseDate: closeDate || null, lossReason: isLost ? lossReason : null, notes,
    }
    const found = pathErrors(opportunityInput.safeParse(input))
    if (isLost && !lossReason.trim()) found.lossReason = { key: 'validation.required' }
    setErrors(found)
    if (Object.keys(found).length) return
    setPending(true)
    try {
      const saved = await api.opportunities.save(input)
      notify.success(opportunity ? 'customers.opportunity.updated' : 'customers.opportunity.created', { name: saved.name })
      onSaved(saved)
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t(opportunity ? 'customers.opportunity.editTitle' : 'customers.opportunity.newTitle')} size="lg" data-testid="opportunity-form">
      <form onSubmit={(e) => { e.preventDefault(); void submit() }} noValidate>
        <Stack>
          {customerId === null && !opportunity && (
            <CustomerPicker label={t('customers.opportunity.customer')} value={customer} onChange={(id) => setCustomer(id)} error={err('customerId')} />
          )}
          <TextInput label={t('customers.opportunity.name')} withAsterisk autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={err('name')} data-testid="opportunity-name" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label={t('customers.opportunity.stage')} withAsterisk allowDeselect={false} value={stage} onChange={setStage} error={err('stage')} data-testid="opportunity-stage"
              data={ordered.map((s) => ({ value: s.key, label: `${stageLabel(t, s)} · ${s.probability}%` }))} />
            <NumberInput label={t('customers.opportunity.amount')} min={0} decimalScale={2} thousandSeparator="," prefix="¥" value={amount} onChange={setAmount} error={err('amount')} data-testid="opportunity-amount" />
            <TextInput label={t('customers.opportunity.closeDate')} type="date" value={closeDate} onChange={(e) => setCloseDate(e.currentTarget.value)} error={err('expectedCloseDate')} data-testid="opportunity-close-date" />
          </SimpleGrid>
          {isLost && <TextInput label={t('customers.opportunity.lossReason')} withAsterisk value={lossReason} onChange={(e) => setLossReason(e.currentTarget.value)} error={err('lossReason')} data-testid="opportunity-loss-reason" />}
          <Textarea label={t('customers.opportunity.notes')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} data-testid="opportunity-notes" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="opportunity-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
