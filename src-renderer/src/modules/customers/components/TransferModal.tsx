import { useState } from 'react'
import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { api } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import type { ListFilters } from '../lib/filters'
import { staffOptions, type StaffMember } from '../lib/staff'

/**
 * 客户分配 for a selection (customerIds) or a filter: new owner and a reason.
 * Testids: transfer-modal, transfer-to, transfer-reason, transfer-submit.
 */
export function TransferModal({ customerIds, filters, count, staff, onClose, onDone }: {
  customerIds?: string[]; filters?: ListFilters; count: number; staff: readonly StaffMember[]; onClose: () => void; onDone: (moved: number) => void
}) {
  const t = useT()
  const notify = useNotify()
  const session = useSession()
  const [to, setTo] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [touched, setTouched] = useState(false)

  const submit = async () => {
    setTouched(true)
    if (!to || !reason.trim()) return
    setPending(true)
    try {
      const r = await api.pool.transfer({ toOwnerId: to, reason: reason.trim(), ...(customerIds ? { customerIds } : { filters }) })
      notify.success('customers.assign.done', { count: r.moved })
      onDone(r.moved)
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('customers.assign.modalTitle')} data-testid="transfer-modal">
      <Stack>
        <Text size="sm">{t('customers.assign.confirmCount', { count })}</Text>
        <Select
          label={t('customers.assign.to')} withAsterisk searchable data={staffOptions(staff, session.user.id, t('customers.common.me'))}
          value={to} onChange={setTo} error={touched && !to ? t('validation.required') : undefined} data-testid="transfer-to"
        />
        <Textarea
          label={t('customers.assign.reason')} withAsterisk autosize minRows={2} maxLength={200}
          value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={touched && !reason.trim() ? t('validation.required') : undefined} data-testid="transfer-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={pending} onClick={() => { void submit() }} data-testid="transfer-submit">{t('customers.assign.submit')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
