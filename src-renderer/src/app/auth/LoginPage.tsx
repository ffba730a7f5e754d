/*
 * Login screen. Testids: login-username, login-password, login-submit, login-error, login-company, auth-title.
 */
import { useState } from 'react'
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { loginInput } from '../../../../src-preload/contracts/auth'
import { api, toApiError, type ApiError } from '../../api'
import { useForm } from '../../shared/forms'
import { errorText, useT } from '../i18n'
import { AuthLayout } from './AuthLayout'
import { useAuth } from './AuthProvider'

export function LoginPage({ companyName }: { companyName: string | null }) {
  const t = useT()
  const navigate = useNavigate()
  const { setSession } = useAuth()
  const [error, setError] = useState<ApiError | null>(null)
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: { username: '', password: '' },
    schema: loginInput,
    toInput: (v) => v,
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    setError(null)
    try {
      const session = await api.auth.login(input)
      void navigate('/')
      setSession(session)
    } catch (err) {
      setError(toApiError(err))
      form.set('password', '')
    } finally {
      setPending(false)
    }
  })

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {companyName && <Text fw={600} data-testid="login-company">{companyName}</Text>}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="login-error" data-code={error.code}>
              {errorText(t, error)}
            </Alert>
          )}
          <TextInput label={t('login.username')} autoComplete="username" autoFocus data-testid="login-username" {...form.text('username')} />
          <PasswordInput label={t('login.password')} autoComplete="current-password" data-testid="login-password" {...form.text('password')} />
          <Button type="submit" fullWidth size="md" loading={pending} data-testid="login-submit">{t('login.submit')}</Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
