/*
 * Home dashboard for the logged-in role (system.dashboard): greeting, stats, recent activity,
 * shortcuts to the modules the role may use.
 * Testids: page-title, dashboard-greeting, dashboard-role, stat-<key> (users, departments, offices, roles,
 * pendingOutbox), activity-list, activity-item, shortcut-<pageKey>; demo data card: see DemoDataCard.
 */
import { useState } from 'react'
import { Card, Grid, Group, SimpleGrid, Text, ThemeIcon, Timeline, Title, UnstyledButton } from '@mantine/core'
import { IconActivity, IconMoon, IconSun, IconSunrise, IconBuildingCommunity, IconCloudUpload, IconHierarchy2, IconShieldLock, IconUsers, type TablerIcon } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { AuditEntry } from '../../../../../src-preload/contracts/system'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { isMessageKey, roleLabel, useI18n, type Translate } from '../../../app/i18n'
import { canOpen, PAGES } from '../../../app/routes'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { DemoDataCard } from '../components/DemoDataCard'
import classes from './DashboardPage.module.css'

const STAT_ICONS: Record<string, TablerIcon> = {
  users: IconUsers, departments: IconHierarchy2, offices: IconBuildingCommunity, roles: IconShieldLock, pendingOutbox: IconCloudUpload,
}

function greetingKey(hour: number) {
  if (hour < 12) return 'dashboard.greeting.morning' as const
  if (hour < 18) return 'dashboard.greeting.afternoon' as const
  return 'dashboard.greeting.evening' as const
}

function statLabel(t: Translate, key: string): string {
  const k = `dashboard.stats.${key}`
  return isMessageKey(k) ? t(k) : key
}

/** A short sentence for an audit entry: who did what to which kind of record. */
function activityText(t: Translate, e: AuditEntry): string {
  const table = `audit.tables.${e.tableName}`
  return t('audit.entry', {
    user: e.userName ?? t('audit.system'),
    action: t(`audit.actions.${e.action}`),
    table: isMessageKey(table) ? t(table) : e.tableName,
  })
}

/** The record's own name, if the change carries one (name, display name or username). */
function recordName(t: Translate, e: AuditEntry): string | null {
  for (const field of ['name', 'displayName', 'username']) {
    const c = e.changes[field]
    const v = c?.after ?? c?.before
    // Built-in roles are stored under their code; show the role's name in the UI language.
    if (typeof v === 'string' && v) return e.tableName === 'roles' ? roleLabel(t, v, v) : v
  }
  return null
}

export default function DashboardPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const [hour] = useState(() => new Date().getHours())
  const dashboard = useQuery(() => api.system.dashboard({}), [])
  const shortcuts = PAGES.filter((p) => p.key !== 'home' && canOpen(p, session.permissions))
  const d = dashboard.data
  const name = d?.greetingName ?? session.user.displayName
  const GreetingIcon = hour < 12 ? IconSunrise : hour < 18 ? IconSun : IconMoon
  const role = roleLabel(t, session.user.roleCode, d?.roleName ?? session.user.roleName)

  return (
    <>
      <PageHeader title={t('nav.home')} />
      <Card radius="md" padding="lg" mb="lg" className={classes.welcome} data-testid="dashboard-greeting">
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={52} radius="xl" variant="gradient" gradient={{ from: 'indigo.6', to: 'cyan.5', deg: 135 }}><GreetingIcon size={28} stroke={1.6} /></ThemeIcon>
          <div>
            <Title order={3}>{t(greetingKey(hour), { name })}</Title>
            <Text c="dimmed" size="sm" data-testid="dashboard-role">{t('dashboard.roleAt', { role, company: d?.companyName ?? session.companyName })}</Text>
          </div>
        </Group>
      </Card>
      <DemoDataCard onChanged={dashboard.reload} />
      {dashboard.error && <ErrorState error={dashboard.error} onRetry={dashboard.reload} />}
      {!d && dashboard.loading && <LoadingState />}
      {d && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(d.stats.length, 5) }} mb="lg">
          {d.stats.map((s) => {
            const Icon = STAT_ICONS[s.key] ?? IconActivity
            return (
              <Card key={s.key} withBorder radius="md" padding="lg" data-testid={`stat-${s.key}`}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <div>
                    <Text size="sm" c="dimmed" fw={500}>{statLabel(t, s.key)}</Text>
                    <Text fz={30} fw={700} lh={1.2} mt={4} data-testid="stat-value">{fmt.number(s.value)}</Text>
                  </div>
                  <ThemeIcon variant="light" size={44} radius="md"><Icon size={24} stroke={1.6} /></ThemeIcon>
                </Group>
              </Card>
            )
          })}
        </SimpleGrid>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={4} mb="md">{t('dashboard.recentActivity')}</Title>
            {d && d.recentActivity.length === 0 && <Empty title={t('dashboard.noActivity')} testId="activity-empty" />}
            {d && d.recentActivity.length > 0 && (
              <Timeline bulletSize={22} lineWidth={2} data-testid="activity-list">
                {d.recentActivity.map((e) => (
                  <Timeline.Item key={e.id} bullet={<IconActivity size={12} />} title={activityText(t, e)} data-testid="activity-item">
                    {recordName(t, e) && <Text size="sm">{recordName(t, e)}</Text>}
                    <Text size="xs" c="dimmed" mt={2}>{fmt.relative(e.at)}</Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={4} mb="md">{t('dashboard.shortcuts')}</Title>
            {shortcuts.length === 0 && <Empty title={t('dashboard.noShortcuts')} testId="shortcuts-empty" />}
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
              {shortcuts.map((p) => (
                <UnstyledButton key={p.key} component={Link} to={p.path} className={classes.shortcut} data-testid={`shortcut-${p.key}`}>
                  <ThemeIcon variant="light" size={40} radius="md"><p.icon size={22} stroke={1.6} /></ThemeIcon>
                  <Text size="sm" mt={8} ta="center">{t(p.label)}</Text>
                </UnstyledButton>
              ))}
            </SimpleGrid>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  )
}
