import { afterEach, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { rowStatements } from '../row-statements'
import { createMutation } from '../mutation'
import { HybridClock } from '../hlc'
import { auditLog, outbox } from '../core.table'
import { customers } from '../../modules/customers/customers.table'
import '../../modules/customers/customers.synced'
import { createTestDb } from '../../testing'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

function setup() {
  const t = createTestDb()
  cleanup = t.cleanup
  return t
}

const base = { createdAt: 1, createdBy: 'u1', updatedAt: 2, updatedBy: null, deletedAt: null, hlc: 'h1', syncRev: null }
const without = <T extends Record<string, unknown>>(row: T | undefined, ...keys: string[]) => Object.fromEntries(Object.entries(row ?? {}).filter(([k]) => !keys.includes(k)))

describe('prepared row statements', () => {
  it('insert stores and returns exactly what drizzle stores and returns (JSON, booleans, enums, defaults)', () => {
    const t = setup()
    const rs = rowStatements(t.sqlite)
    const values = { ...base, fieldHlc: { name: 'h1' }, ownerId: 'u1', name: '杭州莱邦科技有限公司', nameNorm: '杭州莱邦科技', pinyin: 'hzlbkj', tags: ['重点', 'VIP'], custom: { a: 1, b: null }, locked: true, phone: null }
    const mine = rs.insert(customers, { ...values, id: 'a' }, true)
    const theirs = t.db.insert(customers).values({ ...values, id: 'b' }).returning().get()
    expect(without(mine!, 'id')).toEqual(without(theirs, 'id'))
    // Omitted columns took drizzle's defaults: status 'potential', won false, website null.
    expect(mine).toMatchObject({ status: 'potential', won: false, website: null, locked: true })
    const stored = (id: string) => t.sqlite.prepare(`SELECT * FROM customers WHERE id = ?`).get(id) as Record<string, unknown>
    expect(without(stored('a'), 'id')).toEqual(without(stored('b'), 'id'))
    expect(rs.byId(customers, 'a')).toEqual(t.db.select().from(customers).where(eq(customers.id, 'a')).get())
    expect(rs.byId(customers, 'missing')).toBeUndefined()
  })

  it('update sets only the defined values and returns the stored row like drizzle', () => {
    const t = setup()
    const rs = rowStatements(t.sqlite)
    const values = { ...base, fieldHlc: {}, ownerId: 'u1', name: '甲', nameNorm: '甲', pinyin: 'j', tags: [], custom: {} }
    rs.insert(customers, { ...values, id: 'a' }, false)
    t.db.insert(customers).values({ ...values, id: 'b' }).run()
    const set = { name: '乙', tags: ['x'], custom: { k: 'v' }, won: true, notes: undefined, city: null, updatedAt: 3 }
    const mine = rs.update(customers, 'a', set)
    const theirs = t.db.update(customers).set(set).where(eq(customers.id, 'b')).returning().get()
    expect(without(mine!, 'id')).toEqual(without(theirs, 'id'))
    expect(rs.update(customers, 'missing', { name: 'x' })).toBeUndefined()
  })

  it('leaves values given as SQL to drizzle (writes nothing, returns undefined)', () => {
    const t = setup()
    const rs = rowStatements(t.sqlite)
    const r = rs.insert(customers, { ...base, id: 'a', fieldHlc: {}, name: sql`'x'`, nameNorm: '', pinyin: '' }, true)
    expect(r).toBeUndefined()
    expect(t.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(0)
  })

  it('the mutation writer stores the row, audit_log and outbox as before, and the returned row equals the stored one', () => {
    const t = setup()
    let now = 1_700_000_000_000
    const mutation = createMutation({ db: t.db, sqlite: t.sqlite, clock: new HybridClock('dev1', () => now), now: () => now })
    const c = mutation({ userId: 'u1' }, (w) => w.insert(customers, { name: '长安汽车配件商行', nameNorm: '', pinyin: '', ownerId: 'u1', tags: ['渠道'], custom: { x: 1 } }))
    expect(c).toEqual(t.db.select().from(customers).where(eq(customers.id, c.id)).get())
    expect(c.nameNorm).toBe('长安汽车配件商行')
    now += 1000
    const u = mutation({ userId: 'u2' }, (w) => w.update(customers, c.id, { city: '重庆', locked: true }))
    expect(u).toEqual(t.db.select().from(customers).where(eq(customers.id, c.id)).get())
    expect(u).toMatchObject({ city: '重庆', locked: true, updatedBy: 'u2', updatedAt: now })
    const audit = t.db.select().from(auditLog).where(eq(auditLog.recordId, c.id)).all()
    expect(audit.map((a) => [a.action, a.userId, a.changes])).toEqual([
      ['insert', 'u1', { name: { before: null, after: '长安汽车配件商行' }, nameNorm: { before: null, after: '长安汽车配件商行' }, pinyin: { before: null, after: c.pinyin }, ownerId: { before: null, after: 'u1' }, tags: { before: null, after: ['渠道'] }, custom: { before: null, after: { x: 1 } } }],
      ['update', 'u2', { city: { before: null, after: '重庆' }, locked: { before: false, after: true } }],
    ])
    const queued = t.db.select().from(outbox).where(eq(outbox.recordId, c.id)).all()
    expect(queued.map((o) => [o.op, o.status, o.docType, o.hlc])).toEqual([['upsert', 'pending', 'customer', c.hlc], ['upsert', 'pending', 'customer', u.hlc]])
    expect(queued[1]!.payload).toEqual(JSON.parse(JSON.stringify(u)))
  })
})
