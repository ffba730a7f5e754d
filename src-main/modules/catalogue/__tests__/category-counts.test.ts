import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, type TestApp } from '../../../testing'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** What product_category_counts must hold: live products per category ('' = none), recounted. */
const RECOUNT = `SELECT ifnull(category_id, '') AS c, count(*) AS n FROM products WHERE deleted_at IS NULL GROUP BY 1 ORDER BY 1`
const KEPT = 'SELECT category_id AS c, n FROM product_category_counts WHERE n <> 0 ORDER BY 1'

describe('product_category_counts (categoryTree without counting products)', () => {
  it('follows every product write in the same transaction: create, move, remove, category removal with moveTo, direct SQL (sync, demo removal)', async () => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const { sqlite } = t.app.database
    const same = () => expect(sqlite.prepare(KEPT).all()).toEqual(sqlite.prepare(RECOUNT).all())
    const a = await admin.ok('catalogue.saveCategory', { name: '五金' })
    const b = await admin.ok('catalogue.saveCategory', { name: '螺丝', parentId: a.id })
    const c = await admin.ok('catalogue.saveCategory', { name: '办公' })
    const mk = (code: string, categoryId: string | null) => admin.ok('catalogue.create', { code, name: `产品${code}`, listPrice: 100, categoryId })
    const p = [await mk('1', b.id), await mk('2', b.id), await mk('3', a.id), await mk('4', null), await mk('5', c.id)]
    same()
    await admin.ok('catalogue.update', { id: p[0]!.id, categoryId: c.id })
    await admin.ok('catalogue.update', { id: p[3]!.id, categoryId: b.id })
    await admin.ok('catalogue.update', { id: p[2]!.id, name: '改名不改分类' })
    await admin.ok('catalogue.remove', { id: p[1]!.id })
    same()
    let tree = await admin.ok('catalogue.categoryTree', {})
    expect(Object.fromEntries(tree.nodes.map((n) => [n.name, [n.productCount, n.totalCount]]))).toEqual({ 五金: [1, 2], 螺丝: [1, 1], 办公: [2, 2] })
    // Moving a category changes totals only (read through the tree), no direct count.
    await admin.ok('catalogue.moveCategory', { id: b.id, parentId: c.id, index: 0 })
    tree = await admin.ok('catalogue.categoryTree', {})
    expect(Object.fromEntries(tree.nodes.map((n) => [n.name, [n.productCount, n.totalCount]]))).toEqual({ 五金: [1, 1], 螺丝: [1, 1], 办公: [2, 3] })
    await admin.ok('catalogue.removeCategory', { id: c.id, moveTo: 'root' })
    same()
    tree = await admin.ok('catalogue.categoryTree', {})
    expect(tree).toMatchObject({ uncategorized: 2, total: 4 })
    // Writers outside the services (sync projector upserts, demo removal deletes) keep it too.
    sqlite.prepare('UPDATE products SET deleted_at = 1 WHERE id = ?').run(p[4]!.id)
    sqlite.prepare('UPDATE products SET deleted_at = NULL WHERE id = ?').run(p[4]!.id)
    sqlite.prepare('DELETE FROM products WHERE id = ?').run(p[2]!.id)
    same()
    expect(await admin.ok('catalogue.categoryTree', {})).toMatchObject({ uncategorized: 2, total: 3 })
  })
})
