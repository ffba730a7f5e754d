import { and, asc, Column, desc, eq, getTableColumns, getTableName, inArray, isNull, lt, sql, type InferInsertModel } from 'drizzle-orm'
import type { Statement } from 'better-sqlite3'
import { auditLog, localMeta, outbox } from '../core/core.table'
import type { Db, Sqlite } from '../core/db'
import { dropIndexesOfEmptyTables, dropUniqueIndexesIfEmpty, hasDroppedIndexes, restoreDroppedIndexes } from '../core/bulk-indexes'
import { allSyncedTables, type BatchIndex, type SyncedTable, type SyncedTableDef } from '../core/synced'
import { syncConflicts, syncDocs, type ConflictField } from '../modules/sync/sync.table'
import { BulkWorker } from './bulk-worker'
import type { SyncDoc } from './doc'

export type OutboxRow = typeof outbox.$inferSelect
export type ConflictRow = typeof syncConflicts.$inferSelect
export interface SyncDocRow { id: string; rev: string; hlc: string; doc: SyncDoc; dirty: number; ackedHlc: string | null }

/** All SQL of the sync engine (outbox, sync_docs, conflict inbox, checkpoints). */
export class SyncStore {
  constructor(readonly db: Db, readonly sqlite: Sqlite) {}

  /** Prepared once and reused: the pump and projector run these for every document. */
  private prepared = new Map<string, { get(p: Record<string, unknown>): unknown; run(p: Record<string, unknown>): unknown }>()
  private prep<T extends { get(p: Record<string, unknown>): unknown; run(p: Record<string, unknown>): unknown }>(key: string, make: () => T): T {
    let q = this.prepared.get(key)
    if (!q) { q = make(); this.prepared.set(key, q) }
    return q as T
  }

  /** Keys of `batchIndex` entries written in the current transaction (see writeRow). */
  private batch: Map<BatchIndex, Set<string>> | null = null
  /** The deferral marks in force in the current transaction (see deferral). */
  private marks: Map<BatchIndex, number> | null = null
  /**
   * The empty tables' indexes were set aside in this bulk load: later batches skip the check (a
   * table found filled stays filled; one found empty has nothing left to drop). Checking ~30
   * tables at every batch cost ~1 ms of statement preparation per transaction.
   */
  private emptyTablesChecked = false
  /** Set by the transaction that checked; kept only if it commits. */
  private emptyTablesCheckedInTx = false

  /**
   * One SQLite transaction. Index work of the rows written inside it (`batchIndex`) is applied
   * once per key just before it commits: a projector batch reindexes each customer once, in
   * rowid order. `backlog` (the projector: documents still to project after this batch) drives
   * the initial-sync bulk mode, see `deferral`.
   */
  tx<R>(fn: () => R, opts?: { backlog: number; now: number }): R {
    if (this.batch) return this.sqlite.transaction(fn)() // nested: the outermost one applies
    const batch = new Map<BatchIndex, Set<string>>()
    this.batch = batch
    if (opts) this.catchUpMode(opts.backlog)
    try {
      let marks: Map<BatchIndex, number> | null = null
      const r = this.sqlite.transaction(() => {
        marks = opts ? this.deferral(opts.backlog, opts.now) : null
        this.marks = marks
        const r = fn()
        for (const [index, keys] of batch) index.apply(this.sqlite, [...keys], marks?.get(index))
        if (marks && opts!.backlog === 0) this.finishDeferred(marks)
        return r
      })()
      if (this.emptyTablesCheckedInTx && marks && opts!.backlog > 0) this.emptyTablesChecked = true
      if (marks && this.bulkWorker) this.handToWorker(marks)
      return r
    } finally {
      this.batch = null
      this.marks = null
      this.emptyTablesCheckedInTx = false
    }
  }

