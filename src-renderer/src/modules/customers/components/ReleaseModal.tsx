import { useState } from 'react'
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'

/** 放入公海: the owner gives customers back to the pool with a reason. Testids: release-modal, release-reason, release-submit. */
export function ReleaseModal({ customerIds, onClose, onDone }: { customerIds: string[]; onClose: () => void; onDone: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  const [pending, setPending] = useState(false)

  const submit = async () => {
    setTouched(true)
    if (!reason.trim()) return
    setPending(true)
    try {
      const r = await api.pool.release({ customerIds, reason: reason.trim() })
      notify.success('customers.pool.released', { count: r.released })
      onDone()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('customers.pool.releaseTitle')} data-testid="release-modal">
      <Stack>
        <Text size="sm">{t('customers.pool.releaseText', { count: customerIds.length })}</Text>
        <Textarea
          label={t('customers.pool.releaseReason')} withAsterisk autosize minRows={2} maxLength={200} value={reason}
          onChange={(e) => setReason(e.currentTarget.value)} error={touched && !reason.trim() ? t('validation.required') : undefined} data-testid="release-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="orange" loading={pending} onClick={() => { void submit() }} data-testid="release-submit">{t('customers.pool.release')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
