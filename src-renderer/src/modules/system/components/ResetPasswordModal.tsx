import { useState } from 'react'
import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core'
import type { UserRow } from '../../../../../src-preload/contracts/admin'
import { contracts } from '../../../../../src-preload/contracts'
import { api, toApiError } from '../../../api'
import { useT } from '../../../app/i18n'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'

/** Sets a new password for a user (admin.resetPassword). Testids: reset-password, reset-password2, reset-submit. */
export function ResetPasswordModal({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: { newPassword: '', confirm: '' },
    schema: contracts.admin.resetPassword.input,
    toInput: (v) => ({ id: user.id, newPassword: v.newPassword }),
    check: (v) => (v.confirm !== v.newPassword ? { confirm: { key: 'validation.passwordMismatch' } } : {}),
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      await api.admin.resetPassword(input)
      notify.success('users.resetDone')
      onClose()
    } catch (err) {
      notify.error(toApiError(err))
    } finally {
      setPending(false)
    }
  })

  return (
    <Modal opened onClose={onClose} title={t('users.resetTitle', { name: user.displayName })} data-testid="reset-form">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <PasswordInput label={t('users.newPassword')} withAsterisk autoFocus autoComplete="new-password" data-testid="reset-password" {...form.text('newPassword')} />
          <PasswordInput label={t('users.newPassword2')} withAsterisk autoComplete="new-password" data-testid="reset-password2" {...form.text('confirm')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="reset-submit">{t('users.resetPassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
