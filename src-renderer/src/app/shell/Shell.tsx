import { Suspense } from 'react'
import { AppShell, Burger, Group, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconBuilding } from '@tabler/icons-react'
import { Outlet, useLocation } from 'react-router'
import { ErrorBoundary } from '../../shared/ErrorBoundary'
import { LoadingState } from '../../shared/states'
import { useSession } from '../auth/AuthProvider'
import { useT } from '../i18n'
import { LanguageSwitch } from './LanguageSwitch'
import { Navbar } from './Navbar'
import { SyncStatus } from './SyncStatus'
import { ThemeMenu } from './ThemeMenu'
import { UserMenu } from './UserMenu'
import classes from './Shell.module.css'

/** The logged-in frame: sidebar, header (company, sync, language, theme, user) and the page. */
export function Shell() {
  const t = useT()
  const session = useSession()
  const [opened, { toggle, close }] = useDisclosure(false)
  const { pathname } = useLocation()

  return (
    <AppShell
      layout="alt"
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Group gap="sm" wrap="nowrap" miw={0} visibleFrom="xs">
              <IconBuilding size={20} stroke={1.6} color="var(--mantine-color-dimmed)" />
              <Text fw={600} truncate data-testid="header-company">{session.companyName}</Text>
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SyncStatus />
            <LanguageSwitch />
            <ThemeMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar className={classes.navbar} data-testid="navbar">
        <Navbar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main className={classes.main}>
        <ErrorBoundary key={pathname}>
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  )
}
