/*
 * OF-5 Edit profile (修改资料): the user's own name and contact details (auth.updateProfile).
 * Testids: page-title, profile-displayname, profile-email, profile-phone, profile-title,
 * profile-submit, profile-username.
 */
import { useState } from 'react'
import { Button, Card, Grid, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { profileInput } from '../../../../../src-preload/contracts/auth'
import { api, toApiError } from '../../../api'
import { useAuth, useSession } from '../../../app/auth/AuthProvider'
import { roleLabel, useT } from '../../../app/i18n'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} ta="right" data-testid={testId}>{value}</Text>
    </Group>
  )
}

export default function ProfilePage() {
  const t = useT()
  const { user } = useSession()
  const { setSession } = useAuth()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: { displayName: user.displayName, email: user.email ?? '', phone: user.phone ?? '', title: user.title ?? '' },
    schema: profileInput,
    toInput: (v) => v,
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      setSession(await api.auth.updateProfile(input))
      notify.success('profile.saved')
    } catch (err) {
      const e = toApiError(err)
      if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder radius="md" padding="lg">
            <form onSubmit={onSubmit} noValidate>
              <Stack gap="md">
                <TextInput label={t('profile.displayName')} withAsterisk data-testid="profile-displayname" {...form.text('displayName')} />
                <TextInput label={t('profile.email')} type="email" data-testid="profile-email" {...form.text('email')} />
                <TextInput label={t('profile.phone')} data-testid="profile-phone" {...form.text('phone')} />
                <TextInput label={t('profile.jobTitle')} data-testid="profile-title" {...form.text('title')} />
                <Group justify="flex-end">
                  <Button type="submit" loading={pending} data-testid="profile-submit">{t('profile.submit')}</Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">{t('profile.account')}</Title>
            <Stack gap="sm">
              <Row label={t('profile.username')} value={user.username} testId="profile-username" />
              <Row label={t('profile.role')} value={roleLabel(t, user.roleCode, user.roleName)} />
              <Row label={t('profile.department')} value={user.departmentName ?? t('common.none')} />
              <Row label={t('profile.office')} value={user.officeName ?? t('common.none')} />
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  )
}
