import { COMPANY_DB, homesOf, POOL_DB, POOL_HIDDEN_DB, routeOf, USER_DB_PREFIX } from '../sync/topology-names'

/**
 * Which databases the agent follows and where a document belongs. Production: the layout of
 * topology-names.ts (lb_company, lb_pool, lb_pool_hidden, lb_u_<user>), discovered with
 * `_all_dbs`. A single shared database (today's device setting, and `--db <name>`): everything
 * lives in it, nothing is ever moved.
 */
export interface AgentTopology {
  /** Which of the server's databases to follow. */
  follows(db: string): boolean
  /** Fixed list (no discovery), or null to discover with `_all_dbs`. */
  readonly fixed: readonly string[] | null
  readonly companyDb: string
  readonly poolDb: string
  /** Where children of pool customers wait; null when there is no such database. */
  readonly hiddenDb: string | null
  /** Whether documents can sit in the wrong database (rule 2 runs only then). */
  readonly relocates: boolean
  /** Where a document with this routing metadata belongs. */
  route(doc: { lb?: { type?: string; owner?: string | null } }): string
  /** Every database the document belongs in (its route, then readers' databases: approvals). */
  homes(doc: { lb?: { type?: string; owner?: string | null; readers?: unknown } }): string[]
}

export const productionTopology: AgentTopology = {
  follows: (db) => db === COMPANY_DB || db === POOL_DB || db === POOL_HIDDEN_DB || db.startsWith(USER_DB_PREFIX),
  fixed: null,
  companyDb: COMPANY_DB,
  poolDb: POOL_DB,
  hiddenDb: POOL_HIDDEN_DB,
  relocates: true,
  route: routeOf,
  homes: homesOf,
}

export function singleDatabaseTopology(db: string): AgentTopology {
  return { follows: (d) => d === db, fixed: [db], companyDb: db, poolDb: db, hiddenDb: null, relocates: false, route: () => db, homes: () => [db] }
}

/** The database of a user's customers (or the pool's, for null). */
export function customerDb(t: AgentTopology, ownerId: string | null): string {
  return t.route({ lb: { type: 'customer', owner: ownerId } })
}
