/**
 * Databases set up before quotes and orders existed have built-in roles without quotes.* /
 * orders.* permissions (roles get their defaults once, at setup). Once per database, each
 * built-in role that has none of them gets its defaults; marked in local_meta so a role an
 * administrator later strips stays stripped (as catalogue/role-defaults.ts).
 */
import { sql } from 'drizzle-orm'
import { DEFAULT_ROLES, type BuiltinRole, type Permission } from '../../../src-preload/contracts/permissions'
import type { Db } from '../../core/db'
import type { Mutation } from '../../core/mutation'
import { roles } from '../auth/auth.table'

const MARKER = 'sales.roleDefaults.v1'
const ours = (p: string) => p.startsWith('quotes.') || p.startsWith('orders.')

export function grantSalesDefaults(db: Db, mutation: Mutation, now: number): number {
  if (db.get<{ v: string } | undefined>(sql`SELECT value AS v FROM local_meta WHERE key = ${MARKER}`)) return 0
  const rows = db.all<{ id: string; code: string; permissions: string }>(sql`SELECT id, code, permissions FROM roles WHERE code IS NOT NULL AND deleted_at IS NULL`)
  const upgrades = rows.flatMap((r) => {
    const defaults = DEFAULT_ROLES[r.code as BuiltinRole]?.permissions.filter(ours) ?? []
    const current = JSON.parse(r.permissions) as Permission[]
    return defaults.length && !current.some(ours) ? [{ id: r.id, permissions: [...current, ...defaults] }] : []
  })
  if (upgrades.length) mutation({ userId: null }, (w) => { for (const u of upgrades) w.update(roles, u.id, { permissions: u.permissions }) })
  db.run(sql`INSERT OR REPLACE INTO local_meta (key, value, updated_at) VALUES (${MARKER}, ${String(upgrades.length)}, ${now})`)
  return upgrades.length
}
