import { COMPANY_DB, COUCH_ROLES, POOL_DB, POOL_HIDDEN_DB, readsRole, userDb, userRole } from '../sync/topology-names'
import { couchRoles, type OrgData, type OrgUser } from './org-roles'
import { designDoc, isVersion, minVersionOf } from './validate'

/**
 * `npm run couch:setup`: prepares an Apache CouchDB 3.x (or the in-process test server) for
 * LaiBang sync — databases, `_security`, `_design/laibang` (validate_doc_update), `_users`
 * documents with roles, the agent account. Idempotent: each step compares with what the server
 * has and says `created`, `updated` or `unchanged`; a second run changes nothing. Never prints a
 * password and never makes one up: an account without a password in users.json is not created.
 */
export interface SetupUser {
  username: string
  userId: string
  /** Only used when the account is created (an existing password is never replaced). */
  password?: string
  /** Extra switches for users not (yet) in lb_company. */
  admin?: boolean
  pool?: boolean
  assign?: boolean
  /** User ids whose databases this user reads, or 'all'. */
  reads?: string[] | 'all'
}

export interface SetupOptions {
  url: string
  admin: { username: string; password: string }
  users?: SetupUser[]
  /** Raise (or set) the minimum app version; absent keeps the server's current one (0.0.0 at first). */
  minAppVersion?: string
  agent?: { username: string; password?: string }
  log?: (line: string) => void
}

export interface SetupReport { changed: number; unchanged: number; lines: string[]; users: { username: string; userId: string; roles: string[] }[] }

type Json = Record<string, unknown>

