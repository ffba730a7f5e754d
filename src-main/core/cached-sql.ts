import type { Statement } from 'better-sqlite3'
import type { SQL } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import type { Db, Sqlite } from './db'

/**
 * Read queries written with drizzle's sql`…`, run through statements prepared once per SQL text
 * and connection. `db.all(sql`…`)` compiles a new statement on every call, which for the
 * queries a customer page runs (timeline sources, follow-ups, opportunities) cost as much as
 * executing them (issue 6 benchmark, contract-path overhead). A query whose text depends only
 * on its shape (values bound as parameters) gives one statement per shape.
 */
export interface CachedSql {
  all<T>(query: SQL): T[]
  get<T>(query: SQL): T | undefined
  /** Rows as arrays of column values, in SELECT order (no row object per row, for mapping by hand). */
  values<T extends unknown[]>(query: SQL): T[]
}

const dialect = new SQLiteSyncDialect()
const byConnection = new WeakMap<Sqlite, CachedSql>()
/** Shapes are few (one per filter combination); the bound only guards against a runaway caller. */
const MAX_STATEMENTS = 300

/**
 * The connection behind a drizzle database: drizzle() returns it as `$client`, which the `Db`
 * alias does not carry (transactions are typed as Db too and have none: pass the app's db).
 */
export function cachedSqlOf(db: Db): CachedSql {
  const client = (db as Db & { $client?: Sqlite }).$client
  if (!client) throw new Error('cachedSqlOf: not a better-sqlite3 drizzle database')
  return cachedSql(client)
}

export function cachedSql(sqlite: Sqlite): CachedSql {
  let c = byConnection.get(sqlite)
  if (c) return c
  const cache = new Map<string, Statement>()
  const prepared = (query: SQL, raw = false): { st: Statement; params: unknown[] } => {
    const q = dialect.sqlToQuery(query)
    const key = raw ? `raw:${q.sql}` : q.sql
    let st = cache.get(key)
    if (!st) {
      if (cache.size >= MAX_STATEMENTS) cache.clear()
      st = sqlite.prepare(q.sql)
      if (raw) st.raw(true)
      cache.set(key, st)
    }
    return { st, params: q.params }
  }
  c = {
    all: <T>(query: SQL) => { const p = prepared(query); return p.st.all(...p.params) as T[] },
    get: <T>(query: SQL) => { const p = prepared(query); return p.st.get(...p.params) as T | undefined },
    values: <T extends unknown[]>(query: SQL) => { const p = prepared(query, true); return p.st.all(...p.params) as T[] },
  }
  byConnection.set(sqlite, c)
  return c
}
