import { useState } from 'react'
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useT } from '../../../app/i18n'

/** A lost stage needs a reason (输单原因). Testids: loss-reason-modal, loss-reason, loss-reason-submit. */
export function LossReasonModal({ name, onCancel, onSubmit }: { name: string; onCancel: () => void; onSubmit: (reason: string) => void }) {
  const t = useT()
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  return (
    <Modal opened onClose={onCancel} title={t('customers.opportunity.lossTitle')} data-testid="loss-reason-modal">
      <form onSubmit={(e) => { e.preventDefault(); setTouched(true); if (reason.trim()) onSubmit(reason.trim()) }}>
        <Stack>
          <Text size="sm">{t('customers.opportunity.lossText', { name })}</Text>
          <TextInput label={t('customers.opportunity.lossReason')} withAsterisk autoFocus maxLength={200} value={reason}
            onChange={(e) => setReason(e.currentTarget.value)} error={touched && !reason.trim() ? t('validation.required') : undefined} data-testid="loss-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>
            <Button type="submit" color="red" data-testid="loss-reason-submit">{t('customers.opportunity.markLost')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
