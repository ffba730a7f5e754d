/**
 * The raw baseline of a contract call, made of exactly the SQL the call runs: one warm call is
 * traced (every statement executed, with its bound parameters), then the same statements are
 * prepared once and replayed as plain better-sqlite3 calls (rows as arrays, no mapping). So the
 * baseline does all the SQL work the user's answer needs — counts, scope filter, owner names,
 * primary contacts, sync markers — and the difference to the contract call is what the contract
 * path adds around it: transport, validation, permission checks, statement building, mapping.
 *
 * Left out of the replay: the auth-version counter read (temp.laibang_auth_version), which
 * is the permission cache's own bookkeeping, i.e. contract-path overhead, not the query; and
 * repeats of a statement with the same parameters within one call.
 */
import type { Database, Statement } from 'better-sqlite3'

export interface TracedStatement { sql: string; method: 'get' | 'all' | 'run'; params: unknown[] }

type Exec = (this: Statement, ...params: unknown[]) => unknown

/** Runs `fn` once and returns the statements it executed on `sqlite` (all connections' statements share one prototype). */
export async function traceStatements(sqlite: Database, fn: () => unknown): Promise<TracedStatement[]> {
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<'get' | 'all' | 'run' | 'iterate', Exec>
  const saved = { get: proto.get, all: proto.all, run: proto.run, iterate: proto.iterate }
  const out: TracedStatement[] = []
  for (const m of ['get', 'all', 'run', 'iterate'] as const) {
    proto[m] = function (this: Statement, ...params: unknown[]) {
      if (this.database === sqlite && !this.source.includes('laibang_auth_version')) out.push({ sql: this.source, method: m === 'iterate' ? 'all' : m, params: structuredClone(params) })
      return saved[m].apply(this, params)
    }
  }
  try {
    await fn()
  } finally {
    Object.assign(proto, saved)
  }
  return out
}

/** The traced statements, prepared once, as one function running them in order. */
export function replay(sqlite: Database, trace: readonly TracedStatement[]): () => void {
  // Rows as arrays, the cheapest way better-sqlite3 returns them: the baseline never builds more than the call.
  const steps = trace.map((t) => { const st = sqlite.prepare(t.sql); if (st.reader) st.raw(true); return { st, method: t.method, params: t.params } })
  return () => {
    for (const s of steps) s.st[s.method](...s.params)
  }
}

/** Traces a warm call (after `warm` calls, so caches are as when timed) and returns its replay. */
export async function rawTwin(sqlite: Database, fn: () => unknown, warm = 3): Promise<{ raw: () => void; sql: string[] }> {
  for (let i = 0; i < warm; i++) await fn()
  const all = await traceStatements(sqlite, fn)
  if (all.some((t) => t.method === 'run')) throw new Error(`a read call wrote: ${all.filter((t) => t.method === 'run').map((t) => t.sql).join('; ')}`)
  // A statement repeated with the same parameters (e.g. each part of a customer page checking
  // the same customer) runs once: the baseline does the work the answer needs, not the repeats.
  const seen = new Set<string>()
  const trace = all.filter((t) => { const k = JSON.stringify([t.sql, t.params]); return seen.has(k) ? false : (seen.add(k), true) })
  return { raw: replay(sqlite, trace), sql: trace.map((t) => t.sql.replace(/\s+/g, ' ').trim()) }
}
