import type { ReactNode } from 'react'
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useT } from '../i18n'
import { LanguageSwitch } from '../shell/LanguageSwitch'
import { Logo } from '../shell/Logo'
import { ThemeMenu } from '../shell/ThemeMenu'
import classes from './AuthLayout.module.css'

/** Centered card for setup and login, with language and theme controls in the corner. */
export function AuthLayout({ title, subtitle, children, width = 420 }: { title: string; subtitle?: string; children: ReactNode; width?: number }) {
  const t = useT()
  return (
    <Box className={classes.page}>
      <Group justify="flex-end" p="md" gap="sm">
        <LanguageSwitch />
        <ThemeMenu />
      </Group>
      <Center px="md" pb={64}>
        <Stack w="100%" maw={width} gap="lg">
          <Center><Logo size="lg" /></Center>
          <Paper withBorder shadow="md" radius="lg" p="xl">
            <Stack gap={4} mb="lg">
              <Title order={2} fz="h3" data-testid="auth-title">{title}</Title>
              {subtitle && <Text c="dimmed" size="sm">{subtitle}</Text>}
            </Stack>
            {children}
          </Paper>
          <Text ta="center" size="xs" c="dimmed">{t('app.tagline')}</Text>
        </Stack>
      </Center>
    </Box>
  )
}