  /** Set while the projector is far behind (see tx): it then reads bigger batches (projector.ts). */
  catchingUp = false
  private normalCache: number | null = null
  /** The deferred search build and the WAL checkpoints, on a worker thread while far behind (bulk-worker.ts). */
  bulkWorker: BulkWorker | null = null
  /**
   * This store is the bulk worker's own (bulk.worker.ts): it projects batches the main thread
   * hands over (the first bulk batch included: its transaction then sets aside the indexes of the
   * empty tables it knows), while the main thread's store runs the worker. It never starts a
   * worker itself.
   */
  inWorker = false
  /** A bulk worker runs beside the main thread (this store's, or this store is the worker's). */
  private get workerRuns(): boolean { return this.inWorker || this.bulkWorker !== null }

  /**
   * Whether the bulk worker can project a batch of these document types now (projector.ts): it
   * is ready and knows the types. The first bulk batch included: its transaction takes the marks
   * and sets the empty tables' indexes aside there as it would here (`deferral`; the worker knows
   * the tables of the types it projects, and this thread checks the others at its own first bulk
   * batch, if one comes). Until the tenth session that first batch was always this thread's.
   */
  workerProjects(docTypes: Iterable<string>): boolean {
    return bulkLoad.workerProjects && (this.emptyTablesChecked || bulkLoad.workerFirst) && this.bulkWorker !== null && this.bulkWorker.projects(docTypes)
  }
  /** Where a failing bulk worker is reported (the engine sets its log). */
  log: { warn(msg: string, err?: unknown): void } | undefined

  /**
   * While far behind: a larger page cache (the rows, sync_docs and the search index of a batch
   * then stay in memory between batches instead of being read back from the file), and, for a
   * large catch-up (`bulkLoad.workerMinBacklog`), the bulk worker.
   */
  private catchUpMode(backlog: number): void {
    const on = backlog >= DEFER_MIN_BACKLOG
    this.catchingUp = on
    if (on && this.normalCache === null && bulkLoad.cacheKiB > 0) {
      this.normalCache = this.sqlite.pragma('cache_size', { simple: true }) as number
      this.sqlite.pragma(`cache_size = ${-bulkLoad.cacheKiB}`)
    } else if (!on && this.normalCache !== null) {
      this.sqlite.pragma(`cache_size = ${this.normalCache}`)
      this.normalCache = null
    }
    if (on) this.startBulkWorker(backlog)
    else this.stopBulkWorker()
  }

  /**
   * Starts the bulk worker for a catch-up of `behind` documents, if it is large enough. The
   * engine calls this as soon as a pull knows how much it will bring, so the thread is ready
   * (~0.1–0.2 s) by the first batches, which wait for it (`bulkLoad.waitForWorker`); the
   * projector's first bulk batch would start it otherwise.
   */
  startBulkWorker(behind: number): void {
    if (!this.bulkWorker && !this.inWorker && bulkLoad.worker && behind >= bulkLoad.workerMinBacklog && !this.sqlite.memory) this.bulkWorker = new BulkWorker(this.sqlite, this.log, bulkLoad.workerNice)
  }

  /**
   * After a bulk commit: the worker checkpoints, and builds the deferred entries of the rows now
   * written once there are `bulkLoad.workerMinRows` of them (each build inserts keys all over
   * large indexes: fewer, larger builds cost the worker less; the batch that catches up builds
   * the rest).
   */
  private handToWorker(marks: Map<BatchIndex, number>): void {
    const builds = new Map<string, number>()
    for (const [index, mark] of marks) {
      if (!this.bulkWorker!.builds(index.name)) continue
      const upTo = index.defer!.mark(this.sqlite)
      if (upTo - mark >= bulkLoad.workerMinRows) builds.set(index.name, upTo)
    }
    this.bulkWorker!.request(builds)
  }

  /**
   * After the bulk worker projected a batch (projector.ts): it builds and checkpoints, as after a
   * batch of this thread; and this thread reads the batches as far behind as it is (`catchingUp`:
   * larger batches), as its own transaction would have set — it may not write one until the last.
   */
  workerBatchDone(backlog: number): void {
    this.catchingUp = backlog >= DEFER_MIN_BACKLOG
    if (!this.bulkWorker) return
    const marks = this.savedMarks()
    if (marks.size) this.handToWorker(marks)
  }

  /** A bulk load is under way: some deferred index has its mark saved (the worker may be writing for it). */
  deferring(): boolean {
    return this.savedMarks().size > 0
  }

