import type { Statement } from 'better-sqlite3'
import { getTableColumns, getTableName, is, SQL, type Column } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Sqlite } from './db'

/**
 * Single-row insert / update / read by id with statements prepared once per connection, table
 * and column set. Drizzle's query builder builds and compiles a new statement for every call,
 * which costs several times what SQLite spends writing the row (measured: docs/PERFORMANCE.md),
 * and the mutation writer runs three such writes per row (the row, audit_log, outbox).
 *
 * Values are bound and read back through each column's own mapping, with drizzle's rules for
 * omitted insert values (JS default, then $defaultFn, then $onUpdate, else NULL), so a row is
 * stored and returned exactly as drizzle would. A table or value this cannot express (an SQL
 * default or $onUpdate, a value given as sql`…`) makes the call return undefined: the caller
 * then writes through drizzle.
 */
export interface RowStatements {
  /** Inserts a row; with `returning`, the stored row (all columns, mapped), else null. */
  insert(table: SQLiteTable, values: Record<string, unknown>, returning: boolean): Record<string, unknown> | null | undefined
  /** Sets the defined values of `set` on row `id`; returns the stored row (undefined: no such row or not expressible). */
  update(table: SQLiteTable, id: string, set: Record<string, unknown>): Record<string, unknown> | undefined
  /** The row with that id, mapped like drizzle's select (undefined: none). */
  byId(table: SQLiteTable, id: string): Record<string, unknown> | undefined
}

type Col = Column & { shouldDisableInsert(): boolean; defaultFn?: () => unknown; onUpdateFn?: () => unknown }

interface Shape {
  name: string
  keys: string[]
  cols: Col[]
  quoted: string[]
  /** Indexes of the columns an insert binds (generated columns excluded). */
  insertable: number[]
  idIndex: number
  /** False when a column needs SQL only drizzle builds (SQL default, $onUpdate). */
  simple: boolean
}

const shapes = new WeakMap<SQLiteTable, Shape>()
function shapeOf(table: SQLiteTable): Shape {
  let s = shapes.get(table)
  if (!s) {
    const columns = getTableColumns(table) as Record<string, Col>
    const keys = Object.keys(columns)
    const cols = keys.map((k) => columns[k]!)
    s = {
      name: getTableName(table), keys, cols,
      quoted: cols.map((c) => `"${c.name.replace(/"/g, '""')}"`),
      insertable: cols.flatMap((c, i) => (c.shouldDisableInsert() ? [] : [i])),
      idIndex: keys.indexOf('id'),
      simple: cols.every((c) => !is(c.default, SQL) && c.onUpdateFn === undefined),
    }
    shapes.set(table, s)
  }
  return s
}

const NOT_EXPRESSIBLE = Symbol('drizzle only')

/** A value as bound by drizzle: null stays null, anything else through the column's mapping. */
function bind(col: Col, v: unknown): unknown {
  if (v === null) return null
  if (typeof v === 'object' && is(v, SQL)) return NOT_EXPRESSIBLE
  const mapped = col.mapToDriverValue(v)
  if (typeof mapped === 'object' && mapped !== null && !(mapped instanceof Uint8Array)) return NOT_EXPRESSIBLE
  return mapped
}

function mapRow(shape: Shape, raw: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < shape.keys.length; i++) {
    const v = raw[i]
    out[shape.keys[i]!] = v === null ? null : shape.cols[i]!.mapFromDriverValue(v)
  }
  return out
}

const byConnection = new WeakMap<Sqlite, RowStatements>()

export function rowStatements(sqlite: Sqlite): RowStatements {
  const existing = byConnection.get(sqlite)
  if (existing) return existing
  const cache = new Map<string, Statement>()
  const prepared = (key: string, text: () => string, raw: boolean): Statement => {
    let st = cache.get(key)
    if (!st) {
      st = sqlite.prepare(text())
      if (raw) st.raw(true)
      cache.set(key, st)
    }
    return st
  }
  const all = (s: Shape) => s.quoted.join(', ')
  const rs: RowStatements = {
    insert(table, values, returning) {
      const s = shapeOf(table)
      if (!s.simple) return undefined
      const params: unknown[] = []
      for (const i of s.insertable) {
        const col = s.cols[i]!
        let v = values[s.keys[i]!]
        if (v === undefined) {
          if (col.default !== null && col.default !== undefined) v = col.default
          else if (col.defaultFn !== undefined) v = col.defaultFn()
          else v = null
        }
        const b = bind(col, v)
        if (b === NOT_EXPRESSIBLE) return undefined
        params.push(b)
      }
      const st = prepared(`${returning ? 'ir' : 'i'}:${s.name}`, () => `INSERT INTO "${s.name}" (${s.insertable.map((i) => s.quoted[i]).join(', ')}) VALUES (${s.insertable.map(() => '?').join(', ')})${returning ? ` RETURNING ${all(s)}` : ''}`, returning)
      if (!returning) { st.run(params); return null }
      return mapRow(s, st.get(params) as unknown[])
    },
    update(table, id, set) {
      const s = shapeOf(table)
      if (!s.simple) return undefined
      const idx: number[] = []
      const params: unknown[] = []
      for (let i = 0; i < s.keys.length; i++) {
        const v = set[s.keys[i]!]
        if (v === undefined) continue
        const b = bind(s.cols[i]!, v)
        if (b === NOT_EXPRESSIBLE) return undefined
        idx.push(i)
        params.push(b)
      }
      if (idx.length === 0 || s.idIndex < 0) return undefined
      params.push(bind(s.cols[s.idIndex]!, id))
      const st = prepared(`u:${s.name}:${idx.join(',')}`, () => `UPDATE "${s.name}" SET ${idx.map((i) => `${s.quoted[i]} = ?`).join(', ')} WHERE ${s.quoted[s.idIndex]} = ? RETURNING ${all(s)}`, true)
      const raw = st.get(params) as unknown[] | undefined
      return raw ? mapRow(s, raw) : undefined
    },
    byId(table, id) {
      const s = shapeOf(table)
      if (s.idIndex < 0) throw new Error(`table ${s.name} has no id column`)
      const st = prepared(`s:${s.name}`, () => `SELECT ${all(s)} FROM "${s.name}" WHERE ${s.quoted[s.idIndex]} = ?`, true)
      const raw = st.get(bind(s.cols[s.idIndex]!, id)) as unknown[] | undefined
      return raw ? mapRow(s, raw) : undefined
    },
  }
  byConnection.set(sqlite, rs)
  return rs
}
