/**
 * Databases set up before the catalogue existed have built-in roles without catalogue.*
 * permissions (roles get their defaults once, at setup). Once per database, each built-in
 * role that has none of them gets its defaults (the administrator role must hold every
 * permission). Marked in local_meta so a role an administrator later strips stays stripped.
 */
import { sql } from 'drizzle-orm'
import { DEFAULT_ROLES, type BuiltinRole, type Permission } from '../../../src-preload/contracts/permissions'
import type { Db } from '../../core/db'
import type { Mutation } from '../../core/mutation'
import { roles } from '../auth/auth.table'

const MARKER = 'catalogue.roleDefaults.v1'

export function grantCatalogueDefaults(db: Db, mutation: Mutation, now: number): number {
  if (db.get<{ v: string } | undefined>(sql`SELECT value AS v FROM local_meta WHERE key = ${MARKER}`)) return 0
  const rows = db.all<{ id: string; code: string; permissions: string }>(sql`SELECT id, code, permissions FROM roles WHERE code IS NOT NULL AND deleted_at IS NULL`)
  let granted = 0
  const upgrades = rows.flatMap((r) => {
    const defaults = DEFAULT_ROLES[r.code as BuiltinRole]?.permissions.filter((p) => p.startsWith('catalogue.')) ?? []
    const current = JSON.parse(r.permissions) as Permission[]
    return defaults.length && !current.some((p) => p.startsWith('catalogue.')) ? [{ id: r.id, permissions: [...current, ...defaults] }] : []
  })
  if (upgrades.length) {
    mutation({ userId: null }, (w) => { for (const u of upgrades) w.update(roles, u.id, { permissions: u.permissions }) })
    granted = upgrades.length
  }
  // A fresh database (no roles yet) gets the current defaults at setup: nothing to upgrade later.
  db.run(sql`INSERT OR REPLACE INTO local_meta (key, value, updated_at) VALUES (${MARKER}, ${String(granted)}, ${now})`)
  return granted
}