  /** The deferral marks saved in local_meta (see deferral), per deferrable index. */
  private savedMarks(): Map<BatchIndex, number> {
    const marks = new Map<BatchIndex, number>()
    for (const index of deferrableIndexes()) {
      const saved = this.meta(DEFERRED_KEY + index.name)
      if (saved !== null) marks.set(index, Number(saved))
    }
    return marks
  }

  /** Waits until the bulk worker is not writing (the projector, before each of its transactions). */
  async bulkIdle(): Promise<void> {
    await this.bulkWorker?.idle()
  }

  /** Back to doing everything on the main thread (end of a bulk load, the engine stopping). */
  stopBulkWorker(): void {
    this.bulkWorker?.close()
    this.bulkWorker = null
  }

  /**
   * Initial sync (or a long absence): when the projector is at least DEFER_MIN_BACKLOG documents
   * behind its local PouchDB, deferrable indexes take a mark, saved in local_meta in the same
   * transaction (a crash resumes the mode), and leave what is written after it to one bulk build
   * in the batch that catches up. Returns the marks in force.
   */
  private deferral(backlog: number, now: number): Map<BatchIndex, number> {
    const marks = this.savedMarks()
    for (const index of deferrableIndexes()) {
      if (marks.has(index)) continue
      if (backlog >= DEFER_MIN_BACKLOG) {
        const mark = index.defer!.mark(this.sqlite)
        this.setMeta(DEFERRED_KEY + index.name, String(mark), now)
        marks.set(index, mark)
      }
    }
    if (backlog >= DEFER_MIN_BACKLOG && bulkLoad.dropIndexes && !this.emptyTablesChecked) {
      dropIndexesOfEmptyTables(this.sqlite, this.bulkTables(marks), now)
      this.emptyTablesCheckedInTx = true
    }
    // A worker started after the first bulk batches (the backlog grew): the tables its chunks
    // read get back the indexes an earlier batch set aside, before its first chunk runs.
    if (this.workerRuns) restoreDroppedIndexes(this.sqlite, this.workerReads(marks))
    // The worker's chunks would insert the search keys at random places of their unique index,
    // rewriting most of its pages at every commit: it is created once, sorted, at the end.
    if (this.workerRuns && bulkLoad.dropIndexes) dropUniqueIndexesIfEmpty(this.sqlite, [...marks.keys()].flatMap((i) => i.defer?.workerDrops ?? []), now)
    return marks
  }

  /** The tables the bulk worker's chunked builds look rows up in (BatchIndex `defer.reads`). */
  private workerReads(marks: Map<BatchIndex, number>): string[] {
    return [...marks.keys()].flatMap((i) => i.defer?.reads ?? [])
  }

  /**
   * Tables whose secondary indexes may be set aside while far behind (if empty): nothing the
   * projector runs per row may look them up. A table with an `afterWrite` hook qualifies only
   * when that hook is replaced by a deferred batch index starting from an empty table (mark 0:
   * no per-row reindex of an older record reads the others); sales facts, approvals and the
   * catalogue index read their tables per row and keep their indexes. While the bulk worker runs,
   * the tables its chunked builds read keep theirs too.
   */
  private bulkTables(marks: Map<BatchIndex, number>): string[] {
    const read = new Set(this.workerRuns ? this.workerReads(marks) : [])
    return allSyncedTables().filter((d) => !d.afterWrite || (d.batchIndex?.index.defer && marks.get(d.batchIndex.index) === 0))
      .map((d) => getTableName(d.table)).filter((t) => !read.has(t))
  }

  private finishDeferred(marks: Map<BatchIndex, number>): void {
    this.emptyTablesChecked = false
    // Indexes first: the search build's reads of older rows use them.
    restoreDroppedIndexes(this.sqlite)
    for (const [index, mark] of marks) {
      index.defer!.finish(this.sqlite, mark)
      this.db.delete(localMeta).where(eq(localMeta.key, DEFERRED_KEY + index.name)).run()
    }
  }

