/*
 * First-start setup: company and administrator account (validated with the contract's
 * setupInput schema). Testids: setup-company, setup-username, setup-displayname,
 * setup-password, setup-password2, setup-submit, auth-title.
 */
import { useState } from 'react'
import { Button, PasswordInput, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { useNavigate } from 'react-router'
import { PASSWORD_MIN, setupInput } from '../../../../src-preload/contracts/auth'
import { api, toApiError } from '../../api'
import { useForm } from '../../shared/forms'
import { useNotify } from '../../shared/notify'
import { useT } from '../i18n'
import { AuthLayout } from './AuthLayout'
import { useAuth } from './AuthProvider'

/** Hints under the input, so fields side by side stay aligned. */
const BELOW: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error']

export function SetupPage() {
  const t = useT()
  const navigate = useNavigate()
  const notify = useNotify()
  const { setSession, check } = useAuth()
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: { companyName: '', adminUsername: '', adminDisplayName: '', password: '', password2: '' },
    schema: setupInput,
    toInput: ({ password2: _confirm, ...input }) => input,
    check: (v) => (v.password2 !== v.password ? { password2: { key: 'validation.passwordMismatch' } } : {}),
    messages: { adminUsername: 'validation.username' },
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      const session = await api.auth.setup(input)
      void navigate('/')
      setSession(session)
      notify.success('setup.done')
    } catch (err) {
      const e = toApiError(err)
      if (e.code === 'ALREADY_SET_UP') await check()
      else if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} width={520}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput label={t('setup.company')} placeholder={t('setup.companyPlaceholder')} withAsterisk autoFocus data-testid="setup-company" {...form.text('companyName')} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('setup.username')} description={t('setup.usernameHint')} withAsterisk autoComplete="username" inputWrapperOrder={BELOW} data-testid="setup-username" {...form.text('adminUsername')} />
            <TextInput label={t('setup.displayName')} withAsterisk data-testid="setup-displayname" {...form.text('adminDisplayName')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <PasswordInput label={t('setup.password')} description={t('validation.tooShort', { min: PASSWORD_MIN })} withAsterisk autoComplete="new-password" inputWrapperOrder={BELOW} data-testid="setup-password" {...form.text('password')} />
            <PasswordInput label={t('setup.password2')} withAsterisk autoComplete="new-password" data-testid="setup-password2" {...form.text('password2')} />
          </SimpleGrid>
          <Button type="submit" size="md" fullWidth loading={pending} data-testid="setup-submit">{t('setup.submit')}</Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
