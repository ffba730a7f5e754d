import { useState } from 'react'
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core'
import { IconGitMerge } from '@tabler/icons-react'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'

/**
 * 合并客户: pick the record that stays; contacts, follow-ups, opportunities and history of
 * the others move onto it (main does the move and records it). Testids: merge-modal,
 * merge-survivor-<id>, merge-submit.
 */
export function MergeModal({ customers, onClose, onDone }: { customers: { id: string; name: string; detail: string }[]; onClose: () => void; onDone: (survivorId: string) => void }) {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const [survivor, setSurvivor] = useState<string>(customers[0]?.id ?? '')
  const [pending, setPending] = useState(false)
  const survivorName = customers.find((c) => c.id === survivor)?.name ?? ''

  const run = async () => {
    setPending(true)
    try {
      await api.customers.merge({ survivorId: survivor, mergedIds: customers.filter((c) => c.id !== survivor).map((c) => c.id) })
      notify.success('customers.merge.done', { name: survivorName })
      onDone(survivor)
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  const submit = () => confirm({
    title: t('customers.merge.confirmTitle'),
    message: t('customers.merge.confirmText', { count: customers.length - 1, name: survivorName }),
    confirmLabel: t('customers.merge.submit'),
    danger: true,
    onConfirm: () => { void run() },
  })

  return (
    <Modal opened onClose={onClose} title={t('customers.merge.title')} data-testid="merge-modal">
      <Stack>
        <Alert variant="light" icon={<IconGitMerge size={18} />}>{t('customers.merge.hint')}</Alert>
        <Radio.Group value={survivor} onChange={setSurvivor} label={t('customers.merge.survivor')}>
          <Stack gap="xs" mt="xs">
            {customers.map((c) => <Radio key={c.id} value={c.id} label={c.name} description={c.detail} data-testid={`merge-survivor-${c.id}`} />)}
          </Stack>
        </Radio.Group>
        <Text size="xs" c="dimmed">{t('customers.merge.irreversible')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" loading={pending} disabled={customers.length < 2} onClick={submit} data-testid="merge-submit">{t('customers.merge.submit')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