  /**
   * Finishes a deferred build left by a batch that did not catch up (the projector calls this when
   * it finds nothing to project). Returns the tables whose index it built.
   */
  settleDeferred(now: number): string[] {
    const pending = [...this.savedMarks().keys()]
    const dropped = hasDroppedIndexes(this.sqlite)
    if (!pending.length && !dropped) return []
    this.tx(() => undefined, { backlog: 0, now })
    return allSyncedTables().filter((d) => d.batchIndex && pending.includes(d.batchIndex.index)).map((d) => getTableName(d.table))
  }

  // ── outbox ──
  pendingOutbox(limit: number): OutboxRow[] {
    // Prepared once: the pump asks at every wake-up, hundreds of times during an initial sync (~0.2 ms of query building each).
    const q = this.prep('pendingOutbox', () => this.db.select().from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.seq)).limit(sql.placeholder('limit')).prepare())
    return q.all({ limit })
  }
  markPushed(seqs: number[], now: number): void {
    for (const part of chunks(seqs)) this.db.update(outbox).set({ status: 'pushed', pushedAt: now, error: null }).where(and(inArray(outbox.seq, part), eq(outbox.status, 'pending'))).run()
  }
  /** Pending rows this device cannot push (see pump.ts): rejected at once, with the reason. */
  markRejected(seqs: number[], reason: string): void {
    for (const part of chunks(seqs)) this.db.update(outbox).set({ status: 'rejected', error: reason }).where(and(inArray(outbox.seq, part), eq(outbox.status, 'pending'))).run()
  }
  /** Rows of a record this device pushed that the server has not acknowledged (a denial covers them). */
  rejectUnacked(recordId: string, uptoHlc: string, reason: string): number {
    return this.db.update(outbox).set({ status: 'rejected', error: reason })
      .where(and(eq(outbox.recordId, recordId), eq(outbox.status, 'pushed'), sql`${outbox.hlc} <= ${uptoHlc}`, sql`coalesce(${outbox.error}, '') NOT LIKE 'discarded:%'`,
        sql`${outbox.hlc} > coalesce((SELECT acked_hlc FROM sync_docs WHERE id = ${outbox.docType} || ':' || ${outbox.recordId}), '')`)).run().changes
  }
  /** Outbox rows with the user whose mutation wrote them (from the audit log). */
  outboxRows(seqs: number[]): (OutboxRow & { userId: string | null })[] {
    if (!seqs.length) return []
    return this.db.select({ o: outbox, userId: auditLog.userId }).from(outbox)
      .leftJoin(auditLog, and(eq(auditLog.recordId, outbox.recordId), eq(auditLog.mutationId, outbox.mutationId)))
      .where(inArray(outbox.seq, seqs)).all().map((r) => ({ ...r.o, userId: r.userId }))
  }
  setOutboxStatus(seqs: number[], status: 'pending' | 'pushed', error: string | null, now: number): void {
    if (seqs.length) this.db.update(outbox).set({ status, error, pushedAt: status === 'pushed' ? now : null }).where(and(inArray(outbox.seq, seqs), eq(outbox.status, 'rejected'))).run()
  }
  rejectedPage(opts: { beforeSeq: number | null; limit: number; userId: string | null }): (OutboxRow & { userId: string | null })[] {
    return this.db.select({ o: outbox, userId: auditLog.userId }).from(outbox)
      .leftJoin(auditLog, and(eq(auditLog.recordId, outbox.recordId), eq(auditLog.mutationId, outbox.mutationId)))
      .where(and(eq(outbox.status, 'rejected'), opts.beforeSeq !== null ? lt(outbox.seq, opts.beforeSeq) : undefined, opts.userId ? eq(auditLog.userId, opts.userId) : undefined))
      .orderBy(desc(outbox.seq)).limit(opts.limit).all().map((r) => ({ ...r.o, userId: r.userId }))
  }
  counts(): { pending: number; unacked: number; rejected: number; conflicts: number } {
    const one = (q: string) => (this.sqlite.prepare(q).pluck().get() as number | undefined) ?? 0
    return {
      pending: one(`SELECT count(*) FROM outbox WHERE status = 'pending'`),
      unacked: one(`SELECT count(*) FROM sync_docs WHERE dirty = 1`),
      rejected: one(`SELECT count(*) FROM outbox WHERE status = 'rejected'`),
      conflicts: one(`SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL`),
    }
  }
  /** Per-record markers for lists: not yet on the server, rejected, conflict open. */
  recordStatus(ids: string[]): Map<string, { pending: boolean; rejected: boolean; conflict: boolean }> {
    const out = new Map<string, { pending: boolean; rejected: boolean; conflict: boolean }>()
    if (!ids.length) return out
    const get = (id: string) => out.get(id) ?? out.set(id, { pending: false, rejected: false, conflict: false }).get(id)!
    const marks = this.db.select({ id: outbox.recordId, status: outbox.status, docType: outbox.docType, hlc: outbox.hlc }).from(outbox)
      // Parenthesised: and() does not wrap a raw sql fragment, so a bare OR would match every
      // unacked outbox row of the database, not only these ids (a 9 MB answer at 100,000 rows).
      .where(and(inArray(outbox.recordId, ids), sql`(${outbox.status} <> 'pushed' OR ${outbox.hlc} > coalesce((SELECT acked_hlc FROM sync_docs WHERE id = ${outbox.docType} || ':' || ${outbox.recordId}), ''))`)).all()
    for (const m of marks) {
      if (m.status === 'rejected') get(m.id).rejected = true
      else get(m.id).pending = true
    }
    for (const c of this.db.select({ id: syncConflicts.recordId }).from(syncConflicts).where(and(inArray(syncConflicts.recordId, ids), isNull(syncConflicts.resolvedAt))).all()) get(c.id).conflict = true
    return out
  }

  // ── rows ──
  /**
   * Which of these records have no row (one query per table): in an initial sync most documents
   * are new, and a lookup per document through the prepared select cost more (~5 µs each).
   */
  /** absentRows for records of several tables at once: per table, those with no row. */
  absentRowsOf(records: Iterable<{ def: SyncedTableDef; recordId: string }>): Map<SyncedTableDef, Set<string>> {
    const ids = new Map<SyncedTableDef, string[]>()
    for (const { def, recordId } of records) {
      const list = ids.get(def)
      if (list) list.push(recordId)
      else ids.set(def, [recordId])
    }
    return new Map([...ids].map(([def, xs]) => [def, this.absentRows(def, xs)]))
  }
  absentRows(def: SyncedTableDef, ids: string[]): Set<string> {
    const table = getTableName(def.table)
    const q = this.prep(`present:${table}`, () => this.sqlite.prepare<[{ ids: string }], string>(`SELECT id FROM "${table}" WHERE id IN (SELECT value FROM json_each(@ids))`).pluck())
    const present = new Set(q.all({ ids: JSON.stringify(ids) }))
    return new Set(ids.filter((id) => !present.has(id)))
  }
  row(def: SyncedTableDef, id: string): Record<string, unknown> | undefined {
    const q = this.prep(`row:${getTableName(def.table)}`, () => this.db.select().from(def.table as SyncedTable).where(eq(def.table.id, sql.placeholder('id'))).prepare())
    return q.get({ id }) as Record<string, unknown> | undefined
  }
  /**
   * Writes a row coming from sync: no audit, no outbox (it is not a local change). Upserts with
   * a statement prepared once per table and column set (drizzle's query builder costs more than
   * the write itself at initial-sync volumes); values go through each column's own mapping.
   * Without `existing`, `row` (a fresh object from the caller) is completed in place: no copy per
   * document of an initial sync.
   */
  writeRow(def: SyncedTableDef, row: Record<string, unknown>, existing?: Record<string, unknown>, carried?: Record<string, unknown>): Record<string, unknown> {
    const full: Record<string, unknown> = existing ? { ...existing, ...row } : row
    Object.assign(full, def.derive?.(full, carried))
    const t = this.columnsOf(def)
    // The columns this row sets (undefined: left as they are), as a pattern naming the statement.
    let shape = ''
    const values: unknown[] = []
    for (let i = 0; i < t.keys.length; i++) {
      const v = full[t.keys[i]!]
      if (v === undefined) { shape += '0'; continue }
      shape += '1'
      const map = t.maps[i]
      values.push(v === null ? null : map ? map(v) : v)
    }
    const own = this.batch !== null && def.batchIndex?.ownEntry === true
    const q = this.upserts.get(`${t.table}:${own ? 'r' : ''}${shape}`) ?? this.upsert(t, shape, own)
    // Inside tx(), live rows of tables with a batched index are indexed at commit; deleted rows at
    // once (purge removes the row right after, and the FTS entry is keyed by its rowid).
    const key = this.batch && def.batchIndex && full.deletedAt == null ? def.batchIndex.key(full) : undefined
    if (!own) q.run(values)
    else {
      // The row's own entry while its index is deferred: a row above the mark is left to the bulk
      // build, as `apply` would leave it (it would look the row up again only to find that out).
      const { rowid } = q.get(values) as { rowid: number }
      const mark = this.marks?.get(def.batchIndex!.index)
      if (key !== undefined && mark !== undefined && rowid > mark) return full
    }
    if (key === undefined) def.afterWrite?.(this.db, full)
    else if (key !== null) {
      const keys = this.batch!.get(def.batchIndex!.index)
      if (keys) keys.add(key)
      else this.batch!.set(def.batchIndex!.index, new Set([key]))
    }
    return full
  }

  /** Per synced table: its columns (property keys, SQL names) and their mappings to driver values (null: as is). */
  private columns = new Map<string, TableColumns>()
  private columnsOf(def: SyncedTableDef): TableColumns {
    const table = getTableName(def.table)
    let t = this.columns.get(table)
    if (!t) {
      const cols = Object.entries(getTableColumns(def.table) as Record<string, Column>)
      const identity = Column.prototype.mapToDriverValue
      t = { table, keys: cols.map(([k]) => k), names: cols.map(([, c]) => c.name), maps: cols.map(([, c]) => (c.mapToDriverValue === identity ? null : (v: unknown) => c.mapToDriverValue(v))) }
      this.columns.set(table, t)
    }
    return t
  }
  /** Upsert statements by table, RETURNING rowid or not, and column pattern (writeRow). */
  private upserts = new Map<string, Statement>()
  private upsert(t: TableColumns, shape: string, returning: boolean): Statement {
    const names = t.names.filter((_, i) => shape[i] === '1').map((n) => `"${n}"`)
    const q = this.sqlite.prepare(`INSERT INTO "${t.table}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
      ON CONFLICT(id) DO UPDATE SET ${names.filter((n) => n !== '"id"').map((n) => `${n} = excluded.${n}`).join(', ')}${returning ? ' RETURNING rowid' : ''}`)
    this.upserts.set(`${t.table}:${returning ? 'r' : ''}${shape}`, q)
    return q
  }
  setSyncRev(def: SyncedTableDef, id: string, rev: string): void {
    const q = this.prep(`rev:${getTableName(def.table)}`, () => this.db.update(def.table as SyncedTable).set({ syncRev: sql.placeholder('rev') } as Partial<InferInsertModel<SyncedTable>>).where(eq(def.table.id, sql.placeholder('id'))).prepare())
    q.run({ id, rev })
  }

  // ── sync_docs ──
  syncDoc(id: string): SyncDocRow | undefined {
    return this.db.select({ id: syncDocs.id, rev: syncDocs.rev, hlc: syncDocs.hlc, doc: syncDocs.doc, dirty: syncDocs.dirty, ackedHlc: syncDocs.ackedHlc }).from(syncDocs).where(eq(syncDocs.id, id)).get() as SyncDocRow | undefined
  }
  syncDocsByIds(ids: string[]): Map<string, SyncDocRow> {
    const out = new Map<string, SyncDocRow>()
    if (!ids.length) return out
    // One prepared statement for any number of ids (the projector asks for every document of a batch).
    const q = this.prep('syncDocsByIds', () => this.sqlite.prepare<[{ ids: string }], Omit<SyncDocRow, 'doc'> & { doc: string }>(`SELECT id, rev, hlc, doc, dirty, acked_hlc AS ackedHlc FROM sync_docs WHERE id IN (SELECT value FROM json_each(@ids))`))
    for (const r of q.all({ ids: JSON.stringify(ids) })) out.set(r.id, { ...r, doc: JSON.parse(r.doc) as SyncDoc })
    return out
  }
  saveSyncDoc(doc: SyncDoc, rev: string, now: number, dirty?: boolean): void {
    // dirty: true/false sets the mark, undefined keeps it (a new row starts clean).
    const q = this.prep('saveSyncDoc', () => this.sqlite.prepare(`INSERT INTO sync_docs (id, doc_type, rev, hlc, doc, dirty, updated_at) VALUES (@id, @docType, @rev, @hlc, @doc, coalesce(@dirty, 0), @now)
      ON CONFLICT(id) DO UPDATE SET doc_type = excluded.doc_type, rev = excluded.rev, hlc = excluded.hlc, doc = excluded.doc, dirty = coalesce(@dirty, dirty), updated_at = excluded.updated_at`))
    q.run({ id: doc._id, docType: doc.lb.type, rev, hlc: doc.lb.hlc, doc: JSON.stringify(doc._rev === rev ? doc : { ...doc, _rev: rev }), dirty: dirty === undefined ? null : dirty ? 1 : 0, now })
  }
  /** The server has this revision: clear the dirty mark if nothing newer was written since. */
  ack(id: string, hlc: string): void {
    this.db.update(syncDocs).set({ ackedHlc: sql`max(coalesce(${syncDocs.ackedHlc}, ''), ${hlc})`, dirty: sql`CASE WHEN ${syncDocs.hlc} <= ${hlc} THEN 0 ELSE ${syncDocs.dirty} END` }).where(eq(syncDocs.id, id)).run()
  }

  /**
   * This device has a change of the record the server has not accepted: written to PouchDB and
   * not acknowledged, still in the outbox, or rejected and waiting for the user.
   */
  isOwnPending(docId: string, recordId: string): boolean {
    const q = this.prep('ownPending', () => this.sqlite.prepare(`SELECT (SELECT dirty FROM sync_docs WHERE id = @docId) = 1
      OR EXISTS (SELECT 1 FROM outbox WHERE record_id = @recordId AND status IN ('pending', 'rejected'))`).pluck())
    return q.get({ docId, recordId }) === 1
  }

  /**
   * Documents of owner-partitioned tables with their owner (`lb.owner`), from sync_docs, in
   * pages by id (topology changes sweep them).
   */
  ownedDocs(afterId: string, limit: number): { id: string; docType: string; owner: string | null; dirty: number }[] {
    return this.sqlite.prepare(`SELECT id, doc_type AS docType, json_extract(doc, '$.lb.owner') AS owner, dirty FROM sync_docs
      WHERE id > ? AND json_type(doc, '$.lb.owner') IS NOT NULL ORDER BY id LIMIT ?`).all(afterId, limit) as { id: string; docType: string; owner: string | null; dirty: number }[]
  }

  /** A refused document is no longer "on its way" (it is reported as rejected instead). */
  clearDirty(id: string): void {
    this.db.update(syncDocs).set({ dirty: 0 }).where(eq(syncDocs.id, id)).run()
  }

  // ── checkpoints (local_meta) ──
  meta(key: string): string | null {
    // Prepared once (a drizzle query built per call cost ~0.3 ms; the projector asks at every batch).
    const q = this.prep('meta', () => this.sqlite.prepare<[{ key: string }], string>(`SELECT value FROM local_meta WHERE key = @key`).pluck())
    return (q.get({ key }) as string | undefined) ?? null
  }
  deleteMeta(key: string): void {
    this.db.delete(localMeta).where(eq(localMeta.key, key)).run()
  }
  setMeta(key: string, value: string, now: number): void {
    const q = this.prep('setMeta', () => this.sqlite.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`))
    q.run({ key, value, now })
  }

  // ── conflict inbox ──
  /** Adds fields to the record's open entry, or opens one. */
  addConflict(c: { docId: string; docType: string; tableName: string; recordId: string; ownerId: string | null; kind: 'fields' | 'restored'; fields: Record<string, ConflictField> }, now: number): void {
    const open = this.db.select().from(syncConflicts).where(and(eq(syncConflicts.docId, c.docId), eq(syncConflicts.kind, c.kind), isNull(syncConflicts.resolvedAt))).get()
    if (open) {
      this.db.update(syncConflicts).set({ fields: { ...open.fields, ...c.fields }, ownerId: c.ownerId }).where(eq(syncConflicts.id, open.id)).run()
      return
    }
    this.db.insert(syncConflicts).values({ ...c, createdAt: now }).run()
  }
  conflict(id: number): ConflictRow | undefined { return this.db.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get() }
  conflictsPage(opts: { beforeId: number | null; limit: number; owners: Set<string> | 'all'; orgData: boolean }): ConflictRow[] {
    const scope = opts.owners === 'all' ? undefined
      : sql`(${syncConflicts.ownerId} IN (SELECT value FROM json_each(${JSON.stringify([...opts.owners])}))${opts.orgData ? sql` OR ${syncConflicts.ownerId} IS NULL` : sql``})`
    return this.db.select().from(syncConflicts)
      .where(and(isNull(syncConflicts.resolvedAt), opts.beforeId !== null ? lt(syncConflicts.id, opts.beforeId) : undefined, scope))
      .orderBy(desc(syncConflicts.id)).limit(opts.limit).all()
  }
  resolveConflict(id: number, userId: string, now: number): void {
    this.db.update(syncConflicts).set({ resolvedAt: now, resolvedBy: userId }).where(eq(syncConflicts.id, id)).run()
  }
}

/** A synced table's columns as `writeRow` binds them. */
interface TableColumns { table: string; keys: string[]; names: string[]; maps: (((v: unknown) => unknown) | null)[] }

/** Below this many documents behind, the projector indexes every batch as it goes. */
export const DEFER_MIN_BACKLOG = 1000

/**
 * The projector's bulk mode while far behind (an initial sync): secondary indexes of empty
 * tables set aside and rebuilt at the end (core/bulk-indexes.ts), a page cache of `cacheKiB`,
 * batches `batchFactor` times the normal size; `incoming`: the documents a catch-up pull is still
 * bringing count as backlog (context.ts `incoming`). `tap` (at any backlog): the projector takes
 * replicated documents as they are written instead of reading them back from the changes feed
 * (tap.ts). `carry`: derived values a document carries are used when valid (doc.ts `carriedFor`;
 * off: always computed). `worker`: from `workerMinBacklog` documents behind, a worker thread
 * (bulk-worker.ts) projects the batches of new documents (`workerProjects`), builds the deferred
 * search entries (once `workerMinRows` rows wait) and runs the WAL checkpoints; for a smaller
 * catch-up, starting the thread (~0.3 s, its code and the pinyin data) costs more than it saves.
 * `restoreAhead`: once the documents still to come are at most this share of those projected, the
 * worker recreates the set-aside indexes with its next batch (rebuilding an index costs ~1 µs per
 * row, replicating ~190 µs per document: 13 customer indexes take about as long as the last 7 %
 * of the documents take to arrive), instead of the main thread's last batch. `workerNice`: the
 * worker thread's scheduling priority where the OS has one per thread (Linux, core/thread-priority.ts;
 * 0: unchanged): it yields the CPU to the main thread, which sets the pace of the sync.
 * `workerFirst`: the worker may project the first bulk batch too (see `workerProjects`), and
 * `waitForWorker`: a batch it could take waits while it is still starting (projector.ts).
 * Mutable for benchmarks (A/B in one run) and tests only.
 */
export const bulkLoad = { workerProjects: true, restoreAhead: 0.07, dropIndexes: true, cacheKiB: 65_536, batchFactor: 4, incoming: true, tap: true, carry: true, worker: true, workerMinBacklog: 5000, workerMinRows: 4000, workerNice: 10, workerFirst: true, waitForWorker: true }
/** local_meta key prefix of a deferred index's mark (rows above it have no entries yet). */
export const DEFERRED_KEY = 'index.deferred:'

/** Indexes with a bulk mode, from the synced table definitions (registered at import time). */
function deferrableIndexes(): BatchIndex[] {
  return [...new Set(allSyncedTables().flatMap((d) => (d.batchIndex?.index.defer ? [d.batchIndex.index] : [])))]
}

function chunks<T>(xs: T[], n = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}
