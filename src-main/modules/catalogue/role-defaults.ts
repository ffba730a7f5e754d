/** catalogue.* permissions for databases set up before the module existed (auth/role-defaults.ts). */
import type { Db } from '../../core/db'
import type { Mutation } from '../../core/mutation'
import { grantRoleDefaultsOnce } from '../auth/role-defaults'

export function grantCatalogueDefaults(db: Db, mutation: Mutation, now: number): number {
  return grantRoleDefaultsOnce(db, mutation, now, 'catalogue.roleDefaults.v1', ['catalogue.'])
}
