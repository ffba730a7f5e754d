/*
 * 同步设置 (issue 4): this device's sync server — address, account (the password goes to the
 * secrets store and is never shown back), database, automatic sync on/off — with 测试连接
 * naming the problem (bad address, wrong password, unreachable, certificate, no database), and
 * the live status with 立即同步 / 暂停 / 继续 and the initial-sync progress.
 * Testids: page-title, sync-form, sync-server-url, sync-username, sync-password,
 * sync-password-saved, sync-password-clear, sync-database, sync-enabled, sync-test,
 * sync-test-result (data-ok), sync-save, sync-secrets-note, sync-settings-status.
 */
import { useState, type FormEvent } from 'react'
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { IconCircleCheck, IconDeviceFloppy, IconLock, IconPlugConnected, IconAlertTriangle } from '@tabler/icons-react'
import type { ConnectionTestResult, SyncSettings } from '../../../../../src-preload/contracts/sync'
import { api, toApiError, useQuery, type ApiError } from '../../../api'
import { errorText, isMessageKey, useT } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { ErrorState, LoadingState } from '../../../shared/states'
import { useNotify } from '../../../shared/notify'
import { SyncStatusDetails } from '../components/SyncStatusDetails'
import { setSyncStatus, useSyncStatus } from '../lib/status'

interface Form { serverUrl: string; username: string; password: string; clearPassword: boolean; database: string; enabled: boolean }

function formOf(s: SyncSettings): Form {
  return { serverUrl: s.serverUrl, username: s.username, password: '', clearPassword: false, database: s.database, enabled: s.enabled }
}

export default function SyncSettingsPage() {
  const t = useT()
  const settings = useQuery(() => api.sync.getSettings({}), [])
  return (
    <>
      <PageHeader title={t('sync.settings.title')} subtitle={t('sync.settings.subtitle')} />
      {settings.error && !settings.data && <ErrorState error={settings.error} onRetry={settings.reload} />}
      {!settings.data && !settings.error && <LoadingState />}
      {/* keyed by the saved settings: a save starts the form again from what was stored */}
      {settings.data && <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} onSaved={settings.reload} />}
    </>
  )
}

