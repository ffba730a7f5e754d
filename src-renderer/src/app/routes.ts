import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { TablerIcon } from '@tabler/icons-react'
import {
  IconBriefcase, IconBuildingWarehouse, IconCash, IconChartBar, IconHeadset, IconHome, IconKey, IconReportMoney,
  IconSettings, IconShieldLock, IconSitemap, IconSpeakerphone, IconUserEdit, IconUsers, IconUsersGroup,
} from '@tabler/icons-react'
import { IconAddressBook, IconAdjustments, IconAlarm, IconArrowsExchange, IconFileImport, IconLayoutKanban, IconRipple, IconStairs, IconTimeline } from '@tabler/icons-react'
import { MODULES, type ModuleKey, type Permission } from '../../../src-preload/contracts/permissions'
import type { MessageKey } from './i18n'

/**
 * The page registry: every built page, the sidebar group it sits in and the permission it
 * needs. The sidebar, the router, the dashboard shortcuts and the permission guard all read
 * this list. A new module adds its pages here (one entry each, component lazily imported
 * from `src/modules/<domain>/pages/...` with a default export) and nothing else.
 */
export interface PageDef {
  /** Stable id: the nav item's testid is `nav-<key>`. */
  key: string
  /** Hash route, e.g. '/system/users'. */
  path: string
  /** Sidebar group; null for top-level entries (home). */
  module: ModuleKey | null
  label: MessageKey
  icon: TablerIcon
  /** Needed to see and open the page; null = every logged-in user. */
  permission: Permission | null
  component: LazyExoticComponent<ComponentType>
}

export const PAGES: readonly PageDef[] = [
  { key: 'home', path: '/', module: null, label: 'nav.home', icon: IconHome, permission: null, component: lazy(() => import('../modules/home/pages/DashboardPage')) },

  // 协同办公 office
  { key: 'profile', path: '/office/profile', module: 'office', label: 'nav.profile', icon: IconUserEdit, permission: 'office.view', component: lazy(() => import('../modules/office/pages/ProfilePage')) },
  { key: 'password', path: '/office/password', module: 'office', label: 'nav.password', icon: IconKey, permission: 'office.view', component: lazy(() => import('../modules/office/pages/ChangePasswordPage')) },

  // 客户管理 customers (issue 3: pages in src/modules/customers)
  { key: 'customers', path: '/customers/list', module: 'customers', label: 'customers.nav.customers', icon: IconAddressBook, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/CustomersPage')) },
  { key: 'pipeline', path: '/customers/pipeline', module: 'customers', label: 'customers.nav.pipeline', icon: IconLayoutKanban, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/PipelinePage')) },
  { key: 'pool', path: '/customers/pool', module: 'customers', label: 'customers.nav.pool', icon: IconRipple, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/PoolPage')) },
  { key: 'reminders', path: '/customers/reminders', module: 'customers', label: 'customers.nav.reminders', icon: IconAlarm, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/RemindersPage')) },
  { key: 'assign', path: '/customers/assign', module: 'customers', label: 'customers.nav.assign', icon: IconArrowsExchange, permission: 'customers.assign', component: lazy(() => import('../modules/customers/pages/AssignPage')) },
  { key: 'activity', path: '/customers/activity', module: 'customers', label: 'customers.nav.activity', icon: IconTimeline, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/ActivityPage')) },
  { key: 'customer-import', path: '/customers/import', module: 'customers', label: 'customers.nav.import', icon: IconFileImport, permission: 'customers.import', component: lazy(() => import('../modules/customers/pages/ImportPage')) },

  // 系统设置 system
  { key: 'users', path: '/system/users', module: 'system', label: 'nav.users', icon: IconUsers, permission: 'system.users', component: lazy(() => import('../modules/system/pages/UsersPage')) },
  { key: 'roles', path: '/system/roles', module: 'system', label: 'nav.roles', icon: IconShieldLock, permission: 'system.roles', component: lazy(() => import('../modules/system/pages/RolesPage')) },
  { key: 'org', path: '/system/org', module: 'system', label: 'nav.org', icon: IconSitemap, permission: 'system.org', component: lazy(() => import('../modules/system/pages/OrgPage')) },
  { key: 'customer-settings', path: '/system/customer-settings', module: 'system', label: 'customers.nav.settings', icon: IconAdjustments, permission: 'system.settings', component: lazy(() => import('../modules/customers/pages/CustomerSettingsPage')) },
  { key: 'opportunity-stages', path: '/system/opportunity-stages', module: 'system', label: 'customers.nav.stages', icon: IconStairs, permission: 'system.settings', component: lazy(() => import('../modules/customers/pages/StagesPage')) },
]

/** Sidebar group icons, in the order of MODULES (the spec's menu order). */
export const MODULE_ICONS: Record<ModuleKey, TablerIcon> = {
  office: IconBriefcase,
  customers: IconUsersGroup,
  sales: IconReportMoney,
  marketing: IconSpeakerphone,
  warehouse: IconBuildingWarehouse,
  service: IconHeadset,
  finance: IconCash,
  analytics: IconChartBar,
  system: IconSettings,
}

export function canOpen(page: PageDef, permissions: readonly Permission[]): boolean {
  return page.permission === null || permissions.includes(page.permission)
}

export function pageByKey(key: string): PageDef | undefined {
  return PAGES.find((p) => p.key === key)
}

export interface NavGroup { module: ModuleKey; pages: PageDef[] }

/** Groups with at least one page the user may open, in menu order. */
export function navGroups(permissions: readonly Permission[]): NavGroup[] {
  return MODULES
    .map((module) => ({ module, pages: PAGES.filter((p) => p.module === module && canOpen(p, permissions)) }))
    .filter((g) => g.pages.length > 0)
}
