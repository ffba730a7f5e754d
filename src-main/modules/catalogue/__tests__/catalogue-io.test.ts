import { afterEach, describe, expect, it } from 'vitest'
import { readImportTable } from '../../customers/import-parse'
import { createTestApp, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import { parseTaxRate, parseYuan } from '../catalogue-import'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

async function start(): Promise<TestClient> {
  t = createTestApp()
  return setupCompany(t)
}

const csv = (lines: string[]) => ({ fileName: 'products.csv', contentBase64: Buffer.from(lines.join('\r\n'), 'utf8').toString('base64') })
const HEADER = '产品编码,产品名称,规格型号,单位,条形码,产品分类,标准售价(元),最低售价(元),标准成本(元),税率,状态,备注'

describe('product import', () => {
  it('parses prices in yuan and tax rates the ways people write them', () => {
    expect([parseYuan('12'), parseYuan('¥1,299.5'), parseYuan('0.05元'), parseYuan('1.234'), parseYuan('-1'), parseYuan('abc')]).toEqual([1200, 129_950, 5, null, null, null])
    expect([parseTaxRate('13%'), parseTaxRate('13'), parseTaxRate('0.13'), parseTaxRate('6.5%'), parseTaxRate('0'), parseTaxRate('120'), parseTaxRate('x')]).toEqual([1300, 1300, 1300, 650, 0, null, null])
  })

  it('reports every row, suggests the mapping, and commits all or nothing', async () => {
    const admin = await start()
    await admin.ok('catalogue.create', { code: 'OLD-1', name: '旧产品', listPrice: 500, barcode: '99990000' })
    const bad = csv([
      HEADER,
      'N-1,新产品一,M8,个,,五金/螺丝,12.50,10,6,13%,启用,第一行',
      'N-2,,,,,,,,,,,', // no name
      'n-1,重复编码,,,,,1,,,,,', // same code as row 2 (case-insensitive)
      'N-3,价格错,,,,,12.345,,,,,',
      'N-4,底价高,,,,,10,20,,,,',
      'N-5,条码重复,,,99990000,,1,,,,,',
      'N-6,状态错,,,,,1,,,9,半停,',
      'OLD-1,旧产品改,,,,,6,,,,,',
    ])
    const preview = await admin.ok('catalogue.importPreview', { ...bad, duplicateMode: 'update' })
    expect(preview.missingRequired).toEqual([])
    expect(preview.mapping).toMatchObject({ 产品编码: 'code', 产品名称: 'name', '标准售价(元)': 'listPrice', '最低售价(元)': 'floorPrice', 税率: 'taxRate', 产品分类: 'category' })
    const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r]))
    expect(byRow[2]).toMatchObject({ status: 'new', action: 'create', errors: [], warnings: [{ messageKey: 'catalogue.import.newCategory', params: { path: '五金 / 螺丝' } }] })
    expect(byRow[3]!.errors.map((e) => e.messageKey)).toEqual(['errors.importProductNameRequired'])
    expect(byRow[4]!.errors).toMatchObject([{ messageKey: 'errors.importDuplicateCodeInFile', params: { firstRow: 2 } }])
    expect(byRow[5]!.errors.map((e) => e.messageKey)).toEqual(['errors.importInvalidPrice'])
    expect(byRow[6]!.errors.map((e) => e.messageKey)).toEqual(['errors.importFloorAboveList'])
    expect(byRow[7]!.errors.map((e) => e.messageKey)).toEqual(['errors.importBarcodeTaken'])
    expect(byRow[8]!.errors.map((e) => e.messageKey)).toEqual(['errors.importInvalidProductStatus'])
    expect(byRow[9]).toMatchObject({ status: 'duplicate', action: 'update' })
    expect(preview.totals).toMatchObject({ rows: 8, error: 6, new: 1, duplicate: 1, newCategories: 1 })

    const before = (await admin.ok('catalogue.count', {})).total
    const r = await admin.call('catalogue.importCommit', { ...bad, duplicateMode: 'update' })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.productImportHasErrors', details: { errorCount: 6 } } })
    expect((await admin.ok('catalogue.count', {})).total).toBe(before)
    expect((await admin.ok('catalogue.categoryTree', {})).nodes).toHaveLength(0)

    const good = csv([HEADER, 'N-1,新产品一,M8,个,,五金/螺丝,12.50,10,6,13%,启用,第一行', 'N-2,新产品二,,,,五金,3,,,9%,停用,', 'OLD-1,旧产品改,,,,,6,,,,,'])
    expect(await admin.ok('catalogue.importCommit', { ...good, duplicateMode: 'update' })).toEqual({ created: 2, updated: 1, skipped: 0, categoriesCreated: 2 })
    const n1 = (await admin.ok('catalogue.list', { filters: { search: 'N-1' } })).items[0]!
    expect(n1).toMatchObject({ name: '新产品一', spec: 'M8', unit: '个', listPrice: 1250, floorPrice: 1000, standardCost: 600, taxRate: 1300, status: 'active', categoryName: '螺丝' })
    expect((await admin.ok('catalogue.list', { filters: { search: 'OLD-1' } })).items[0]).toMatchObject({ name: '旧产品改', listPrice: 600, barcode: '99990000' })
    const tree = await admin.ok('catalogue.categoryTree', {})
    expect(tree.nodes.map((n) => [n.name, n.totalCount])).toEqual([['五金', 2], ['螺丝', 1]])
    // Skip mode leaves existing products alone.
    expect(await admin.ok('catalogue.importCommit', { ...csv([HEADER, 'OLD-1,再改,,,,,7,,,,,']), duplicateMode: 'skip' })).toMatchObject({ skipped: 1, updated: 0 })
  })

  it('needs catalogue.edit, and catalogue.viewCost for cost columns', async () => {
    const admin = await start()
    const { client: sales } = await userWithRole(t!, admin, 's1', 'salesperson')
    expect(await sales.call('catalogue.importPreview', { ...csv([HEADER]), duplicateMode: 'skip' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const role = await admin.ok('admin.saveRole', { name: '产品管理', permissions: ['catalogue.view', 'catalogue.edit'], scopes: { customers: 'own', sales: 'own', service: 'own', finance: 'own', office: 'own' } })
    await admin.ok('admin.createUser', { username: 'pm', password: 'user-pass-1', displayName: 'pm', roleId: role.id })
    const pm = t!.connect('pm')
    await pm.ok('auth.login', { username: 'pm', password: 'user-pass-1' })
    // Suggestions leave cost columns unmapped for them; mapping one explicitly is refused.
    const p = await pm.ok('catalogue.importPreview', { ...csv([HEADER, 'A,甲,,,,,1,0.5,0.2,,,']), duplicateMode: 'skip' })
    expect(p.mapping['最低售价(元)']).toBe('')
    expect(p.rows[0]).toMatchObject({ status: 'new' })
    expect(await pm.call('catalogue.importPreview', { ...csv([HEADER]), mapping: { 产品编码: 'code', 产品名称: 'name', '标准成本(元)': 'standardCost' }, duplicateMode: 'skip' }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'catalogue.viewCost' } } })
  })
})