function SettingsForm({ saved, onSaved }: { saved: SyncSettings; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const status = useSyncStatus()
  const [form, setForm] = useState<Form>(() => formOf(saved))
  const [test, setTest] = useState<ConnectionTestResult | null>(null)
  const [testing, setTesting] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const set = <K extends keyof Form>(k: K, v: Form[K]) => { setForm((f) => ({ ...f, [k]: v })); setTest(null); setError(null) }
  const password = form.password !== '' ? form.password : form.clearPassword ? '' : undefined

  const runTest = async () => {
    setTesting(true)
    setTest(null)
    try {
      setTest(await api.sync.testConnection({ serverUrl: form.serverUrl, username: form.username, database: form.database, ...(password !== undefined ? { password } : {}) }))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setTesting(false)
    }
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setSaving(true)
    setError(null)
    try {
      await api.sync.saveSettings({ serverUrl: form.serverUrl, username: form.username, database: form.database, enabled: form.enabled, ...(password !== undefined ? { password } : {}) })
      notify.success('sync.settings.saved')
      api.sync.status({}).then(setSyncStatus, () => undefined)
      onSaved()
    } catch (err) {
      setError(toApiError(err))
    } finally {
      setSaving(false)
    }
  }

  const fieldError = (field: string) => {
    if (!error) return undefined
    if (error.details.field === field || error.fieldPaths.includes(field)) return error.messageKey === 'errors.validation' ? t('validation.invalid') : errorText(t, error)
    return undefined
  }
  const formError = error && !['serverUrl', 'username', 'password', 'database'].some((f) => fieldError(f)) ? errorText(t, error) : null

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder radius="md" padding="lg" component="form" onSubmit={(e: FormEvent) => { void save(e) }} data-testid="sync-form">
          <Stack gap="md">
            <Title order={4}>{t('sync.settings.server')}</Title>
            <TextInput label={t('sync.settings.serverUrl')} placeholder={t('sync.settings.serverUrlPlaceholder')} value={form.serverUrl}
              onChange={(e) => set('serverUrl', e.currentTarget.value)} error={fieldError('serverUrl')} autoComplete="url" maxLength={500} data-testid="sync-server-url" />
            <TextInput label={t('sync.settings.username')} value={form.username} onChange={(e) => set('username', e.currentTarget.value)}
              error={fieldError('username')} autoComplete="username" maxLength={100} data-testid="sync-username" />
            <PasswordInput
              label={<Group gap={6} component="span">{t('sync.settings.password')}{saved.hasPassword && !form.clearPassword && <Badge size="xs" color="teal" variant="light" leftSection={<IconLock size={10} />} data-testid="sync-password-saved">{t('sync.settings.passwordSaved')}</Badge>}</Group>}
              description={saved.hasPassword ? (form.clearPassword ? t('sync.settings.passwordCleared') : t('sync.settings.passwordKeep')) : undefined}
              placeholder={saved.hasPassword && !form.clearPassword ? '••••••••' : undefined}
              value={form.password} onChange={(e) => set('password', e.currentTarget.value)} error={fieldError('password')} autoComplete="new-password" maxLength={200} data-testid="sync-password"
            />
            {saved.hasPassword && (
              <Checkbox label={t('sync.settings.passwordClear')} checked={form.clearPassword} disabled={form.password !== ''}
                onChange={(e) => set('clearPassword', e.currentTarget.checked)} data-testid="sync-password-clear" />
            )}
            <TextInput label={t('sync.settings.database')} description={t('sync.settings.databaseHint')} value={form.database}
              onChange={(e) => set('database', e.currentTarget.value)} error={fieldError('database')} maxLength={200} data-testid="sync-database" />
            <Switch label={t('sync.settings.enabled')} description={t('sync.settings.enabledHint')} checked={form.enabled}
              onChange={(e) => set('enabled', e.currentTarget.checked)} data-testid="sync-enabled" />
            {test && <TestResult result={test} />}
            {formError && <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="sync-form-error">{formError}</Alert>}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" leftSection={<IconPlugConnected size={16} />} loading={testing} disabled={form.serverUrl.trim() === ''} onClick={() => { void runTest() }} data-testid="sync-test">
                {t('sync.settings.test')}
              </Button>
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={saving} data-testid="sync-save">{t('sync.settings.save')}</Button>
            </Group>
            <Text size="xs" c="dimmed" data-testid="sync-secrets-note">{t(saved.secretsOsProtected ? 'sync.settings.secretsOs' : 'sync.settings.secretsFile')}</Text>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder radius="md" padding="lg" data-testid="sync-settings-status">
          <Title order={4} mb="sm">{t('sync.settings.statusSection')}</Title>
          {saved.serverUrl === '' ? <Text size="sm" c="dimmed">{t('sync.settings.notConfigured')}</Text> : <SyncStatusDetails status={status} />}
        </Card>
      </Grid.Col>
    </Grid>
  )
}

/** 测试连接's answer: the server and its databases, or the problem in the user's language. */
function TestResult({ result }: { result: ConnectionTestResult }) {
  const t = useT()
  if (!result.ok) {
    const params = Object.fromEntries(Object.entries(result.details ?? {}).map(([k, v]) => [k, v]))
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('sync.settings.testFailed')} data-testid="sync-test-result" data-ok="false" data-key={result.messageKey}>
        {isMessageKey(result.messageKey) ? t(result.messageKey, params) : result.messageKey}
      </Alert>
    )
  }
  return (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={t('sync.settings.testOk')} data-testid="sync-test-result" data-ok="true">
      <Stack gap={2}>
        <Text size="sm">{t('sync.settings.testOkDetail', { server: result.server, version: result.version ?? '—' })}</Text>
        {result.databases.map((d) => <Text size="sm" key={d.name}>{t('sync.settings.testDatabase', { name: d.name, count: d.docCount })}</Text>)}
      </Stack>
    </Alert>
  )
}
