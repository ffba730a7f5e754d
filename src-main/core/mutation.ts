import { eq, getTableName, type InferInsertModel, type InferSelectModel } from 'drizzle-orm'
import type { Db, Sqlite } from './db'
import { auditLog, outbox } from './core.table'
import { BASE_FIELDS, type BaseField } from './columns'
import type { HybridClock } from './hlc'
import { notFound, AppError } from './errors'
import { rowStatements, type RowStatements } from './row-statements'
import { syncedTableDef, type BatchIndex, type SyncedTable, type SyncedTableDef } from './synced'
import { uuidv7 } from './uuid'

export type Row<T extends SyncedTable> = InferSelectModel<T>
/** Omit with modifiers kept (plain Omit loses optional keys of drizzle's types inside generics). */
type OmitBase<T> = { [K in keyof T as K extends BaseField ? never : K]: T[K] }
export type NewRow<T extends SyncedTable> = OmitBase<InferInsertModel<T>> & { id?: string }
export type Patch<T extends SyncedTable> = Partial<OmitBase<InferInsertModel<T>>>

export interface Actor { userId: string | null }

/**
 * The only way services write synced records. Inside one SQLite transaction it writes the
 * row, stamps it (HLC per record and per field), appends an audit entry with before/after
 * of each changed field, and queues the whole record in the outbox for the sync engine.
 */
export interface Writer {
  readonly db: Db
  readonly mutationId: string
  readonly now: number
  insert<T extends SyncedTable>(table: T, values: NoInfer<NewRow<T>>): Row<T>
  update<T extends SyncedTable>(table: T, id: string, patch: NoInfer<Patch<T>>): Row<T>
  softDelete<T extends SyncedTable>(table: T, id: string): Row<T>
  restore<T extends SyncedTable>(table: T, id: string): Row<T>
  /** After-commit hooks, e.g. to push an event once the data is durable. */
  afterCommit(fn: () => void): void
}

export interface MutationDeps { db: Db; sqlite: Sqlite; clock: HybridClock; now: () => number; onCommit?: (tables: string[]) => void }

export type Mutation = <R>(actor: Actor, fn: (w: Writer) => R) => R

export function createMutation(deps: MutationDeps): Mutation {
  return <R>(actor: Actor, fn: (w: Writer) => R): R => {
    const after: (() => void)[] = []
    const touched = new Set<string>()
    const result = deps.sqlite.transaction(() => {
      const w = new TxWriter(deps, actor, touched, after)
      const r = fn(w)
      if (r instanceof Promise) throw new Error('mutation callbacks must be synchronous (one SQLite transaction)')
      w.applyIndexes()
      return r
    })()
    if (touched.size > 0) deps.onCommit?.([...touched])
    for (const f of after) f()
    return result
  }
}

class TxWriter implements Writer {
  readonly mutationId = uuidv7()
  readonly now: number
  readonly db: Db
  private readonly sql: RowStatements
  /** Keys of `batchIndex` entries to bring up to date before commit, per index. */
  private readonly indexKeys = new Map<BatchIndex, Set<string>>()
  constructor(private readonly deps: MutationDeps, private readonly actor: Actor, private readonly touched: Set<string>, private readonly after: (() => void)[]) {
    this.now = deps.now()
    this.db = deps.db
    this.sql = rowStatements(deps.sqlite)
  }

  afterCommit(fn: () => void): void { this.after.push(fn) }

  insert<T extends SyncedTable>(table: T, values: NoInfer<NewRow<T>>): Row<T> {
    const def = syncedTableDef(table)
    const hlc = this.deps.clock.now()
    const fields = Object.keys(values).filter((k) => k !== 'id')
    const row = {
      ...values,
      ...def.derive?.(values as Record<string, unknown>),
      id: values.id ?? uuidv7(this.now),
      createdAt: this.now, createdBy: this.actor.userId,
      updatedAt: this.now, updatedBy: this.actor.userId,
      deletedAt: null, hlc, fieldHlc: Object.fromEntries(fields.map((f) => [f, hlc])), syncRev: null,
    }
    const inserted = (this.sql.insert(table, row, true) ?? this.db.insert(table).values(row as InferInsertModel<T>).returning().get()) as Row<T>
    this.record(def, table, inserted, 'insert', diff({}, inserted, fields))
    return inserted
  }

