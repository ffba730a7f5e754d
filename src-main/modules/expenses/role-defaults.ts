/** expenses.* / plans.* permissions for databases set up before the module existed (auth/role-defaults.ts). */
import type { Db } from '../../core/db'
import type { Mutation } from '../../core/mutation'
import { grantRoleDefaultsOnce } from '../auth/role-defaults'

export function grantExpensesPlansDefaults(db: Db, mutation: Mutation, now: number): number {
  return grantRoleDefaultsOnce(db, mutation, now, 'expenses.roleDefaults.v1', ['expenses.', 'plans.'])
}
