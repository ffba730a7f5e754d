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
  'marketing.view', 'marketing.edit',
  'warehouse.view', 'warehouse.edit',
  'service.view', 'service.edit',
  'finance.view', 'finance.edit',
  'analytics.view',
  'system.users', 'system.roles', 'system.org', 'system.settings',
] as const
export type Permission = (typeof PERMISSIONS)[number]

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
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'sales.view', 'sales.quote', 'sales.order', 'sales.expense', 'marketing.view', 'warehouse.view'],
    scopes: all('own'),
  },
  sales_manager: {
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export',
      'sales.view', 'sales.quote', 'sales.order', 'sales.approve', 'sales.expense', 'sales.plan', 'marketing.view', 'warehouse.view', 'analytics.view'],
    scopes: all('own_sub'),
  },
  marketing_director: {
    permissions: ['office.view', 'customers.view', 'customers.export', 'sales.view', 'sales.approve', 'sales.plan', 'marketing.view', 'marketing.edit', 'warehouse.view', 'analytics.view'],
    scopes: all('dept_sub'),
  },
  general_manager: {
    permissions: ['office.view', 'customers.view', 'customers.create', 'customers.edit', 'customers.delete', 'customers.assign', 'customers.import', 'customers.export',
      'sales.view', 'sales.quote', 'sales.order', 'sales.approve', 'sales.expense', 'sales.plan', 'marketing.view', 'marketing.edit',
      'warehouse.view', 'service.view', 'finance.view', 'analytics.view'],
    scopes: all('all'),
  },
  warehouse_clerk: {
    permissions: ['office.view', 'warehouse.view', 'warehouse.edit', 'sales.view'],
    scopes: { ...all('own'), sales: 'all' },
  },
  finance_clerk: {
    permissions: ['office.view', 'customers.view', 'sales.view', 'finance.view', 'finance.edit', 'analytics.view'],
    scopes: { ...all('all'), office: 'own' },
  },
  service_agent: {
    permissions: ['office.view', 'customers.view', 'service.view', 'service.edit', 'marketing.view'],
    scopes: { ...all('all'), office: 'own' },
  },
  administrator: {
    permissions: PERMISSIONS,
    scopes: all('all'),
  },
}
