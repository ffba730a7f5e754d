import { useState } from 'react'
import { Button, Center, MantineProvider, Stack, Text, Title } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { HashRouter, Link, Route, Routes } from 'react-router'
import type { Preferences } from '../../../src-preload/contracts/system'
import { useConnectionState } from '../api'
import { ErrorBoundary } from '../shared/ErrorBoundary'
import { Empty, ErrorState, LoadingState } from '../shared/states'
import { AuthProvider, useAuth, useSession } from './auth/AuthProvider'
import { LoginPage } from './auth/LoginPage'
import { SetupPage } from './auth/SetupPage'
import { I18nProvider, useT } from './i18n'
import { AppNotifications } from './AppNotifications'
import { canOpen, PAGES, type PageDef } from './routes'
import { Logo } from './shell/Logo'
import { Shell } from './shell/Shell'
import { preferencesColorSchemeManager, theme } from './theme'

/** Providers: theme (scheme from the saved preferences), language, modals, notifications, router. */
export function App({ preferences }: { preferences: Preferences }) {
  const [schemeManager] = useState(() => preferencesColorSchemeManager(preferences.colorScheme))
  return (
    <MantineProvider theme={theme} defaultColorScheme={preferences.colorScheme} colorSchemeManager={schemeManager}>
      <I18nProvider initialLocale={preferences.locale}>
        <ModalsProvider>
          {/* Top centre, as Chinese desktop apps place their messages: at the top right a toast
              covered the pages' right-aligned 新建 buttons, and a pointer resting on it paused its
              closing (an e2e run clicking 新建 again waited until its timeout). */}
          <Notifications position="top-center" />
          <AppNotifications />
          <HashRouter>
            <ErrorBoundary>
              <AuthProvider>
                <AuthGate />
              </AuthProvider>
            </ErrorBoundary>
          </HashRouter>
        </ModalsProvider>
      </I18nProvider>
    </MantineProvider>
  )
}

function AuthGate() {
  const { state, check } = useAuth()
  switch (state.status) {
    case 'loading':
      return <Center h="100dvh"><LoadingState /></Center>
    case 'unreachable':
      return <Unreachable onRetry={() => { void check() }} />
    case 'setup':
      return <SetupPage />
    case 'login':
      return <LoginPage companyName={state.companyName} />
    case 'ready':
      return <AppRoutes />
  }
}

function AppRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        {PAGES.map((page) => <Route key={page.key} path={page.path} element={<Guard page={page} />} />)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}

/** Opens a page only if the session's permissions allow it (main checks every call anyway). */
function Guard({ page }: { page: PageDef }) {
  const t = useT()
  const { permissions } = useSession()
  if (!canOpen(page, permissions)) {
    return <Empty testId="forbidden" title={t('common.forbidden')} description={t('common.forbiddenHint')} action={<Button component={Link} to="/" variant="light">{t('common.backHome')}</Button>} />
  }
  const Page = page.component
  return <Page />
}

function NotFound() {
  const t = useT()
  return <Empty testId="not-found" title={t('common.notFound')} description={t('common.notFoundHint')} action={<Button component={Link} to="/" variant="light">{t('common.backHome')}</Button>} />
}

function Unreachable({ onRetry }: { onRetry: () => void }) {
  const t = useT()
  const { state } = useAuth()
  const connection = useConnectionState()
  const noToken = connection === 'no-token'
  return (
    <Center h="100dvh" p="md">
      <Stack maw={480} gap="md" data-testid="unreachable">
        <Logo size="lg" />
        <Title order={2}>{t(noToken ? 'common.noToken' : 'common.hostUnreachable')}</Title>
        <Text c="dimmed">{t(noToken ? 'common.noTokenHint' : 'common.hostUnreachableHint')}</Text>
        {state.status === 'unreachable' && !noToken && <ErrorState error={state.error} onRetry={onRetry} />}
      </Stack>
    </Center>
  )
}
