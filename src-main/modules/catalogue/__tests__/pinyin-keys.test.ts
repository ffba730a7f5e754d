import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, MIGRATIONS_DIR, setupCompany, type TestApp } from '../../../testing'
import { useSharedDatabase } from '../../../testing/shared-db'
import { syncAll } from '../../../testing/sync'
import type { Sqlite } from '../../../core/db'
import { rebuildProductSearch } from '../search'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** What product_pinyin_keys (migration 0029) must hold: each product's `p:` keys under its code, from the sources. */
const EXPECTED = `SELECT p.code, p.id AS productId, k.key FROM product_keys k JOIN products p ON p.id = k.product_id WHERE k.key >= 'p:' AND k.key < 'p;' ORDER BY 1, 2, 3`
const KEPT = 'SELECT code, product_id AS productId, key FROM product_pinyin_keys ORDER BY 1, 2, 3'
const same = (sqlite: Sqlite) => {
  const kept = sqlite.prepare(KEPT).all()
  expect(kept).toEqual(sqlite.prepare(EXPECTED).all())
  return kept.length
}
const keysOf = (sqlite: Sqlite, id: string) =>
  sqlite.prepare('SELECT key FROM product_pinyin_keys WHERE product_id = ? ORDER BY 1').pluck().all(id)

describe('product_pinyin_keys (dense pinyin search checked in code order)', () => {
  it('follows create, rename, code change, removal, direct SQL, a search rebuild and the migration backfill', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { sqlite } = t.app.database
    // 长 is polyphonic (chang / zhang): two keys for one product.
    const p = [
      await admin.ok('catalogue.create', { code: 'PY-1', name: '螺丝刀', listPrice: 100 }),
      await admin.ok('catalogue.create', { code: 'PY-2', name: '长扳手', listPrice: 100 }),
      await admin.ok('catalogue.create', { code: 'PY-3', name: '钳子', listPrice: 100 }),
    ]
    expect(same(sqlite)).toBeGreaterThanOrEqual(4)
    expect(keysOf(sqlite, p[0]!.id)).toEqual(['p:lsd'])
    expect(keysOf(sqlite, p[1]!.id)).toEqual(expect.arrayContaining(['p:cbs', 'p:zbs']))
    const backfill = readFileSync(join(MIGRATIONS_DIR, '0029_catalogue_pinyin_keys.sql'), 'utf8').split('--> statement-breakpoint').pop()!
    const n = same(sqlite)
    sqlite.exec('DELETE FROM product_pinyin_keys')
    sqlite.exec(backfill)
    expect(same(sqlite)).toBe(n)

    await admin.ok('catalogue.update', { id: p[0]!.id, name: '扳手' })
    expect(keysOf(sqlite, p[0]!.id)).toContain('p:bs')
    expect(keysOf(sqlite, p[0]!.id)).not.toContain('p:lsd')
    await admin.ok('catalogue.update', { id: p[1]!.id, code: 'PY-9', listPrice: 300 })
    same(sqlite)
    expect(sqlite.prepare('SELECT DISTINCT code FROM product_pinyin_keys WHERE product_id = ?').pluck().all(p[1]!.id)).toEqual(['PY-9'])
    await admin.ok('catalogue.remove', { id: p[2]!.id })
    expect(keysOf(sqlite, p[2]!.id)).toEqual([])
    same(sqlite)

    // Writers outside the services: a code change by SQL (a projector upsert), a bulk rebuild, a hard delete of the product row.
    sqlite.prepare('UPDATE products SET code = ? WHERE id = ?').run('PY-0', p[0]!.id)
    same(sqlite)
    sqlite.prepare('UPDATE products SET name = ? WHERE id = ?').run('钳子', p[0]!.id)
    rebuildProductSearch(sqlite)
    expect(keysOf(sqlite, p[0]!.id)).toEqual(['p:qz'])
    same(sqlite)
    sqlite.prepare('DELETE FROM products WHERE id = ?').run(p[1]!.id)
    expect(sqlite.prepare('SELECT count(*) FROM product_pinyin_keys WHERE key = ?').pluck().get('p:zbs')).toBe(0)
    sqlite.prepare('DELETE FROM product_keys WHERE product_id = ?').run(p[1]!.id)
    same(sqlite)

    // A dense term's page (every product matches) through the contract reads it.
    const page = await admin.ok('catalogue.list', { filters: { search: 'qz' } })
    expect(page.items.map((i) => i.code)).toEqual(['PY-0'])
  })
})

describe('product_pinyin_keys on a device that receives products by sync', () => {
  const shared = useSharedDatabase()

  it('holds the projected products, their renames and removals', async () => {
    const a = await shared.device('alice')
    const admin = await setupCompany(a.t)
    const p1 = await admin.ok('catalogue.create', { code: 'SY-001', name: '同步产品', listPrice: 100 })
    const p2 = await admin.ok('catalogue.create', { code: 'SY-002', name: '螺丝', listPrice: 200 })
    await syncAll([a], 1)
    const b = await shared.device('bob')
    await syncAll([b], 1)
    const sqliteB = b.t.app.database.sqlite
    expect(same(sqliteB)).toBe(2)
    await admin.ok('catalogue.update', { id: p1.id, name: '扳手' })
    await admin.ok('catalogue.remove', { id: p2.id })
    await syncAll([a, b], 2)
    same(sqliteB)
    expect(keysOf(sqliteB, p1.id)).toContain('p:bs')
    expect(keysOf(sqliteB, p1.id)).not.toContain('p:tbcp')
    expect(keysOf(sqliteB, p2.id)).toEqual([])
  })
})
