import { COMPANY_DB, COST_DB, COST_TYPES, COUCH_ROLES, POOL_DB, POOL_HIDDEN_DB, readsRole, userDb, userRole } from '../sync/topology-names'
import { couchRoles, orgFromDocs, type OrgData } from './org-roles'
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
    if (existing && existing.validate_doc_update === want.validate_doc_update && existing.lb_min_app_version === want.lb_min_app_version
      && JSON.stringify(existing.views ?? null) === JSON.stringify(want.views)) {
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

  // The agent keeps accounts' roles current between setup runs (agent/roles.ts): CouchDB lets
  // admins of _users (by role) change other users' roles — never system roles (`_…`).
  {
    const cur = (await must('GET', '/_users/_security')).json as { admins?: { names?: string[]; roles?: string[] }; members?: unknown }
    const roles = cur.admins?.roles ?? []
    if (roles.includes(COUCH_ROLES.agent)) say('unchanged', '_security of _users')
    else {
      await must('PUT', '/_users/_security', { ...cur, admins: { names: cur.admins?.names ?? [], roles: [...roles, COUCH_ROLES.agent] } })
      say('updated', `_security of _users (admins: ${[...roles, COUCH_ROLES.agent].join(', ')})`)
    }
  }

  await ensureDb(COMPANY_DB)
  await ensureSecurity(COMPANY_DB, [COUCH_ROLES.member, COUCH_ROLES.agent])
  // Without a minimum given, a rerun keeps the one lb_company already enforces for every database.
  if (minVersion === undefined) {
    const cur = await http('GET', `${db(COMPANY_DB)}/_design/laibang`)
    minVersion = (cur.status === 200 ? minVersionOf(cur.json) : null) ?? '0.0.0'
  }
  await ensureDesign(COMPANY_DB)
  await ensureDb(COST_DB)
  await ensureSecurity(COST_DB, [COUCH_ROLES.cost, COUCH_ROLES.agent])
  await ensureDesign(COST_DB)
  await moveCostDocs()
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
    if (f.admin) { r.add(COUCH_ROLES.admin); r.add(COUCH_ROLES.cost) }
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

  /**
   * Cost documents pushed to lb_company by apps from before lb_cost existed: copied into lb_cost
   * with their history, then deleted in lb_company, so devices without the cost permission drop
   * them (the tombstone) and the others keep them (lb_cost's live copy wins).
   */
  async function moveCostDocs(): Promise<void> {
    for (const type of COST_TYPES) {
      const q = `startkey=${encodeURIComponent(JSON.stringify(`${type}:`))}&endkey=${encodeURIComponent(JSON.stringify(`${type}:\ufff0`))}`
      const rows = ((await must('GET', `${db(COMPANY_DB)}/_all_docs?${q}`)).json.rows as { id: string; value: { rev: string } }[] | undefined) ?? []
      for (const row of rows) {
        const leaves = ((await must('GET', `${db(COMPANY_DB)}/${encodeURIComponent(row.id)}?open_revs=all&revs=true`)).json as unknown as { ok?: Json }[])
          .map((x) => x.ok).filter((d): d is Json => !!d)
        await must('POST', `${db(COST_DB)}/_bulk_docs`, { docs: leaves, new_edits: false })
        await must('POST', `${db(COMPANY_DB)}/_bulk_docs`, { docs: leaves.filter((l) => !l._deleted).map((l) => ({ _id: l._id, _rev: l._rev, _deleted: true })) })
      }
      if (rows.length) say('updated', `${rows.length} ${type} documents moved from ${COMPANY_DB} to ${COST_DB}`)
    }
  }

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
  const range = async (type: string): Promise<(Json & { _id: string })[]> => {
    const q = `startkey=${encodeURIComponent(JSON.stringify(`${type}:`))}&endkey=${encodeURIComponent(JSON.stringify(`${type}:\ufff0`))}&include_docs=true`
    const r = await http('GET', `/${COMPANY_DB}/_all_docs?${q}`)
    if (r.status !== 200) return []
    return ((r.json.rows as { doc?: Json }[] | undefined) ?? []).map((x) => x.doc).filter((d): d is Json & { _id: string } => !!d && typeof d._id === 'string')
  }
  return orgFromDocs({ users: await range('user'), roles: await range('role'), departments: await range('department') })
}
