import type { Sqlite } from '../core/db'
import { createRng, deriveSeed, seedHlc, seededUuidv7, type Rng } from './rng'

export type Progress = (phase: string, done: number, total: number) => void

/** Values of one row by column name (snake_case, as in SQL). */
export type Values = Record<string, string | number | null>

/**
 * What every table generator shares: the connection, the base time, seeded streams, and
 * prepared bulk INSERTs (one statement per table, reused for every row: the generator never
 * goes through the mutation writer, which would add audit and outbox rows per record).
 */
export class SeedContext {
  /** Ids written per table, for the demo marker (only kept when marking). */
  readonly written = new Map<string, string[]>()
  private readonly statements = new Map<string, { columns: string[]; run: (values: unknown[]) => void }>()

  constructor(
    readonly sqlite: Sqlite,
    readonly seed: number,
    /** The generated history ends here (ms). */
    readonly baseTime: number,
    readonly progress: Progress,
    /** HLC node of the generated stamps: shows in every record that the seeder wrote it. */
    readonly node: string,
    readonly markDemo: boolean,
  ) {}

  rng(label: string): Rng { return createRng(deriveSeed(this.seed, label)) }

  id(ms: number, r: Rng): string { return seededUuidv7(ms, r) }

  /** The base columns of a new record created (and last changed) at `ms` by `by`. */
  base(id: string, ms: number, by: string | null, updatedAt = ms): Values {
    return { id, created_at: ms, created_by: by, updated_at: updatedAt, updated_by: by, deleted_at: null, hlc: seedHlc(updatedAt, this.node), field_hlc: '{}', sync_rev: null }
  }

  /**
   * INSERT of a whole row; the first row of a table fixes its column list. `mark` false keeps
   * a row out of the demo marker (shared configuration such as the default levels).
   */
  insert(table: string, row: Values, mark = true): void {
    let st = this.statements.get(table)
    if (!st) {
      const columns = Object.keys(row)
      const stmt = this.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      st = { columns, run: (v) => stmt.run(...v) }
      this.statements.set(table, st)
    }
    st.run(st.columns.map((c) => row[c] ?? null))
    if (mark && this.markDemo && typeof row.id === 'string') {
      const list = this.written.get(table)
      if (list) list.push(row.id)
      else this.written.set(table, [row.id])
    }
  }

  /** Runs `fn` over `items` in transactions of `batch` rows, reporting progress. */
  inBatches<T>(phase: string, items: readonly T[], fn: (item: T, i: number) => void, batch = 20_000): void {
    for (let start = 0; start < items.length; start += batch) {
      const end = Math.min(items.length, start + batch)
      this.sqlite.transaction(() => { for (let i = start; i < end; i++) fn(items[i]!, i) })()
      this.progress(phase, end, items.length)
    }
    if (items.length === 0) this.progress(phase, 0, 0)
  }
}

/** Sorts rows by id so they are inserted in primary-key order (b-trees appended, not split). */
export function byId<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
