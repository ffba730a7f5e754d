/**
 * Databases set up before a module existed have built-in roles without that module's
 * permissions (roles get their defaults once, at setup). Once per database and module, each
 * built-in role that holds none of the module's permissions gets its defaults; marked in
 * local_meta so a role an administrator later strips stays stripped. A fresh database (no
 * roles yet) is only marked: setup gives it the current defaults.
 */
import { sql } from 'drizzle-orm'
import { DEFAULT_ROLES, type BuiltinRole, type Permission } from '../../../src-preload/contracts/permissions'
import type { Db } from '../../core/db'
import type { Mutation } from '../../core/mutation'
import { roles } from './auth.table'

export function grantRoleDefaultsOnce(db: Db, mutation: Mutation, now: number, marker: string, prefixes: readonly string[]): number {
  if (db.get<{ v: string } | undefined>(sql`SELECT value AS v FROM local_meta WHERE key = ${marker}`)) return 0
  const ours = (p: string) => prefixes.some((x) => p.startsWith(x))
  const rows = db.all<{ id: string; code: string; permissions: string }>(sql`SELECT id, code, permissions FROM roles WHERE code IS NOT NULL AND deleted_at IS NULL`)
  const upgrades = rows.flatMap((r) => {
    const defaults = DEFAULT_ROLES[r.code as BuiltinRole]?.permissions.filter(ours) ?? []
    const current = JSON.parse(r.permissions) as Permission[]
    return defaults.length && !current.some(ours) ? [{ id: r.id, permissions: [...current, ...defaults] }] : []
  })
  if (upgrades.length) mutation({ userId: null }, (w) => { for (const u of upgrades) w.update(roles, u.id, { permissions: u.permissions }) })
  db.run(sql`INSERT OR REPLACE INTO local_meta (key, value, updated_at) VALUES (${marker}, ${String(upgrades.length)}, ${now})`)
  return upgrades.length
}
