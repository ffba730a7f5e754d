import { AppShell, NavLink, ScrollArea, Text } from '@mantine/core'
import { Link, useLocation } from 'react-router'
import { useQuery, api } from '../../api'
import { useSession } from '../auth/AuthProvider'
import { useT } from '../i18n'
import { MODULE_ICONS, canOpen, navGroups, PAGES, type PageDef } from '../routes'
import { Logo } from './Logo'

function PageLink({ page, active, onNavigate }: { page: PageDef; active: boolean; onNavigate: () => void }) {
  const t = useT()
  return (
    <NavLink
      component={Link}
      to={page.path}
      label={t(page.label)}
      leftSection={<page.icon size={18} stroke={1.6} />}
      active={active}
      onClick={onNavigate}
      data-testid={`nav-${page.key}`}
      style={{ borderRadius: 8 }}
    />
  )
}

/**
 * The sidebar: logo, top-level pages, then the module groups of the spec in menu order, each
 * showing only built pages the session's permissions allow. Testids nav-<key>, nav-group-<module>.
 */
export function Navbar({ onNavigate }: { onNavigate: () => void }) {
  const t = useT()
  const { permissions } = useSession()
  const { pathname } = useLocation()
  const info = useQuery(() => api.system.info({}), [])
  const isActive = (p: PageDef) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`))
  const topLevel = PAGES.filter((p) => p.module === null && canOpen(p, permissions))

  return (
    <>
      <AppShell.Section px="md" py="sm" h={64} style={{ display: 'flex', alignItems: 'center' }}>
        <Logo />
      </AppShell.Section>
      <AppShell.Section grow component={ScrollArea} px="xs" py="xs">
        {topLevel.map((p) => <PageLink key={p.key} page={p} active={isActive(p)} onNavigate={onNavigate} />)}
        {navGroups(permissions).map(({ module, pages }) => {
          const Icon = MODULE_ICONS[module]
          return (
            <NavLink
              key={module}
              label={t(`modules.${module}`)}
              leftSection={<Icon size={18} stroke={1.6} />}
              defaultOpened
              childrenOffset={18}
              fw={500}
              data-testid={`nav-group-${module}`}
              style={{ borderRadius: 8 }}
            >
              {pages.map((p) => <PageLink key={p.key} page={p} active={isActive(p)} onNavigate={onNavigate} />)}
            </NavLink>
          )
        })}
      </AppShell.Section>
      {info.data && (
        <AppShell.Section px="md" py="xs">
          <Text size="xs" c="dimmed" data-testid="app-version">{t('app.version', { version: info.data.version })}</Text>
        </AppShell.Section>
      )}
    </>
  )
}