export async function setupCouch(o: SetupOptions): Promise<SetupReport> {
  const base = o.url.replace(/\/+$/, '')
  const auth = `Basic ${Buffer.from(`${o.admin.username}:${o.admin.password}`).toString('base64')}`
  const report: SetupReport = { changed: 0, unchanged: 0, lines: [], users: [] }
  const say = (status: 'created' | 'updated' | 'unchanged' | 'skipped', what: string) => {
    if (status === 'unchanged') report.unchanged++
    else if (status !== 'skipped') report.changed++
    const line = `${status.padEnd(9)} ${what}`
    report.lines.push(line)
    o.log?.(line)
  }
  const http = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { authorization: auth, accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000),
    })
    const text = await res.text()
    let json: Json = {}
    try { json = JSON.parse(text) as Json } catch { json = { text } }
    return { status: res.status, json }
  }
  const must = async (method: string, path: string, body?: unknown, ok: number[] = []) => {
    const r = await http(method, path, body)
    if (r.status >= 300 && !ok.includes(r.status)) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`)
    return r
  }
  const db = (name: string) => `/${encodeURIComponent(name)}`

  const session = await must('GET', '/_session')
  const ctx = (session.json.userCtx ?? {}) as { roles?: string[] }
  if (!ctx.roles?.includes('_admin')) throw new Error('the given account is not a CouchDB server admin')

  async function ensureDb(name: string): Promise<void> {
    const r = await http('PUT', db(name))
    if (r.status === 201 || r.status === 202) say('created', `database ${name}`)
    else if (r.status === 412) say('unchanged', `database ${name}`)
    else throw new Error(`PUT ${name}: HTTP ${r.status} ${JSON.stringify(r.json)}`)
  }
  async function ensureSecurity(name: string, memberRoles: string[]): Promise<void> {
    const want = { admins: { names: [], roles: [] }, members: { names: [], roles: [...memberRoles].sort() } }
    const cur = (await must('GET', `${db(name)}/_security`)).json as { members?: { names?: string[]; roles?: string[] }; admins?: { names?: string[]; roles?: string[] } }
    const same = JSON.stringify([...(cur.members?.roles ?? [])].sort()) === JSON.stringify(want.members.roles) && (cur.members?.names ?? []).length === 0
      && (cur.admins?.names ?? []).length === 0 && (cur.admins?.roles ?? []).length === 0
    if (same) { say('unchanged', `_security of ${name}`); return }
    await must('PUT', `${db(name)}/_security`, want)
    say('updated', `_security of ${name} (members: ${want.members.roles.join(', ')})`)
  }
  let minVersion = o.minAppVersion
  if (minVersion !== undefined && !isVersion(minVersion)) throw new Error(`--min-app-version must look like 1.2.3, not ${minVersion}`)
  async function ensureDesign(name: string): Promise<void> {
    const cur = await http('GET', `${db(name)}/_design/laibang`)
    const existing = cur.status === 200 ? cur.json : null
    const want = designDoc({ minAppVersion: minVersion ?? minVersionOf(existing) ?? '0.0.0' })
    if (existing && existing.validate_doc_update === want.validate_doc_update && existing.lb_min_app_version === want.lb_min_app_version) {
      say('unchanged', `_design/laibang in ${name}`)
      return
    }
    await must('PUT', `${db(name)}/_design/laibang`, existing ? { ...want, _rev: existing._rev } : want)
    say(existing ? 'updated' : 'created', `_design/laibang in ${name} (minimum app version ${want.lb_min_app_version})`)
  }

  // System databases a fresh single node may lack (CouchDB 3 does not create them by itself).
  for (const sys of ['_users', '_replicator']) {
    const r = await http('PUT', db(sys))
    if (r.status === 201 || r.status === 202) say('created', `database ${sys}`)
    else if (r.status !== 412) o.log?.(`warning   ${sys}: HTTP ${r.status}`)
  }

  await ensureDb(COMPANY_DB)
  await ensureSecurity(COMPANY_DB, [COUCH_ROLES.member, COUCH_ROLES.agent])
  // Without a minimum given, a rerun keeps the one lb_company already enforces for every database.
  if (minVersion === undefined) {
    const cur = await http('GET', `${db(COMPANY_DB)}/_design/laibang`)
    minVersion = (cur.status === 200 ? minVersionOf(cur.json) : null) ?? '0.0.0'
  }
  await ensureDesign(COMPANY_DB)
  await ensureDb(POOL_DB)
  await ensureSecurity(POOL_DB, [COUCH_ROLES.pool, COUCH_ROLES.agent])
  await ensureDesign(POOL_DB)
  await ensureDb(POOL_HIDDEN_DB)
  await ensureSecurity(POOL_HIDDEN_DB, [COUCH_ROLES.readsAll, COUCH_ROLES.agent])
  await ensureDesign(POOL_HIDDEN_DB)

  // Users: the org data in lb_company (if any) decides roles; users.json adds accounts/passwords.
  const org = await readOrg(http)
  const fileUsers = o.users ?? []
  for (const f of fileUsers) {
    if (!org.users.some((u) => u.userId === f.userId.toLowerCase())) org.users.push({ userId: f.userId.toLowerCase(), username: f.username })
  }
  const roles = couchRoles(org)
  for (const f of fileUsers) {
    const id = f.userId.toLowerCase()
    const r = new Set(roles.get(id) ?? [])
    if (f.admin) r.add(COUCH_ROLES.admin)
    if (f.pool) r.add(COUCH_ROLES.pool)
    if (f.assign) r.add(COUCH_ROLES.assign)
    if (f.reads === 'all') r.add(COUCH_ROLES.readsAll)
    else for (const x of f.reads ?? []) if (x.toLowerCase() !== id) r.add(readsRole(x))
    roles.set(id, [...r].sort())
  }
  const passwords = new Map(fileUsers.filter((f) => f.password).map((f) => [f.username, f.password!]))
  for (const u of org.users) {
    await ensureDb(userDb(u.userId))
    await ensureSecurity(userDb(u.userId), [userRole(u.userId), readsRole(u.userId), COUCH_ROLES.readsAll, COUCH_ROLES.agent])
    await ensureDesign(userDb(u.userId))
    const want = roles.get(u.userId) ?? []
    await ensureAccount(u.username, want, passwords.get(u.username), { lb_user_id: u.userId })
    report.users.push({ username: u.username, userId: u.userId, roles: want })
  }
  if (o.agent) await ensureAccount(o.agent.username, [COUCH_ROLES.agent], o.agent.password, {})
  else o.log?.('note      no agent account given (--agent-user, COUCH_AGENT_USER / COUCH_AGENT_PASSWORD)')

  async function ensureAccount(name: string, want: string[], password: string | undefined, extra: Json): Promise<void> {
    const path = `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`
    const cur = await http('GET', path)
    if (cur.status === 200) {
      const have = [...((cur.json.roles as string[] | undefined) ?? [])].sort()
      const sameExtra = Object.entries(extra).every(([k, v]) => cur.json[k] === v)
      if (JSON.stringify(have) === JSON.stringify(want) && sameExtra) { say('unchanged', `account ${name}`); return }
      // Keeps the stored password (derived_key, salt): only roles and LaiBang fields change.
      await must('PUT', path, { ...cur.json, ...extra, roles: want })
      say('updated', `account ${name} (roles: ${want.join(', ') || 'none'})`)
      return
    }
    if (!password) { say('skipped', `account ${name}: no password given in the users file, not created`); return }
    await must('PUT', path, { _id: `org.couchdb.user:${name}`, name, type: 'user', roles: want, password, ...extra })
    say('created', `account ${name} (roles: ${want.join(', ') || 'none'}; password from the users file)`)
  }
  return report
}

/** Users, roles and departments from lb_company documents (the app's org data), if any. */
async function readOrg(http: (m: string, p: string) => Promise<{ status: number; json: Json }>): Promise<OrgData> {
  const org: OrgData = { users: [], roles: [], departments: [] }
  const range = async (type: string): Promise<Json[]> => {
    const q = `startkey=${encodeURIComponent(JSON.stringify(`${type}:`))}&endkey=${encodeURIComponent(JSON.stringify(`${type}:\ufff0`))}&include_docs=true`
    const r = await http('GET', `/${COMPANY_DB}/_all_docs?${q}`)
    if (r.status !== 200) return []
    return ((r.json.rows as { doc?: Json }[] | undefined) ?? []).map((x) => x.doc).filter((d): d is Json => !!d && d.deletedAt == null)
  }
  const idOf = (d: Json) => String(d._id).slice(String(d._id).indexOf(':') + 1).toLowerCase()
  for (const d of await range('user')) {
    if (typeof d.username !== 'string') continue
    const u: OrgUser = { userId: idOf(d), username: d.username, disabled: d.disabled === true, roleId: (d.roleId as string | null) ?? null, departmentId: (d.departmentId as string | null) ?? null, managerId: (d.managerId as string | null) ?? null }
    org.users.push(u)
  }
  for (const d of await range('role')) org.roles.push({ id: idOf(d), permissions: (d.permissions as string[] | undefined) ?? [], scopes: (d.scopes as Record<string, string> | undefined) ?? {} })
  for (const d of await range('department')) org.departments.push({ id: idOf(d), parentId: (d.parentId as string | null) ?? null })
  // Ids in documents are as the app wrote them; compare lowercase like the database names.
  for (const u of org.users) { u.roleId = u.roleId?.toLowerCase() ?? null; u.departmentId = u.departmentId?.toLowerCase() ?? null; u.managerId = u.managerId?.toLowerCase() ?? null }
  for (const d of org.departments) d.parentId = d.parentId?.toLowerCase() ?? null
  return org
}
