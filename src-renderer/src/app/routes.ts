import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { TablerIcon } from '@tabler/icons-react'
import {
  IconBriefcase, IconBuildingWarehouse, IconCash, IconChartBar, IconHeadset, IconHome, IconKey, IconReportMoney,
  IconSettings, IconShieldLock, IconSitemap, IconSpeakerphone, IconUserEdit, IconUsers, IconUsersGroup,
} from '@tabler/icons-react'
import { IconAddressBook, IconAdjustments, IconAlarm, IconArrowsExchange, IconFileImport, IconLayoutKanban, IconRipple, IconStairs, IconTimeline } from '@tabler/icons-react'
import { IconChecklist, IconRouteSquare } from '@tabler/icons-react'
import { IconCloudCog, IconGitCompare } from '@tabler/icons-react'
import { IconCategory, IconPackage } from '@tabler/icons-react'
import { IconFileDollar, IconHash, IconReceipt } from '@tabler/icons-react'
import { IconReceipt2, IconTarget, IconWallet } from '@tabler/icons-react'
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
  /**
   * Shown in the sidebar only with this permission, though anyone with `permission` may open
   * it (sync pages: every user may connect this device, but they sit under 系统设置, which
   * salespeople do not see; the header's sync status links to them).
   */
  sidebarPermission?: Permission
  component: LazyExoticComponent<ComponentType>
}

