import type { Sqlite } from '../../core/db'

/** The tables an Actor and the data scopes are built from (see access.ts). */
const SOURCES = ['users', 'roles', 'departments'] as const

/**
 * A counter of changes to users, roles and departments, for caching actors and scope sets.
 *
 * Kept by TEMP triggers of this connection (created at start, never in a migration: nothing is
 * stored), so every writer bumps it in the very transaction that changes those tables — the
 * mutation writer, the sync projector, demo data, anything later — without knowing about it;
 * a rolled-back change rolls the counter back too. The app opens one connection per database
 * file; `PRAGMA data_version` (commits by other connections) was left out: reading it takes a
 * file lock, ~50 µs, against ~1 µs for the counter.
 */
export function authVersion(sqlite: Sqlite): { read(): number; inTransaction(): boolean } {
  sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS laibang_auth_version (v INTEGER NOT NULL);
    INSERT INTO temp.laibang_auth_version (v) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM temp.laibang_auth_version);`)
  for (const t of SOURCES) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS laibang_auth_version_${t}_${op.toLowerCase()} AFTER ${op} ON main.${t}
        BEGIN UPDATE temp.laibang_auth_version SET v = v + 1; END`)
    }
  }
  const st = sqlite.prepare('SELECT v FROM temp.laibang_auth_version').pluck()
  return {
    read: () => st.get() as number,
    inTransaction: () => sqlite.inTransaction,
  }
}
