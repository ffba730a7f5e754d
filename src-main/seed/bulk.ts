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
  private readonly statements = new Map<string, { columns: Map<string, number>; run: (values: unknown[]) => void }>()

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
   * INSERT of a whole row, given as one object or as parts (later parts win, as in a spread);
   * the first row of a table fixes its column list. Pass parts rather than `{ ...a, ...b }`:
   * V8 (Node 20) builds wide objects by spread at ~50–400 µs each, which made the generator
   * spend most of its time building rows and collecting them (docs/PERFORMANCE.md, generator).
   * `mark` false keeps a row out of the demo marker (shared configuration such as the default levels).
   */
  insert(table: string, row: Values | readonly Values[], mark = true): void {
    const parts: readonly Values[] = Array.isArray(row) ? row : [row as Values]
    let st = this.statements.get(table)
    if (!st) {
      const columns = new Map<string, number>()
      for (const part of parts) for (const c of Object.keys(part)) if (!columns.has(c)) columns.set(c, columns.size)
      const stmt = this.sqlite.prepare(`INSERT INTO ${table} (${[...columns.keys()].join(', ')}) VALUES (${[...columns.keys()].map(() => '?').join(', ')})`)
      st = { columns, run: (v) => stmt.run(v) }
      this.statements.set(table, st)
    }
    const values: (string | number | null)[] = new Array<string | number | null>(st.columns.size).fill(null)
    let id: unknown = null
    for (const part of parts) {
      for (const c in part) {
        // Columns the first row did not have are ignored (as before: that row fixed the statement).
        const i = st.columns.get(c)
        if (i !== undefined) values[i] = part[c] ?? null
        if (c === 'id') id = part[c]
      }
    }
    st.run(values)
    if (mark && this.markDemo && typeof id === 'string') {
      const list = this.written.get(table)
      if (list) list.push(id)
      else this.written.set(table, [id])
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
