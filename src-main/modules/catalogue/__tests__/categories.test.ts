import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, type TestApp, type TestClient } from '../../../testing'
import { grantCatalogueDefaults } from '../role-defaults'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

async function start(): Promise<TestClient> {
  t = createTestApp()
  return setupCompany(t)
}

/** 电子 > 手机 > 5G手机, 电子 > 电脑, 办公; products: 2 in 5G, 1 in 手机, 1 in 电脑, 1 uncategorized. */
async function tree(admin: TestClient) {
  const dz = await admin.ok('catalogue.saveCategory', { name: '电子' })
  const sj = await admin.ok('catalogue.saveCategory', { name: '手机', parentId: dz.id })
  const g5 = await admin.ok('catalogue.saveCategory', { name: '5G手机', parentId: sj.id })
  const dn = await admin.ok('catalogue.saveCategory', { name: '电脑', parentId: dz.id })
  const bg = await admin.ok('catalogue.saveCategory', { name: '办公' })
  const mk = (code: string, categoryId: string | null) => admin.ok('catalogue.create', { code, name: `产品${code}`, listPrice: 100, categoryId })
  const p = [await mk('1', g5.id), await mk('2', g5.id), await mk('3', sj.id), await mk('4', dn.id), await mk('5', null)]
  return { dz, sj, g5, dn, bg, p }
}

const counts = async (admin: TestClient) => {
  const tr = await admin.ok('catalogue.categoryTree', {})
  return { ...Object.fromEntries(tr.nodes.map((n) => [n.name, [n.productCount, n.totalCount, n.childCount]])), uncategorized: tr.uncategorized, total: tr.total }
}

describe('categories', () => {
  it('counts products per node including descendants, and filters a list by a subtree', async () => {
    const admin = await start()
    const c = await tree(admin)
    expect(await counts(admin)).toEqual({ 电子: [0, 4, 2], 手机: [1, 3, 1], '5G手机': [2, 2, 0], 电脑: [1, 1, 0], 办公: [0, 0, 0], uncategorized: 1, total: 5 })
    const codes = async (filters: Record<string, unknown>) => (await admin.ok('catalogue.list', { filters })).items.map((i) => i.code)
    expect(await codes({ categoryId: c.sj.id })).toEqual(['1', '2', '3'])
    expect(await codes({ categoryId: c.sj.id, includeSubcategories: false })).toEqual(['3'])
    expect(await codes({ categoryId: c.dz.id })).toEqual(['1', '2', '3', '4'])
    expect(await codes({ categoryId: 'none' })).toEqual(['5'])
    expect((await admin.ok('catalogue.count', { filters: { categoryId: c.dz.id } })).total).toBe(4)
    expect((await admin.ok('catalogue.get', { id: c.p[0]!.id })).categoryPath).toEqual(['电子', '手机', '5G手机'])
  })

  it('moves and reorders, and refuses a move into its own subtree', async () => {
    const admin = await start()
    const c = await tree(admin)
    expect(await admin.call('catalogue.moveCategory', { id: c.dz.id, parentId: c.g5.id, index: 0 })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.categoryCycle' } })
    expect(await admin.call('catalogue.moveCategory', { id: c.dz.id, parentId: c.dz.id, index: 0 })).toMatchObject({ ok: false, error: { messageKey: 'errors.categoryCycle' } })
    await admin.ok('catalogue.moveCategory', { id: c.sj.id, parentId: c.bg.id, index: 0 })
    expect(await counts(admin)).toMatchObject({ 电子: [0, 1, 1], 办公: [0, 3, 1] })
    // Reorder at the top level: 办公 before 电子.
    await admin.ok('catalogue.moveCategory', { id: c.bg.id, parentId: null, index: 0 })
    const top = (await admin.ok('catalogue.categoryTree', {})).nodes.filter((n) => n.parentId === null).map((n) => n.name)
    expect(top).toEqual(['办公', '电子'])
    // Two siblings cannot share a name.
    await admin.ok('catalogue.saveCategory', { name: '电脑', parentId: c.bg.id })
    expect(await admin.call('catalogue.moveCategory', { id: c.dn.id, parentId: c.bg.id, index: 0 })).toMatchObject({ ok: false, error: { messageKey: 'errors.categoryNameTaken' } })
  })

  it('deletes only an empty category, or moves its contents where the user says', async () => {
    const admin = await start()
    const c = await tree(admin)
    expect(await admin.call('catalogue.removeCategory', { id: c.sj.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.categoryNotEmpty', details: { categories: 1, products: 1 } } })
    expect(await admin.call('catalogue.removeCategory', { id: c.sj.id, moveTo: c.g5.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.categoryCycle' } })
    await admin.ok('catalogue.removeCategory', { id: c.bg.id })
    expect(await admin.ok('catalogue.removeCategory', { id: c.sj.id, moveTo: c.dn.id })).toEqual({ ok: true, movedProducts: 1, movedCategories: 1 })
    expect(await counts(admin)).toEqual({ 电子: [0, 4, 1], 电脑: [2, 4, 1], '5G手机': [2, 2, 0], uncategorized: 1, total: 5 })
    await admin.ok('catalogue.removeCategory', { id: c.dn.id, moveTo: 'root' })
    expect(await counts(admin)).toEqual({ 电子: [0, 0, 0], '5G手机': [2, 2, 0], uncategorized: 3, total: 5 })
  })

  it('needs catalogue.edit to change the tree', async () => {
    const admin = await start()
    const { userWithRole } = await import('../../../testing')
    const { client } = await userWithRole(t!, admin, 's1', 'salesperson')
    expect(await client.call('catalogue.saveCategory', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await client.ok('catalogue.categoryTree', {})).toMatchObject({ nodes: [], total: 0 })
  })
})

describe('built-in roles of older databases', () => {
  it('get their catalogue permissions once', async () => {
    const admin = await start()
    const db = t!.app.database
    const rolesBefore = await admin.ok('admin.listRoles', {})
    const sales = rolesBefore.find((r) => r.code === 'salesperson')!
    // As if set up before the catalogue existed: no catalogue.* and no marker.
    db.sqlite.prepare(`UPDATE roles SET permissions = ? WHERE id = ?`).run(JSON.stringify(sales.permissions.filter((p) => !p.startsWith('catalogue.'))), sales.id)
    db.sqlite.prepare(`DELETE FROM local_meta WHERE key = 'catalogue.roleDefaults.v1'`).run()
    expect(grantCatalogueDefaults(db.db, t!.app.mutation, 0)).toBe(1)
    expect((await admin.ok('admin.listRoles', {})).find((r) => r.code === 'salesperson')!.permissions).toContain('catalogue.view')
    // Stripped later by an administrator: stays stripped.
    db.sqlite.prepare(`UPDATE roles SET permissions = ? WHERE id = ?`).run(JSON.stringify(['office.view']), sales.id)
    expect(grantCatalogueDefaults(db.db, t!.app.mutation, 0)).toBe(0)
  })
})
