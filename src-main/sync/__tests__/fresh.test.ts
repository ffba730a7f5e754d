import { afterEach, describe, expect, it } from 'vitest'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { createTestDb } from '../../testing'
import '../../modules/customers/customers.synced'
import { PULL_SEQ_KEY } from '../context'
import { defsByDocType, rowToDoc, type SyncDoc } from '../doc'
import { projectNewBatch } from '../fresh'
import { SyncStore } from '../store'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

const byType = defsByDocType()
const def = byType.get('customer')!
const writer = { device: 'dev-a', appVersion: '1.0.0', schema: 1, mutation: null }
function customerDoc(id: string, name: string): SyncDoc {
  const stamp = `0001700000000-0000-dev-a-${id}`
  const row = { id, createdAt: 1, createdBy: null, updatedAt: 1, updatedBy: null, deletedAt: null, hlc: stamp, syncRev: null, fieldHlc: { name: stamp }, ownerId: null, name, nameNorm: '', pinyin: '', creditCode: null, level: null, category: null, industry: null, source: null, province: null, city: null, address: null, phone: null, website: null, tags: [], status: 'active', notes: null, custom: {}, lastFollowupAt: null, releasedAt: null, previousOwnerId: null, locked: false, won: false }
  return { ...rowToDoc(def, row, writer), _rev: `1-${id}` }
}

describe('a batch of new documents projected apart (the bulk worker)', () => {
  it('writes nothing, checkpoint included, when a record of the batch already has a row', () => {
    const t = createTestDb()
    cleanup = t.cleanup
    const store = new SyncStore(drizzle(t.sqlite), t.sqlite)
    const at = { lastSeq: 1, hlc: '0001700000001-0000-dev-b', backlog: 2000, now: 5 }
    expect(projectNewBatch(store, byType, [customerDoc('c1', '甲公司')], at)).toEqual(['customers'])
    // The checkpoint and the clock the main thread sent are saved with the rows.
    expect(store.meta(PULL_SEQ_KEY)).toBe('1')
    expect(store.meta('hlc')).toBe(at.hlc)
    // Never the batch that catches up (it ends the bulk load on the main thread).
    expect(() => projectNewBatch(store, byType, [customerDoc('c3', '丙公司')], { ...at, backlog: 0 })).toThrow(/backlog/)

    // c1 is known now: the batch is left to the projector's merge, c2 is not written either.
    expect(projectNewBatch(store, byType, [customerDoc('c1', '甲公司（改）'), customerDoc('c2', '乙公司')], { ...at, lastSeq: 2 })).toBeNull()
    expect(t.sqlite.prepare(`SELECT id, name FROM customers ORDER BY id`).all()).toEqual([{ id: 'c1', name: '甲公司' }])
    expect(t.sqlite.prepare(`SELECT count(*) FROM sync_docs`).pluck().get()).toBe(1)
    expect(store.meta(PULL_SEQ_KEY)).toBe('1')
    expect(store.meta('hlc')).toBe(at.hlc)
  })
})
