import { couchRoles, orgFromDocs } from '../server/org-roles'
import type { PouchDoc } from '../sync/pouch'
import type { AgentCtx } from './context'
import { CouchError } from './couch'

/** Document types of lb_company whose change can change someone's CouchDB roles. */
export const ORG_TYPES = ['user', 'role', 'department'] as const

export function isOrgDocId(id: string): boolean {
  return ORG_TYPES.some((t) => id.startsWith(`${t}:`))
}

interface UserAccount { _id: string; _rev: string; name: string; roles: string[]; lb_user_id?: string }

/**
 * Keeps the `_users` roles of LaiBang accounts equal to what the org data in lb_company gives
 * (server/org-roles.ts, the same computation as `couch:setup`), so a changed role, data scope,
 * manager or department takes effect on the server without rerunning setup. Only accounts that
 * couch:setup created for a LaiBang user (`lb_user_id` equal to the user's id) are touched, and
 * only their `roles`; passwords and other fields stay. Needs the agent's role to be an admin of
 * `_users` (couch:setup sets that). Idempotent: compares before writing.
 * Returns the number of accounts updated.
 */
export async function syncRoles(c: AgentCtx): Promise<number> {
  const company = c.topology.companyDb
  const read = async (type: string) => {
    const out: (PouchDoc & Record<string, unknown>)[] = []
    for await (const d of c.couch.byPrefix(company, `${type}:`)) out.push(d as PouchDoc & Record<string, unknown>)
    return out
  }
  const org = orgFromDocs({ users: await read('user'), roles: await read('role'), departments: await read('department') })
  const want = couchRoles(org)
  let updated = 0
  for (const u of org.users) {
    const path = `/_users/${encodeURIComponent(`org.couchdb.user:${u.username}`)}`
    let acct: UserAccount
    try {
      const r = await c.couch.call<UserAccount>('GET', path, undefined, { allow: [404] })
      if (r.status === 404) continue // no account yet: couch:setup creates it (it needs a password)
      acct = r.json
    } catch (err) {
      // Not an admin of _users (setup not rerun since this feature): say so once per pass.
      if (err instanceof CouchError && (err.status === 401 || err.status === 403)) { c.log(`roles: cannot read _users (${err.reason}); rerun couch:setup`); return updated }
      throw err
    }
    if (acct.lb_user_id !== u.userId) continue
    const roles = want.get(u.userId) ?? []
    const have = [...(acct.roles ?? [])].sort()
    if (JSON.stringify(have) === JSON.stringify(roles)) continue
    const r = await c.couch.call('PUT', path, { ...acct, roles }, { allow: [409] })
    if (r.status === 409) continue // changed meanwhile: the next pass compares again
    updated++
    c.log(`roles ${u.username}: ${roles.join(', ') || 'none'}`)
  }
  return updated
}
