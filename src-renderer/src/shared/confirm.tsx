import { useCallback } from 'react'
import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { useT } from '../app/i18n'

export interface ConfirmOptions {
  title: string
  message: string
  confirmLabel: string
  /** Red confirm button for destructive actions. */
  danger?: boolean
  onConfirm: () => void
}

/** Opens a confirmation dialog (Esc or Cancel closes it). Testids: confirm-ok, confirm-cancel. */
export function useConfirm() {
  const t = useT()
  return useCallback((o: ConfirmOptions) => {
    modals.openConfirmModal({
      title: o.title,
      children: <Text size="sm">{o.message}</Text>,
      labels: { confirm: o.confirmLabel, cancel: t('common.cancel') },
      confirmProps: { color: o.danger ? 'red' : undefined, 'data-testid': 'confirm-ok' },
      cancelProps: { 'data-testid': 'confirm-cancel' },
      onConfirm: o.onConfirm,
    })
  }, [t])
}