describe('product export', () => {
  async function fill(admin: TestClient) {
    const cat = await admin.ok('catalogue.saveCategory', { name: '电子' })
    const sub = await admin.ok('catalogue.saveCategory', { name: '手机', parentId: cat.id })
    await admin.ok('catalogue.create', { code: 'E-1', name: '智能手机', spec: '8+256G', unit: '台', barcode: '6900000000011', categoryId: sub.id, listPrice: 399_900, floorPrice: 350_000, standardCost: 280_000, taxRate: 1300, notes: '含"引号",逗号' })
    await admin.ok('catalogue.create', { code: 'E-2', name: '=SUM(A1)', listPrice: 5, taxRate: 650, status: 'inactive' })
  }

  it('round-trips through CSV (UTF-8 with BOM) and xlsx into another company', async () => {
    const admin = await start()
    await fill(admin)
    const before = (await admin.ok('catalogue.list', { limit: 10 })).items
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await admin.ok('catalogue.export', { format })
      const bytes = Buffer.from(file.contentBase64, 'base64')
      if (format === 'csv') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const table = await readImportTable(file.fileName, bytes)
      expect(table.columns).toEqual(HEADER.split(','))
      // A fresh database: the import recreates the same products and categories.
      const other = createTestApp()
      try {
        const a2 = await setupCompany(other)
        const res = await a2.ok('catalogue.importCommit', { fileName: file.fileName, contentBase64: file.contentBase64, duplicateMode: 'skip' })
        expect(res).toEqual({ created: 2, updated: 0, skipped: 0, categoriesCreated: 2 })
        const after = (await a2.ok('catalogue.list', { limit: 10 })).items
        const strip = (x: typeof before) => x.map(({ id: _i, updatedAt: _u, categoryId: _c, ...rest }) => rest)
        expect(strip(after)).toEqual(strip(before))
        const e1 = after.find((p) => p.code === 'E-1')!
        expect((await a2.ok('catalogue.get', { id: e1.id })).notes).toBe('含"引号",逗号')
      } finally { other.close() }
    }
  })

  it('leaves cost columns out for roles without catalogue.viewCost and needs catalogue.export', async () => {
    const admin = await start()
    await fill(admin)
    const role = await admin.ok('admin.saveRole', { name: '只看', permissions: ['catalogue.view', 'catalogue.export'], scopes: { customers: 'own', sales: 'own', service: 'own', finance: 'own', office: 'own' } })
    await admin.ok('admin.createUser', { username: 'viewer', password: 'user-pass-1', displayName: 'viewer', roleId: role.id })
    const v = t!.connect('v')
    await v.ok('auth.login', { username: 'viewer', password: 'user-pass-1' })
    const file = await v.ok('catalogue.export', { format: 'csv' })
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8')
    expect(text).not.toContain('最低售价')
    expect(text).not.toContain('3500.00')
    expect(text).toContain('3999.00')
    const { client: sales } = await userWithRole(t!, admin, 's1', 'salesperson')
    expect(await sales.call('catalogue.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