export const PAGES: readonly PageDef[] = [
  { key: 'home', path: '/', module: null, label: 'nav.home', icon: IconHome, permission: null, component: lazy(() => import('../modules/home/pages/DashboardPage')) },

  // 协同办公 office
  { key: 'profile', path: '/office/profile', module: 'office', label: 'nav.profile', icon: IconUserEdit, permission: 'office.view', component: lazy(() => import('../modules/office/pages/ProfilePage')) },
  { key: 'password', path: '/office/password', module: 'office', label: 'nav.password', icon: IconKey, permission: 'office.view', component: lazy(() => import('../modules/office/pages/ChangePasswordPage')) },
  { key: 'approvals', path: '/office/approvals', module: 'office', label: 'approvals.nav.inbox', icon: IconChecklist, permission: 'office.view', component: lazy(() => import('../modules/approvals/pages/ApprovalsPage')) },

  // 客户管理 customers (issue 3: pages in src/modules/customers)
  { key: 'customers', path: '/customers/list', module: 'customers', label: 'customers.nav.customers', icon: IconAddressBook, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/CustomersPage')) },
  { key: 'pipeline', path: '/customers/pipeline', module: 'customers', label: 'customers.nav.pipeline', icon: IconLayoutKanban, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/PipelinePage')) },
  { key: 'pool', path: '/customers/pool', module: 'customers', label: 'customers.nav.pool', icon: IconRipple, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/PoolPage')) },
  { key: 'reminders', path: '/customers/reminders', module: 'customers', label: 'customers.nav.reminders', icon: IconAlarm, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/RemindersPage')) },
  { key: 'assign', path: '/customers/assign', module: 'customers', label: 'customers.nav.assign', icon: IconArrowsExchange, permission: 'customers.assign', component: lazy(() => import('../modules/customers/pages/AssignPage')) },
  { key: 'activity', path: '/customers/activity', module: 'customers', label: 'customers.nav.activity', icon: IconTimeline, permission: 'customers.view', component: lazy(() => import('../modules/customers/pages/ActivityPage')) },
  { key: 'customer-import', path: '/customers/import', module: 'customers', label: 'customers.nav.import', icon: IconFileImport, permission: 'customers.import', component: lazy(() => import('../modules/customers/pages/ImportPage')) },

  // 销售管理 sales: 客户报价 / 销售单 (src/modules/sales)
  { key: 'quotes', path: '/sales/quotes', module: 'sales', label: 'sales.nav.quotes', icon: IconFileDollar, permission: 'quotes.view', component: lazy(() => import('../modules/sales/pages/QuotesPage')) },
  { key: 'orders', path: '/sales/orders', module: 'sales', label: 'sales.nav.orders', icon: IconReceipt, permission: 'orders.view', component: lazy(() => import('../modules/sales/pages/OrdersPage')) },
  { key: 'expenses', path: '/sales/expenses', module: 'sales', label: 'expenses.nav.expenses', icon: IconReceipt2, permission: 'expenses.view', component: lazy(() => import('../modules/expenses/pages/ExpensesPage')) },
  { key: 'expense-budgets', path: '/sales/expense-budgets', module: 'sales', label: 'expenses.nav.budgets', icon: IconWallet, permission: 'expenses.budget', component: lazy(() => import('../modules/expenses/pages/BudgetsPage')) },
  { key: 'plans', path: '/sales/plans', module: 'sales', label: 'plans.nav.plans', icon: IconTarget, permission: 'plans.view', component: lazy(() => import('../modules/plans/pages/PlansPage')) },

  // 产品仓库 warehouse: 产品资料 / 产品分类 (src/modules/catalogue)
  { key: 'products', path: '/warehouse/products', module: 'warehouse', label: 'catalogue.nav.products', icon: IconPackage, permission: 'catalogue.view', component: lazy(() => import('../modules/catalogue/pages/ProductsPage')) },
  { key: 'product-categories', path: '/warehouse/categories', module: 'warehouse', label: 'catalogue.nav.categories', icon: IconCategory, permission: 'catalogue.edit', component: lazy(() => import('../modules/catalogue/pages/CategoriesPage')) },
  { key: 'product-import', path: '/warehouse/products/import', module: 'warehouse', label: 'catalogue.nav.import', icon: IconFileImport, permission: 'catalogue.edit', component: lazy(() => import('../modules/catalogue/pages/ProductImportPage')) },

  // 系统设置 system
  { key: 'users', path: '/system/users', module: 'system', label: 'nav.users', icon: IconUsers, permission: 'system.users', component: lazy(() => import('../modules/system/pages/UsersPage')) },
  { key: 'roles', path: '/system/roles', module: 'system', label: 'nav.roles', icon: IconShieldLock, permission: 'system.roles', component: lazy(() => import('../modules/system/pages/RolesPage')) },
  { key: 'org', path: '/system/org', module: 'system', label: 'nav.org', icon: IconSitemap, permission: 'system.org', component: lazy(() => import('../modules/system/pages/OrgPage')) },
  { key: 'customer-settings', path: '/system/customer-settings', module: 'system', label: 'customers.nav.settings', icon: IconAdjustments, permission: 'system.settings', component: lazy(() => import('../modules/customers/pages/CustomerSettingsPage')) },
  { key: 'opportunity-stages', path: '/system/opportunity-stages', module: 'system', label: 'customers.nav.stages', icon: IconStairs, permission: 'system.settings', component: lazy(() => import('../modules/customers/pages/StagesPage')) },
  { key: 'numbering', path: '/system/numbering', module: 'system', label: 'sales.nav.numbering', icon: IconHash, permission: 'system.settings', component: lazy(() => import('../modules/sales/pages/NumberingPage')) },
  { key: 'approval-flows', path: '/system/approval-flows', module: 'system', label: 'approvals.nav.flows', icon: IconRouteSquare, permission: 'system.settings', component: lazy(() => import('../modules/approvals/pages/FlowsPage')) },
  { key: 'sync-settings', path: '/system/sync', module: 'system', label: 'sync.nav.settings', icon: IconCloudCog, permission: null, sidebarPermission: 'system.settings', component: lazy(() => import('../modules/sync/pages/SyncSettingsPage')) },
  { key: 'sync-inbox', path: '/system/sync-inbox', module: 'system', label: 'sync.nav.inbox', icon: IconGitCompare, permission: null, sidebarPermission: 'system.settings', component: lazy(() => import('../modules/sync/pages/ConflictInboxPage')) },
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
    .map((module) => ({ module, pages: PAGES.filter((p) => p.module === module && canOpen(p, permissions) && (!p.sidebarPermission || permissions.includes(p.sidebarPermission))) }))
    .filter((g) => g.pages.length > 0)
}
