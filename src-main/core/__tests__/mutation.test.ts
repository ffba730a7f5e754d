import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createMutation } from '../mutation'
import { HybridClock } from '../hlc'
import { auditLog, outbox } from '../core.table'
import { departments } from '../../modules/auth/auth.table'
import '../../modules/auth/auth.synced'
import { createTestDb } from '../../testing'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

function setup() {
  const t = createTestDb()
  cleanup = t.cleanup
  let now = 1_700_000_000_000
  const clock = new HybridClock('dev1', () => now)
  const mutation = createMutation({ db: t.db, sqlite: t.sqlite, clock, now: () => now })
  return { ...t, mutation, tick: () => { now += 1000 } }
}

describe('mutation', () => {
  it('writes the row, an audit entry and an outbox entry in one transaction, with HLC stamps', () => {
    const t = setup()
    const dep = t.mutation({ userId: 'u1' }, (w) => w.insert(departments, { name: '销售部', parentId: null, sort: 1 }))
    expect(dep.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(dep.createdBy).toBe('u1')
    expect(dep.fieldHlc.name).toBe(dep.hlc)
    const audit = t.db.select().from(auditLog).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'insert', recordId: dep.id, userId: 'u1', tableName: 'departments' })
    expect(audit[0]!.changes.name).toEqual({ before: null, after: '销售部' })
    const out = t.db.select().from(outbox).all()
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ docType: 'department', recordId: dep.id, op: 'upsert', status: 'pending', hlc: dep.hlc })
    expect(out[0]!.payload).toMatchObject({ id: dep.id, name: '销售部' })
  })

  it('records only changed fields on update, with before and after, and stamps only those fields', () => {
    const t = setup()
    const dep = t.mutation({ userId: 'u1' }, (w) => w.insert(departments, { name: 'A', parentId: null, sort: 1 }))
    t.tick()
    const after = t.mutation({ userId: 'u2' }, (w) => w.update(departments, dep.id, { name: 'B', sort: 1 }))
    expect(after.updatedBy).toBe('u2')
    expect(after.fieldHlc.name! > dep.fieldHlc.name!).toBe(true)
    expect(after.fieldHlc.sort).toBe(dep.fieldHlc.sort)
    const last = t.db.select().from(auditLog).where(eq(auditLog.recordId, dep.id)).all().at(-1)!
    expect(last.action).toBe('update')
    expect(last.changes).toEqual({ name: { before: 'A', after: 'B' } })
    expect(t.db.select().from(outbox).all()).toHaveLength(2)
  })

  it('an update that changes nothing writes nothing', () => {
    const t = setup()
    const dep = t.mutation({ userId: 'u1' }, (w) => w.insert(departments, { name: 'A', parentId: null, sort: 1 }))
    t.mutation({ userId: 'u1' }, (w) => w.update(departments, dep.id, { name: 'A' }))
    expect(t.db.select().from(auditLog).all()).toHaveLength(1)
    expect(t.db.select().from(outbox).all()).toHaveLength(1)
  })

  it('rolls back rows, audit and outbox together when the service throws', () => {
    const t = setup()
    expect(() => t.mutation({ userId: 'u1' }, (w) => {
      w.insert(departments, { name: 'A', parentId: null, sort: 1 })
      throw new Error('rule broken')
    })).toThrow('rule broken')
    expect(t.db.select().from(departments).all()).toHaveLength(0)
    expect(t.db.select().from(auditLog).all()).toHaveLength(0)
    expect(t.db.select().from(outbox).all()).toHaveLength(0)
  })

  it('soft delete and restore are recorded and queued as delete/upsert', () => {
    const t = setup()
    const dep = t.mutation({ userId: 'u1' }, (w) => w.insert(departments, { name: 'A', parentId: null, sort: 1 }))
    t.mutation({ userId: 'u1' }, (w) => w.softDelete(departments, dep.id))
    t.mutation({ userId: 'u1' }, (w) => w.restore(departments, dep.id))
    expect(t.db.select().from(auditLog).all().map((a) => a.action)).toEqual(['insert', 'delete', 'restore'])
    expect(t.db.select().from(outbox).all().map((o) => o.op)).toEqual(['upsert', 'delete', 'upsert'])
  })

  it('the audit log is append-only in the database itself', () => {
    const t = setup()
    t.mutation({ userId: 'u1' }, (w) => w.insert(departments, { name: 'A', parentId: null, sort: 1 }))
    expect(() => t.sqlite.prepare(`UPDATE audit_log SET user_id = 'x'`).run()).toThrow(/append-only/)
    expect(() => t.sqlite.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/)
  })
})
