/**
 * Database names of the production topology (docs/SYNC.md, "Topology"). Shared by the device
 * router, `npm run couch:setup` and the server agent, so all three agree on where a document
 * lives. CouchDB database names: lowercase letter first, then [a-z0-9_$()+/-].
 *
 * - `lb_company`: organisation and settings documents every member reads (users' public
 *   profiles, roles, departments, offices, levels, fields, stages, pool rules, catalogue,
 *   numbering rules). Written by administrators and the agent only.
 * - `lb_pool`: 公海 customers (no owner) and claims. Every salesperson reads it; contact details
 *   of pool customers never go there (they are hidden until claimed).
 * - `lb_pool_hidden`: children of pool customers (contacts, follow-ups, …) while the customer is
 *   in the pool; only the agent and users whose scope is 全部 read it.
 * - `lb_u_<userId>`: everything a user owns (customers and their children). Readers: the owner,
 *   everyone whose data scope covers the owner, the agent.
 */
export const COMPANY_DB = 'lb_company'
/**
 * `lb_cost`: company data only users with catalogue.viewCost may read (最低价 and 标准成本:
 * product_cost documents). Written by administrators (`lb_admin`), read with the `lb_cost` role.
 */
export const COST_DB = 'lb_cost'
/** Company document types that live in lb_cost instead of lb_company. */
export const COST_TYPES: ReadonlySet<string> = new Set(['product_cost'])
export const POOL_DB = 'lb_pool'
export const POOL_HIDDEN_DB = 'lb_pool_hidden'
export const USER_DB_PREFIX = 'lb_u_'

/** Role names in CouchDB `_users` documents. */
export const COUCH_ROLES = {
  /** Every LaiBang user. */
  member: 'lb_member',
  /** Administrators (may write lb_company). */
  admin: 'lb_admin',
  /** The server agent's account. */
  agent: 'lb_agent',
  /** Users whose role has customers.view: read and write lb_pool. */
  pool: 'lb_pool',
  /** Users whose role has customers.assign: may hand a record to an owner outside their scope. */
  assign: 'lb_assign',
  /** Users whose customers scope is 全部: read every user database and lb_pool_hidden. */
  readsAll: 'lb_reads_all',
  /** Users whose role has catalogue.viewCost: read lb_cost. */
  cost: 'lb_cost',
} as const

/** Prefix of the role that lets a user read (and write) another user's database. */
export const READS_ROLE_PREFIX = 'lb_reads_'
/** The role granting access to `lb_u_<ownerId>` (given to everyone whose scope covers the owner). */
export function readsRole(ownerId: string): string { return `${READS_ROLE_PREFIX}${ownerId.toLowerCase()}` }

/** Prefix of the CouchDB role naming a LaiBang user id. */
export const USER_ROLE_PREFIX = 'lb_user_'
/** The CouchDB role naming a LaiBang user id (one per user, set on their `_users` doc). */
export function userRole(userId: string): string { return `${USER_ROLE_PREFIX}${userId.toLowerCase()}` }

export function userDb(userId: string): string {
  const id = userId.toLowerCase()
  if (!/^[0-9a-f-]{1,64}$/.test(id)) throw new Error(`not a user id: ${userId}`)
  return `${USER_DB_PREFIX}${id}`
}

/** The user id of a per-user database name, or null. */
export function userOfDb(db: string): string | null {
  return db.startsWith(USER_DB_PREFIX) ? db.slice(USER_DB_PREFIX.length) : null
}

/**
 * Document types that live in lb_pool while their record has no owner. `customer_transfer`: the
 * release / reclaim record is written by the salesperson's device, which cannot write
 * lb_pool_hidden (CouchDB has no write-only members), and says no more than the pool list does
 * (previous owner, when, the reason given).
 */
export const POOL_VISIBLE_TYPES: ReadonlySet<string> = new Set(['customer', 'customer_transfer', 'pool_claim'])

/**
 * The database a document belongs to, from its metadata alone (so the device router, the
 * server's validate_doc_update and the agent all decide the same way): `lb.owner` is stamped by
 * the outbox pump for tables partitioned by owner (a customer's owner; for a customer's children,
 * the customer's owner). No `owner` key → company data. `owner: null` → the 公海.
 */
/**
 * The tombstone the server agent writes when it moves a document out of `fromDb` (reassigned):
 * a deletion that still says what it was (`lb.type`, `lb.owner` = the old routing, so it routes
 * to `fromDb`) and where it went (`lb.moved`). Devices use the marker to hand a concurrent
 * offline edit of the old owner to the server's judgement (sync/purge.ts), and the server's
 * validate_doc_update refuses writes on top of it.
 */
export function movedTombstone(leaf: { _id: string; _rev?: string; lb?: { type?: string; owner?: string | null } }, toDb: string): { _id: string; _rev?: string; _deleted: true; lb: { type: string; owner: string | null; moved: string } } {
  return { _id: leaf._id, _rev: leaf._rev, _deleted: true, lb: { type: leaf.lb?.type ?? '', owner: leaf.lb?.owner ?? null, moved: toDb } }
}

/**
 * Types whose documents may live in more than one user database: the owner's (`routeOf`) and
 * those of the users named in `lb.readers` — approvals, which their approvers must see even
 * outside their data scope. The server agent keeps the copies equal (agent/fanout.ts).
 */
export const READER_TYPES: ReadonlySet<string> = new Set(['approval_instance', 'approval_decision', 'activity'])

/** Every database a document belongs in: its route first, then its readers' databases. */
export function homesOf(doc: { lb?: { type?: string; owner?: string | null; readers?: unknown } }): string[] {
  const home = routeOf(doc)
  const readers = doc.lb?.readers
  if (!READER_TYPES.has(doc.lb?.type ?? '') || !Array.isArray(readers)) return [home]
  const out = [home]
  for (const r of readers) {
    if (typeof r !== 'string' || !/^[0-9a-fA-F-]{1,64}$/.test(r)) continue
    const db = userDb(r)
    if (!out.includes(db)) out.push(db)
  }
  return out
}

export function routeOf(doc: { lb?: { type?: string; owner?: string | null } }): string {
  const lb = doc.lb
  if (!lb || !('owner' in lb) || lb.owner === undefined) return COST_TYPES.has(lb?.type ?? '') ? COST_DB : COMPANY_DB
  if (lb.owner === null) return POOL_VISIBLE_TYPES.has(lb.type ?? '') ? POOL_DB : POOL_HIDDEN_DB
  return userDb(lb.owner)
}
