import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import { CatalogueRepository } from '../catalogue.repository'
import { ProductsService } from '../products.service'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

async function start(): Promise<{ t: TestApp; admin: TestClient }> {
  t = createTestApp()
  return { t, admin: await setupCompany(t) }
}

const product = (code: string, name: string, extra: Record<string, unknown> = {}) => ({ code, name, listPrice: 10_000, ...extra })

describe('products', () => {
  it('creates, reads, updates and removes a product; prices in fen, tax in basis points', async () => {
    const { admin } = await start()
    const p = await admin.ok('catalogue.create', product('A-001', '不锈钢螺丝', { spec: 'M8×30', unit: '盒', listPrice: 1250, floorPrice: 1000, standardCost: 600, taxRate: 900, barcode: '6901234567890' }))
    expect(p).toMatchObject({ code: 'A-001', name: '不锈钢螺丝', spec: 'M8×30', unit: '盒', listPrice: 1250, floorPrice: 1000, standardCost: 600, taxRate: 900, status: 'active', costVisible: true, canEdit: true })
    const updated = await admin.ok('catalogue.update', { id: p.id, listPrice: 1500, status: 'inactive', spec: '' })
    expect(updated).toMatchObject({ listPrice: 1500, status: 'inactive', spec: null, floorPrice: 1000 })
    expect(await admin.ok('catalogue.get', { id: p.id })).toMatchObject({ listPrice: 1500 })
    await admin.ok('catalogue.remove', { id: p.id })
    expect(await admin.call('catalogue.get', { id: p.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await admin.ok('catalogue.list', {})).items).toHaveLength(0)
  })

  it('keeps codes unique among live products (case-insensitive) and barcodes unique when given', async () => {
    const { admin } = await start()
    const a = await admin.ok('catalogue.create', product('SKU-1', '甲', { barcode: '12345678' }))
    expect(await admin.call('catalogue.create', product('sku-1', '乙'))).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.productCodeTaken', details: { productId: a.id } } })
    expect(await admin.call('catalogue.create', product('SKU-2', '乙', { barcode: '12345678' }))).toMatchObject({ ok: false, error: { messageKey: 'errors.productBarcodeTaken' } })
    const b = await admin.ok('catalogue.create', product('SKU-2', '乙'))
    expect(await admin.call('catalogue.update', { id: b.id, code: 'SKU-1' })).toMatchObject({ ok: false, error: { messageKey: 'errors.productCodeTaken' } })
    // Saving a product with its own code is fine; a removed product frees its code.
    await admin.ok('catalogue.update', { id: a.id, code: 'SKU-1', name: '甲甲' })
    await admin.ok('catalogue.remove', { id: a.id })
    await admin.ok('catalogue.create', product('SKU-1', '丙', { barcode: '12345678' }))
  })

  it('refuses a floor price above the list price', async () => {
    const { admin } = await start()
    expect(await admin.call('catalogue.create', product('X', '甲', { listPrice: 100, floorPrice: 200 }))).toMatchObject({ ok: false, error: { messageKey: 'errors.floorAboveList' } })
  })

  it('finds products by pinyin initials, code and barcode prefix, Chinese substrings and spec words', async () => {
    const { admin } = await start()
    const screw = await admin.ok('catalogue.create', product('LS-8830', '不锈钢螺丝', { spec: 'M8 304材质', barcode: '6901234567890' }))
    const phone = await admin.ok('catalogue.create', product('PH-100', '长安手机', { spec: 'X10' }))
    await admin.ok('catalogue.create', product('ZZ-1', '办公桌'))
    const ids = async (search: string) => (await admin.ok('catalogue.list', { filters: { search } })).items.map((i) => i.id)
    expect(await ids('bxgls')).toEqual([screw.id])
    expect(await ids('BXG')).toEqual([screw.id])
    // Polyphonic 长: either reading finds it.
    expect(await ids('casj')).toEqual([phone.id])
    expect(await ids('zasj')).toEqual([phone.id])
    expect(await ids('ls-88')).toEqual([screw.id])
    expect(await ids('690123')).toEqual([screw.id])
    expect(await ids('螺丝')).toEqual([screw.id])
    expect(await ids('锈钢螺')).toEqual([screw.id])
    expect(await ids('x10')).toEqual([phone.id])
    expect(await ids('304')).toEqual([screw.id])
    expect(await ids('手')).toEqual([phone.id])
    expect(await ids('不存在')).toEqual([])
    expect(await admin.ok('catalogue.count', { filters: { search: 'bxg' } })).toEqual({ total: 1, capped: false })
  })

  it('pages with keyset cursors in every sort, with price and status filters', async () => {
    const { t, admin } = await start()
    for (let i = 0; i < 25; i++) {
      t.clock.advance(1000)
      await admin.ok('catalogue.create', product(`P${String(i).padStart(3, '0')}`, `产品${i}`, { listPrice: (i % 5) * 100, status: i % 4 === 0 ? 'inactive' : 'active' }))
    }
    for (const sort of [{ field: 'code', dir: 'asc' }, { field: 'name', dir: 'desc' }, { field: 'listPrice', dir: 'asc' }, { field: 'updatedAt', dir: 'desc' }] as const) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: Awaited<ReturnType<typeof admin.ok<'catalogue.list'>>> = await admin.ok('catalogue.list', { sort, cursor, limit: 7 })
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(new Set(seen).size, sort.field).toBe(25)
    }
    const byPrice = await admin.ok('catalogue.list', { sort: { field: 'listPrice', dir: 'asc' }, limit: 200 })
    const prices = byPrice.items.map((i) => i.listPrice)
    expect(prices).toEqual([...prices].sort((a, b) => a - b))
    const ranged = await admin.ok('catalogue.list', { filters: { minPrice: 100, maxPrice: 200, status: 'active' }, limit: 200 })
    expect(ranged.items.every((i) => i.listPrice >= 100 && i.listPrice <= 200 && i.status === 'active')).toBe(true)
    expect(ranged.items.length).toBe((await admin.ok('catalogue.count', { filters: { minPrice: 100, maxPrice: 200, status: 'active' } })).total)
    expect(await admin.call('catalogue.list', { cursor: 'bm9wZQ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('runs every page strategy (drive from each source, walk, code keys, category scan) with the same results', async () => {
    const { t, admin } = await start()
    const cat = await admin.ok('catalogue.saveCategory', { name: '五金' })
    for (let i = 0; i < 30; i++) await admin.ok('catalogue.create', product(`W${i}`, i % 2 ? '螺丝刀' : '扳手', { listPrice: i * 10, categoryId: i < 10 ? cat.id : null, status: i % 3 ? 'active' : 'inactive' }))
    const sqlite = t.app.database.sqlite
    // The first (the reference) without the codeKeys and scan shortcuts, the pinyin probe by rowid
    // and the covering price drive: they must agree with it.
    const old = { codeKeys: false, pinyinKeys: false, priceIndex: false }
    const repos = [
      { driveMax: 5, denseShare: 0.01, armsMax: 0, scanMax: 0, ...old }, { driveMax: 5, denseShare: 0.9, armsMax: 0 },
      { driveMax: 5, denseShare: 0.9, armsMax: 32 }, { driveMax: 10_000, denseShare: 0.9, armsMax: 0 },
      { driveMax: 5, denseShare: 0.01, armsMax: 0, scanMax: 0 }, { driveMax: 10_000, denseShare: 0.9, armsMax: 0, ...old },
      { driveMax: 5, denseShare: 0.01, armsMax: 32, scanMax: 0 },
    ].map((limits) => new CatalogueRepository(t.app.database.db, sqlite, limits))
    const svc = t.app.services.catalogue as ProductsService
    const specs = [{ search: '螺丝' }, { search: '螺' }, { search: 'w1' }, { categoryId: cat.id }, { categoryId: 'none' as const }, { status: 'inactive' as const }, { minPrice: 50, maxPrice: 120 },
      { search: '扳手', categoryId: cat.id, status: 'active' as const }, { search: 'bs', categoryId: cat.id },
      { search: 'W1', categoryId: cat.id, status: 'active' as const }, { search: 'w', minPrice: 50, maxPrice: 250 }]
    const strategies = new Set<string>()
    for (const filters of specs) {
      for (const sort of [{ field: 'code', dir: 'asc' }, { field: 'name', dir: 'asc' }, { field: 'listPrice', dir: 'desc' }, { field: 'updatedAt', dir: 'desc' }] as const) {
        const q = { spec: svc.spec(filters), sort, after: null, limit: 100, withCost: false }
        const expected = repos[0]!.listPage(q).items.map((i) => i.id)
        expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0)
        for (const repo of repos) {
          expect(repo.listPage(q).items.map((i) => i.id), JSON.stringify(filters)).toEqual(expected)
          expect(repo.count(q.spec)).toEqual({ total: expected.length, capped: false })
          expect(repo.count(q.spec, 2)).toEqual(q.spec.search ? { total: Math.min(2, expected.length), capped: expected.length > 2 } : { total: expected.length, capped: false })
          strategies.add(repo.explainList(q).strategy)
        }
        // Pages of 3 through the cursor give the same order, whatever the strategy of each page.
        for (const repo of repos) {
          let cursor: (string | number)[] | null = null
          const paged: string[] = []
          for (;;) {
            const page = repo.listPage({ ...q, after: cursor, limit: 3 })
            paged.push(...page.items.map((i) => i.id))
            if (!page.nextCursor) break
            cursor = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString()).k
          }
          expect(paged, JSON.stringify(filters)).toEqual(expected)
        }
      }
    }
    expect([...strategies].sort()).toEqual(['arms', 'codeKeys', 'drive:price', 'drive:search', 'drive:status', 'scan', 'walk'])
    // A dense pinyin term checks rows walked in code order in product_pinyin_keys (same order), other
    // walks in product_keys; a small price range reads its index alone.
    const plan = (repo: CatalogueRepository, filters: Parameters<ProductsService['spec']>[0]) =>
      repo.explainList({ spec: svc.spec(filters), sort: { field: 'code', dir: 'asc' }, after: null, limit: 10, withCost: false }).plan.join('\n')
    expect(plan(repos[4]!, { search: 'lsd' })).toMatch(/SEARCH k EXISTS USING PRIMARY KEY \(code=\? AND product_id=\? AND key>\? AND key<\?\)/)
    expect(plan(repos[0]!, { search: 'lsd' })).toMatch(/product_keys_product/)
    expect(repos[4]!.explainList({ spec: svc.spec({ search: 'lsd' }), sort: { field: 'name', dir: 'asc' }, after: null, limit: 10, withCost: false }).plan.join('\n')).toMatch(/product_keys_product/)
    // (A product row is read by rowid for the page only, not also per candidate as before.)
    const rowReads = (p: string) => p.match(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/g)?.length
    expect(plan(repos[3]!, { minPrice: 50, maxPrice: 120 })).toMatch(/SEARCH p USING INDEX products_price \(list_price>\? AND list_price<\?\)/)
    expect(rowReads(plan(repos[3]!, { minPrice: 50, maxPrice: 120 }))).toBe(1)
    expect(rowReads(plan(repos[5]!, { minPrice: 50, maxPrice: 120 }))).toBe(2)
    // A term no part of the search matches (every key prefix and the FTS phrase dropped): an empty page, a zero count.
    for (const filters of [{ search: 'qqq' }, { search: '不存在' }, { search: 'qqq', categoryId: cat.id }]) {
      for (const repo of repos) {
        const q = { spec: svc.spec(filters), sort: { field: 'code', dir: 'asc' } as const, after: null, limit: 10, withCost: false }
        expect(repo.listPage(q)).toEqual({ items: [], nextCursor: null })
        expect(repo.count(q.spec)).toEqual({ total: 0, capped: false })
      }
    }
  })
})

describe('cost fields', () => {
  it('are absent for a salesperson (list, get, priceInfo) and refused in their input', async () => {
    const { t, admin } = await start()
    const p = await admin.ok('catalogue.create', product('C-1', '打印机', { listPrice: 200_000, floorPrice: 180_000, standardCost: 120_000 }))
    const { client: sales } = await userWithRole(t, admin, 'sales1', 'salesperson')
    const item = (await sales.ok('catalogue.list', {})).items[0]!
    expect(item.listPrice).toBe(200_000)
    expect('floorPrice' in item).toBe(false)
    expect('standardCost' in item).toBe(false)
    const detail = await sales.ok('catalogue.get', { id: p.id })
    expect(detail).toMatchObject({ costVisible: false, canEdit: false })
    expect('floorPrice' in detail || 'standardCost' in detail).toBe(false)
    const info = await sales.ok('catalogue.priceInfo', { productId: p.id, quotedPrice: 170_000 })
    expect(info).toEqual({ productId: p.id, code: 'C-1', name: '打印机', spec: null, unit: null, status: 'active', listPrice: 200_000, taxRate: 1300, hasFloor: true, belowFloor: true })
    expect((await sales.ok('catalogue.priceInfo', { productId: p.id, quotedPrice: 190_000 })).belowFloor).toBe(false)
    expect(await admin.ok('catalogue.priceInfo', { productId: p.id })).toMatchObject({ floorPrice: 180_000, standardCost: 120_000, belowFloor: null })
    expect(await sales.call('catalogue.create', product('C-2', '扫描仪'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // A 产品管理 role without catalogue.viewCost: may edit, may not see or set costs.
    const role = await admin.ok('admin.saveRole', { name: '产品管理', permissions: ['catalogue.view', 'catalogue.edit'], scopes: { customers: 'own', sales: 'own', service: 'own', finance: 'own', office: 'own' } })
    const editor = await admin.ok('admin.createUser', { username: 'pm', password: 'user-pass-1', displayName: '产品管理员', roleId: role.id })
    const pm = t.connect('pm')
    await pm.ok('auth.login', { username: 'pm', password: 'user-pass-1' })
    expect(editor.id).toBeTruthy()
    const edited = await pm.ok('catalogue.update', { id: p.id, name: '激光打印机' })
    expect('floorPrice' in edited).toBe(false)
    expect(await pm.call('catalogue.update', { id: p.id, floorPrice: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'catalogue.viewCost' } } })
    // The costs were kept through the editor's change.
    expect(await admin.ok('catalogue.get', { id: p.id })).toMatchObject({ name: '激光打印机', floorPrice: 180_000, standardCost: 120_000 })
  })

  it('are granted by default to roles that need them', async () => {
    const { t, admin } = await start()
    const roles = await admin.ok('admin.listRoles', {})
    const has = (code: string, p: string) => roles.find((r) => r.code === code)!.permissions.includes(p as never)
    expect(has('salesperson', 'catalogue.view') && !has('salesperson', 'catalogue.viewCost') && !has('salesperson', 'catalogue.edit')).toBe(true)
    expect(has('sales_manager', 'catalogue.viewCost')).toBe(true)
    expect(has('administrator', 'catalogue.edit')).toBe(true)
    for (const r of roles) expect(r.permissions, r.code ?? '').toContain('catalogue.view')
    expect(t).toBeTruthy()
  })
})

describe('images', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)])
  it('accepts PNG/JPEG/WebP by their bytes, refuses others and oversize, and serves them back', async () => {
    const { admin } = await start()
    const up = await admin.ok('catalogue.uploadImage', { fileName: 'x.txt', contentBase64: png.toString('base64') })
    expect(up).toMatchObject({ mime: 'image/png', size: 108 })
    expect(up.imageRef).toMatch(/^[0-9a-f]{64}$/)
    const p = await admin.ok('catalogue.create', product('I-1', '带图产品', { imageRef: up.imageRef }))
    expect(p.imageRef).toBe(up.imageRef)
    expect(await admin.ok('catalogue.image', { imageRef: up.imageRef })).toEqual({ mime: 'image/png', contentBase64: png.toString('base64') })
    expect(await admin.call('catalogue.uploadImage', { fileName: 'a.png', contentBase64: Buffer.from('GIF89a....').toString('base64') })).toMatchObject({ ok: false, error: { messageKey: 'errors.imageInvalid' } })
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), Buffer.alloc(20)])
    expect(await admin.ok('catalogue.uploadImage', { fileName: 'a', contentBase64: webp.toString('base64') })).toMatchObject({ mime: 'image/webp' })
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(1024 * 1024)])
    expect(await admin.call('catalogue.uploadImage', { fileName: 'a.jpg', contentBase64: big.toString('base64') })).toMatchObject({ ok: false })
    expect(await admin.call('catalogue.create', product('I-2', '图', { imageRef: 'a'.repeat(64) }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
