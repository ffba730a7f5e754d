/*
 * OF-6 Change password (修改密码): current password, new password and confirmation
 * (auth.changePassword). Testids: page-title, cp-current, cp-new, cp-confirm, cp-submit.
 */
import { useState } from 'react'
import { Button, Card, Group, PasswordInput, Stack } from '@mantine/core'
import { changePasswordInput, PASSWORD_MIN } from '../../../../../src-preload/contracts/auth'
import { api, toApiError } from '../../../api'
import { useT } from '../../../app/i18n'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'

const EMPTY = { currentPassword: '', newPassword: '', confirm: '' }

export default function ChangePasswordPage() {
  const t = useT()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: EMPTY,
    schema: changePasswordInput,
    toInput: ({ confirm: _confirm, ...input }) => input,
    check: (v) => (v.confirm !== v.newPassword ? { confirm: { key: 'validation.passwordMismatch' } } : {}),
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      await api.auth.changePassword(input)
      form.reset(EMPTY)
      notify.success('password.changed')
    } catch (err) {
      const e = toApiError(err)
      if (e.messageKey === 'errors.wrongPassword') form.setErrors({ currentPassword: { key: 'errors.wrongPassword' } })
      else if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  return (
    <>
      <PageHeader title={t('password.title')} subtitle={t('password.subtitle', { min: PASSWORD_MIN })} />
      <Card withBorder radius="md" padding="lg" maw={520}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <PasswordInput label={t('password.current')} withAsterisk autoComplete="current-password" data-testid="cp-current" {...form.text('currentPassword')} />
            <PasswordInput label={t('password.next')} withAsterisk autoComplete="new-password" data-testid="cp-new" {...form.text('newPassword')} />
            <PasswordInput label={t('password.confirm')} withAsterisk autoComplete="new-password" data-testid="cp-confirm" {...form.text('confirm')} />
            <Group justify="flex-end">
              <Button type="submit" loading={pending} data-testid="cp-submit">{t('password.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  )
}