  update<T extends SyncedTable>(table: T, id: string, patch: NoInfer<Patch<T>>): Row<T> {
    const before = this.load(table, id)
    const changed = Object.keys(patch).filter((k) => !BASE_FIELDS.includes(k as BaseField) && !sameValue((before as Record<string, unknown>)[k], (patch as Record<string, unknown>)[k]))
    if (changed.length === 0) return before
    return this.write(table, before, Object.fromEntries(changed.map((k) => [k, (patch as Record<string, unknown>)[k]])), 'update')
  }

  softDelete<T extends SyncedTable>(table: T, id: string): Row<T> {
    const before = this.load(table, id)
    if ((before as { deletedAt: number | null }).deletedAt) return before
    return this.write(table, before, { deletedAt: this.now }, 'delete')
  }

  restore<T extends SyncedTable>(table: T, id: string): Row<T> {
    const before = this.load(table, id)
    if (!(before as { deletedAt: number | null }).deletedAt) return before
    return this.write(table, before, { deletedAt: null }, 'restore')
  }

  /** Runs the batched index work (see `batchIndex` in synced.ts); called once, before commit. */
  applyIndexes(): void {
    for (const [index, keys] of this.indexKeys) index.apply(this.deps.sqlite, [...keys])
    this.indexKeys.clear()
  }

  private load<T extends SyncedTable>(table: T, id: string): Row<T> {
    const row = this.sql.byId(table, id) as Row<T> | undefined
    if (!row) throw notFound(getTableName(table))
    return row
  }

  private write<T extends SyncedTable>(table: T, before: Row<T>, changes: Record<string, unknown>, action: 'update' | 'delete' | 'restore'): Row<T> {
    const def = syncedTableDef(table)
    if (def.ledger) throw new AppError('CONFLICT', 'errors.ledgerImmutable', { table: getTableName(table) })
    const hlc = this.deps.clock.now()
    const b = before as Record<string, unknown>
    const fieldHlc = { ...(b.fieldHlc as Record<string, string>) }
    for (const k of Object.keys(changes)) fieldHlc[k] = hlc
    const derived = def.derive?.({ ...b, ...changes }) ?? {}
    const set = { ...changes, ...derived, updatedAt: this.now, updatedBy: this.actor.userId, hlc, fieldHlc }
    const after = (this.sql.update(table, b.id as string, set)
      ?? this.db.update(table).set(set as Partial<InferInsertModel<T>>).where(eq(table.id, b.id as string)).returning().get()) as Row<T>
    this.record(def, table, after, action, diff(b, after as Record<string, unknown>, Object.keys(changes)))
    return after
  }

  private record<T extends SyncedTable>(def: SyncedTableDef, table: T, row: Row<T>, action: 'insert' | 'update' | 'delete' | 'restore', changes: Record<string, { before: unknown; after: unknown }>): void {
    const name = getTableName(table)
    const r = row as Record<string, unknown>
    const key = def.batchIndex && r.deletedAt == null ? def.batchIndex.key(r) : undefined
    if (key !== undefined) {
      if (key !== null) {
        const keys = this.indexKeys.get(def.batchIndex!.index)
        if (keys) keys.add(key)
        else this.indexKeys.set(def.batchIndex!.index, new Set([key]))
      }
    } else def.afterWrite?.(this.db, r)
    for (const f of def.redact ?? []) if (changes[f]) changes[f] = { before: '***', after: '***' }
    const audit: typeof auditLog.$inferInsert = { at: this.now, userId: this.actor.userId, mutationId: this.mutationId, tableName: name, recordId: r.id as string, action, changes }
    if (this.sql.insert(auditLog, audit, false) === undefined) this.db.insert(auditLog).values(audit).run()
    const queued: typeof outbox.$inferInsert = {
      mutationId: this.mutationId, tableName: name, docType: def.docType, recordId: r.id as string,
      op: r.deletedAt ? 'delete' : 'upsert', hlc: r.hlc as string, payload: r, createdAt: this.now,
    }
    if (this.sql.insert(outbox, queued, false) === undefined) this.db.insert(outbox).values(queued).run()
    this.touched.add(name)
  }
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {}
  for (const f of fields) out[f] = { before: before[f] ?? null, after: after[f] ?? null }
  return out
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a == null && b == null) return true
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b)
  return false
}
