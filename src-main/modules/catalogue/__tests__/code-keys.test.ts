import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, MIGRATIONS_DIR, setupCompany, type TestApp } from '../../../testing'
import { useSharedDatabase } from '../../../testing/shared-db'
import { syncAll } from '../../../testing/sync'
import type { Sqlite } from '../../../core/db'
import { CatalogueRepository } from '../catalogue.repository'
import type { ProductsService } from '../products.service'
import { rebuildProductSearch } from '../search'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** What product_code_keys (migration 0027) must hold: each live product's `c:` key with its columns, from the sources. */
const EXPECTED = `SELECT k.key, p.id AS productId, p.rowid AS rid, p.code, p.category_id AS categoryId, p.status, p.list_price AS listPrice, p.updated_at AS updatedAt
  FROM product_keys k JOIN products p ON p.id = k.product_id WHERE k.key >= 'c:' AND k.key < 'c;' AND p.deleted_at IS NULL ORDER BY 1, 2`
const KEPT = `SELECT key, product_id AS productId, rid, code, category_id AS categoryId, status, list_price AS listPrice, updated_at AS updatedAt FROM product_code_keys ORDER BY 1, 2`
const same = (sqlite: Sqlite) => {
  const kept = sqlite.prepare(KEPT).all()
  expect(kept).toEqual(sqlite.prepare(EXPECTED).all())
  return kept.length
}

describe('product_code_keys (code-prefix search without reading products)', () => {
  it('follows create, code/category/status/price changes, removal, direct SQL and a search rebuild; code-prefix pages read it', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { sqlite } = t.app.database
    const a = await admin.ok('catalogue.saveCategory', { name: '五金' })
    const b = await admin.ok('catalogue.saveCategory', { name: '螺丝', parentId: a.id })
    // Names without latin words, so only the code part of a latin search matches.
    let n = 0
    const mk = (code: string, categoryId: string | null, listPrice = 100) => admin.ok('catalogue.create', { code, name: `产品${n++}`, listPrice, categoryId })
    const p = [await mk('LB4-001', b.id), await mk('lb4-002', a.id, 300), await mk('LB5-001', null), await mk('ＬＢ４－003', b.id, 200)]
    expect(same(sqlite)).toBe(4)
    // The migration's backfill (its last statement) writes the same rows for a database that already holds products.
    const backfill = readFileSync(join(MIGRATIONS_DIR, '0027_catalogue_code_keys.sql'), 'utf8').split('--> statement-breakpoint').pop()!
    sqlite.exec('DELETE FROM product_code_keys')
    sqlite.exec(backfill)
    expect(same(sqlite)).toBe(4)
    await admin.ok('catalogue.update', { id: p[0]!.id, code: 'XY-001' })
    await admin.ok('catalogue.update', { id: p[1]!.id, categoryId: b.id, status: 'inactive', listPrice: 50 })
    await admin.ok('catalogue.update', { id: p[2]!.id, name: '只改名' })
    expect(same(sqlite)).toBe(4)
    await admin.ok('catalogue.remove', { id: p[2]!.id })
    expect(same(sqlite)).toBe(3)

    // The list reads it (full-width code matched as typed half-width), with filters and both directions.
    const repo = new CatalogueRepository(t.app.database.db, sqlite)
    const before = new CatalogueRepository(t.app.database.db, sqlite, { codeKeys: false, scanMax: 0 })
    const svc = t.app.services.catalogue as ProductsService
    for (const filters of [{ search: 'lb4' }, { search: 'LB4', categoryId: a.id }, { search: 'lb', status: 'active' as const }, { search: 'lb4', minPrice: 100 }, { search: 'xy' }]) {
      for (const sort of [{ field: 'code', dir: 'asc' }, { field: 'listPrice', dir: 'desc' }, { field: 'updatedAt', dir: 'asc' }] as const) {
        const q = { spec: svc.spec(filters), sort, after: null, limit: 50, withCost: true }
        expect(repo.explainList(q).strategy).toBe('codeKeys')
        expect(repo.listPage(q), JSON.stringify([filters, sort])).toEqual(before.listPage(q))
      }
    }
    const q = { spec: svc.spec({ search: 'lb4' }), sort: { field: 'code', dir: 'asc' } as const, after: null, limit: 50, withCost: false }
    expect(repo.listPage(q).items.map((i) => i.code)).toEqual(['lb4-002', 'ＬＢ４－003'])
    // One range of the table's key, sorted on its own columns: no product row but the page's.
    expect(repo.explainList(q).plan.join('\n')).toMatch(/SEARCH ck USING PRIMARY KEY \(key>\? AND key<\?\)/)

    // Writers outside the services (sync projector upserts, demo removal deletes, bulk rebuild).
    sqlite.prepare('UPDATE products SET category_id = NULL, code = ? WHERE id = ?').run('LB4-009', p[3]!.id)
    rebuildProductSearch(sqlite)
    expect(same(sqlite)).toBe(3)
    sqlite.prepare('UPDATE products SET deleted_at = 1 WHERE id = ?').run(p[1]!.id)
    expect(same(sqlite)).toBe(2)
    sqlite.prepare('DELETE FROM products WHERE id = ?').run(p[3]!.id)
    expect(same(sqlite)).toBe(1)
    // Keyed by rowid, like products_fts: products has no INTEGER PRIMARY KEY, so this relies on
    // VACUUM (and the backup's VACUUM INTO) copying rowids as they are, which SQLite's transfer
    // does. Guarded here against an SQLite upgrade that would renumber them (rows deleted above).
    const rowids = sqlite.prepare('SELECT rowid, id FROM products ORDER BY id').all()
    sqlite.exec('VACUUM')
    expect(sqlite.prepare('SELECT rowid, id FROM products ORDER BY id').all()).toEqual(rowids)
    expect(same(sqlite)).toBe(1)
  })
})

describe('product_code_keys on a device that receives products by sync', () => {
  const shared = useSharedDatabase()

  it('holds the projected products, their changes and removals', async () => {
    const a = await shared.device('alice')
    const admin = await setupCompany(a.t)
    const cat = await admin.ok('catalogue.saveCategory', { name: '五金' })
    const p1 = await admin.ok('catalogue.create', { code: 'SY-001', name: '同步产品一', listPrice: 100, categoryId: cat.id })
    const p2 = await admin.ok('catalogue.create', { code: 'SY-002', name: '同步产品二', listPrice: 200 })
    await syncAll([a], 1)
    const b = await shared.device('bob')
    await syncAll([b], 1)
    const sqliteB = b.t.app.database.sqlite
    expect(same(sqliteB)).toBe(2)
    await admin.ok('catalogue.update', { id: p1.id, code: 'SZ-001', categoryId: null, status: 'inactive', listPrice: 150 })
    await admin.ok('catalogue.remove', { id: p2.id })
    await syncAll([a, b], 2)
    expect(same(sqliteB)).toBe(1)
    expect(sqliteB.prepare('SELECT key, code, category_id AS c, status, list_price AS price FROM product_code_keys').all())
      .toEqual([{ key: 'c:sz-001', code: 'SZ-001', c: null, status: 'inactive', price: 150 }])
  })
})
