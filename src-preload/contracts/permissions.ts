/**
 * The permission catalogue: module groups (the sidebar), action permissions, data scopes and
 * the default roles. Shared by main (checks) and renderer (what to show); main is the authority.
 */
export const MODULES = ['office', 'customers', 'sales', 'marketing', 'warehouse', 'service', 'finance', 'analytics', 'system'] as const
export type ModuleKey = (typeof MODULES)[number]

export const PERMISSIONS = [
  'office.view',
  'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export',
  'sales.view', 'sales.quote', 'sales.order', 'sales.approve', 'sales.expense', 'sales.plan',
  // 客户报价 / 销售单 (shown under 销售管理; data scope `sales`): reverse = 红冲 an approved order.
  'quotes.view', 'quotes.edit', 'orders.view', 'orders.edit', 'orders.reverse',
  // 客户费用 / 办事处费用预算 and 销售计划 (under 销售管理; data scope `sales`): budget = set every office's budgets.
  'expenses.view', 'expenses.edit', 'expenses.budget', 'plans.view', 'plans.edit',
  'marketing.view', 'marketing.edit',
  'warehouse.view', 'warehouse.edit',
  // 产品资料 / 产品分类 (shown under 产品仓库): edit = 产品管理; viewCost = 最低价 and 标准成本.
  'catalogue.view', 'catalogue.edit', 'catalogue.viewCost', 'catalogue.export',
  'service.view', 'service.edit',
  'finance.view', 'finance.edit',
  'analytics.view',
  'system.users', 'system.roles', 'system.org', 'system.settings',
] as const
export type Permission = (typeof PERMISSIONS)[number]

/** Permission domains without a sidebar group of their own, and the group they appear in. */
const PERMISSION_GROUPS: Partial<Record<string, ModuleKey>> = { catalogue: 'warehouse', quotes: 'sales', orders: 'sales', expenses: 'sales', plans: 'sales' }
/** The sidebar module a permission belongs to (role editor grouping). */
export function permissionModule(p: Permission): ModuleKey {
  const domain = p.slice(0, p.indexOf('.'))
  return PERMISSION_GROUPS[domain] ?? (domain as ModuleKey)
}

/** The five data-scope levels: 本人 / 本人及下属 / 本部门 / 本部门及下属部门 / 全部. */
export const DATA_SCOPES = ['own', 'own_sub', 'dept', 'dept_sub', 'all'] as const
export type DataScope = (typeof DATA_SCOPES)[number]

/** Modules whose records have an owner and therefore a data scope. */
export const SCOPED_MODULES = ['customers', 'sales', 'service', 'finance', 'office'] as const
export type ScopedModule = (typeof SCOPED_MODULES)[number]
export type ScopeMap = Record<ScopedModule, DataScope>

export const BUILTIN_ROLES = [
  'salesperson', 'sales_manager', 'marketing_director', 'general_manager',
  'warehouse_clerk', 'finance_clerk', 'service_agent', 'administrator',
] as const
export type BuiltinRole = (typeof BUILTIN_ROLES)[number]

const all = (scope: DataScope): ScopeMap => ({ customers: scope, sales: scope, service: scope, finance: scope, office: scope })

export const DEFAULT_ROLES: Record<BuiltinRole, { permissions: readonly Permission[]; scopes: ScopeMap }> = {
  salesperson: {
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'sales.view', 'sales.quote', 'sales.order', 'sales.expense', 'marketing.view', 'warehouse.view',
      'catalogue.view', 'quotes.view', 'quotes.edit', 'orders.view', 'orders.edit', 'expenses.view', 'expenses.edit', 'plans.view'],
    scopes: all('own'),
  },
  sales_manager: {
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export',
      'sales.view', 'sales.quote', 'sales.order', 'sales.approve', 'sales.expense', 'sales.plan', 'marketing.view', 'warehouse.view', 'analytics.view',
      'catalogue.view', 'catalogue.viewCost', 'catalogue.export', 'quotes.view', 'quotes.edit', 'orders.view', 'orders.edit', 'orders.reverse',
      'expenses.view', 'expenses.edit', 'expenses.budget', 'plans.view', 'plans.edit'],
    scopes: all('own_sub'),
  },
  marketing_director: {
    permissions: ['office.view', 'customers.view', 'customers.export', 'sales.view', 'sales.approve', 'sales.plan', 'marketing.view', 'marketing.edit', 'warehouse.view', 'analytics.view',
      'catalogue.view', 'catalogue.viewCost', 'catalogue.export', 'quotes.view', 'orders.view',
      'expenses.view', 'expenses.budget', 'plans.view', 'plans.edit'],
    scopes: all('dept_sub'),
  },
  general_manager: {
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export',
      'sales.view', 'sales.quote', 'sales.order', 'sales.approve', 'sales.expense', 'sales.plan', 'marketing.view', 'marketing.edit',
      'warehouse.view', 'service.view', 'finance.view', 'analytics.view', 'catalogue.view', 'catalogue.viewCost', 'catalogue.export',
      'quotes.view', 'quotes.edit', 'orders.view', 'orders.edit', 'orders.reverse',
      'expenses.view', 'expenses.edit', 'expenses.budget', 'plans.view', 'plans.edit'],
    scopes: all('all'),
  },
  warehouse_clerk: {
    permissions: ['office.view', 'warehouse.view', 'warehouse.edit', 'sales.view', 'catalogue.view', 'catalogue.viewCost', 'catalogue.export', 'orders.view'],
    scopes: { ...all('own'), sales: 'all' },
  },
  finance_clerk: {
    permissions: ['office.view', 'customers.view', 'sales.view', 'finance.view', 'finance.edit', 'analytics.view', 'catalogue.view', 'catalogue.viewCost', 'catalogue.export', 'quotes.view', 'orders.view',
      'expenses.view', 'plans.view'],
    scopes: { ...all('all'), office: 'own' },
  },
  service_agent: {
    permissions: ['office.view', 'customers.view', 'service.view', 'service.edit', 'marketing.view', 'catalogue.view'],
    scopes: { ...all('all'), office: 'own' },
  },
  administrator: {
    permissions: PERMISSIONS,
    scopes: all('all'),
  },
}
