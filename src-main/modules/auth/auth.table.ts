import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { baseColumns } from '../../core/columns'
import type { DataScope, Permission, ScopedModule } from '../../../src-preload/contracts/permissions'

export const company = sqliteTable('company', {
  ...baseColumns(),
  name: text('name').notNull(),
})

export const departments = sqliteTable('departments', {
  ...baseColumns(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
  sort: integer('sort').notNull().default(0),
}, (t) => [index('departments_parent').on(t.parentId)])

/** 办事处: sales offices, usually per region; expense budgets and plans attach to them later. */
export const offices = sqliteTable('offices', {
  ...baseColumns(),
  name: text('name').notNull(),
  region: text('region'),
  departmentId: text('department_id'),
})

export const roles = sqliteTable('roles', {
  ...baseColumns(),
  /** Built-in role code (salesperson, administrator, ...); null for roles an administrator added. */
  code: text('code'),
  name: text('name').notNull(),
  permissions: text('permissions', { mode: 'json' }).$type<Permission[]>().notNull(),
  scopes: text('scopes', { mode: 'json' }).$type<Record<ScopedModule, DataScope>>().notNull(),
}, (t) => [uniqueIndex('roles_code').on(t.code)])

export const users = sqliteTable('users', {
  ...baseColumns(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  phone: text('phone'),
  title: text('title'),
  roleId: text('role_id').notNull(),
  departmentId: text('department_id'),
  officeId: text('office_id'),
  /** Who this user reports to (汇报对象); drives 本人及下属 scope and 主管 approval steps. */
  managerId: text('manager_id'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
}, (t) => [uniqueIndex('users_username').on(t.username), index('users_manager').on(t.managerId), index('users_department').on(t.departmentId)])

/** Password hashes, kept apart from the public profile so they can be replicated separately. */
export const userCredentials = sqliteTable('user_credentials', {
  ...baseColumns(),
  userId: text('user_id').notNull(),
  passwordHash: text('password_hash').notNull(),
}, (t) => [uniqueIndex('user_credentials_user').on(t.userId)])

/** Device-local login state: failed attempts, lockout and last login. Never synced. */
export const loginState = sqliteTable('login_state', {
  userId: text('user_id').primaryKey(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: integer('locked_until'),
  lastLoginAt: integer('last_login_at'),
})
