import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, customerSearchSnapshot, type TestApp } from '../../../testing'
import { contacts, customers } from '../customers.table'
import { rebuildSearchIndex, reindexCustomer, reindexCustomers } from '../search-index'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })


/** Customers with contacts written every way the services write them: one mutation per step and many rows in one. */
function populate(t: TestApp): string[] {
  const m = t.app.mutation
  const ids: string[] = []
  // One mutation: customers with their contacts (an import does this), 长安 for polyphonic initials.
  m({ userId: null }, (w) => {
    for (let i = 0; i < 30; i++) {
      const c = w.insert(customers, { name: i % 5 === 0 ? `长安${i}号汽车配件有限公司` : `杭州莱邦${i}科技有限公司`, nameNorm: '', pinyin: '', ownerId: null, phone: i % 3 ? `0571-8888${String(i).padStart(4, '0')}` : null })
      ids.push(c.id)
      for (let k = 0; k < i % 3; k++) w.insert(contacts, { customerId: c.id, name: `联系人${i}-${k}`, mobile: `1390000${String(i * 10 + k).padStart(4, '0')}`, isPrimary: k === 0 })
    }
  })
  // One row per mutation, then edits: renames, a contact added, one removed, a customer deleted and one restored.
  for (let i = 0; i < 5; i++) ids.push(m({ userId: null }, (w) => w.insert(customers, { name: `宁波客户${i}`, nameNorm: '', pinyin: '', ownerId: null }).id))
  m({ userId: null }, (w) => {
    w.update(customers, ids[1]!, { name: '重庆长安工业集团', phone: '023-66667777' })
    w.insert(contacts, { customerId: ids[2]!, name: '新联系人', mobile: '13912345678', isPrimary: false })
    const gone = t.app.database.db.select().from(contacts).all().find((p) => p.customerId === ids[4])!
    w.softDelete(contacts, gone.id)
    w.softDelete(customers, ids[6]!)
    w.softDelete(customers, ids[7]!)
    w.restore(customers, ids[7]!)
    // Inserted and deleted in the same mutation: no search entry at all.
    const brief = w.insert(customers, { name: '短命客户', nameNorm: '', pinyin: '', ownerId: null, phone: '13800000000' })
    w.softDelete(customers, brief.id)
  })
  return ids
}

describe('customer search index', () => {
  it('batched per transaction, per row, set-based and the bulk rebuild all leave the same FTS rows and keys', () => {
    t = createTestApp()
    const { sqlite, db } = t.app.database
    const ids = populate(t)
    const batched = customerSearchSnapshot(sqlite)
    expect(batched.fts).toHaveLength(34) // 35 created, 1 deleted (the one inserted and deleted is not indexed)
    expect(batched.orphanFts).toBe(0)
    expect(batched.keys.some(([id, k]) => id === ids[0] && k.startsWith('p:c'))).toBe(true)
    expect(batched.keys.some(([id, k]) => id === ids[0] && k.startsWith('p:z'))).toBe(true) // 长 read as zhang too
    expect(batched.fts.find(([id]) => id === ids[2])![1]).toContain('新联')

    for (const id of ids) reindexCustomer(db, id)
    expect(customerSearchSnapshot(sqlite)).toEqual(batched)
    reindexCustomers(sqlite, [...ids].reverse())
    expect(customerSearchSnapshot(sqlite)).toEqual(batched)
    expect(rebuildSearchIndex(sqlite).customers).toBe(34)
    expect(customerSearchSnapshot(sqlite)).toEqual(batched)
  })

  it('a customer and contacts written in one mutation are searchable when it commits, and a rolled-back mutation leaves nothing', () => {
    t = createTestApp()
    const { sqlite } = t.app.database
    const id = t.app.mutation({ userId: null }, (w) => {
      const c = w.insert(customers, { name: '苏州鑫源贸易有限公司', nameNorm: '', pinyin: '', ownerId: null })
      w.insert(contacts, { customerId: c.id, name: '周建国', mobile: '13912345678', isPrimary: true })
      return c.id
    })
    expect(sqlite.prepare(`SELECT c.id FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE customers_fts MATCH '"建国"'`).pluck().all()).toEqual([id])
    expect(sqlite.prepare(`SELECT customer_id FROM customer_keys WHERE key = ?`).pluck().all('r:87654321931')).toEqual([id])
    expect(() => t!.app.mutation({ userId: null }, (w) => {
      w.insert(customers, { name: '回滚客户', nameNorm: '', pinyin: '', ownerId: null })
      throw new Error('abort')
    })).toThrow('abort')
    expect(customerSearchSnapshot(sqlite).fts).toHaveLength(1)
  })
})
