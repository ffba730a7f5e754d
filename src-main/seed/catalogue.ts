import { costId } from '../modules/catalogue/products.service'
import { pinyinInitials } from '../modules/customers/search-keys'
import type { SeedContext } from './bulk'
import { YEAR } from './customers'
import type { ScaleSpec } from './scales'
import { BRANDS, CATALOGUE } from './vocab'

export interface SeedProduct { id: string; code: string; name: string; spec: string; listPrice: number; floorPrice: number; standardCost: number; taxRate: number; categoryId: string; unit: string }

/** EAN-13 barcode with China's 69 prefix and a valid check digit. */
function barcode(digits: string): string {
  const d = `69${digits}`
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3)
  return d + ((10 - (sum % 10)) % 10)
}

/** Prices as shops set them: ¥x9 / ¥x99 / round hundreds, in fen. */
function shopPrice(yuan: number): number {
  if (yuan < 20) return Math.round(yuan * 10) * 10
  if (yuan < 200) return (Math.floor(yuan / 10) * 10 + 9) * 100
  if (yuan < 2000) return (Math.floor(yuan / 100) * 100 + 99) * 100
  return Math.round(yuan / 100) * 100 * 100
}

/**
 * 产品分类 (two levels, from the vocabulary) and 产品资料 spread over them, with costs in
 * product_costs (id derived from the product id, as the catalogue module does). Search data
 * (products_fts, product_keys) is built afterwards in bulk.
 */
export function seedCatalogue(ctx: SeedContext, spec: ScaleSpec, adminId: string): { categories: number; products: SeedProduct[] } {
  const r = ctx.rng('catalogue')
  const start = ctx.baseTime - (spec.years + 0.5) * YEAR
  let tick = 0
  const leaves: { id: string; code: string; spec: (typeof CATALOGUE)[number]['children'][number] }[] = []
  let categories = 0
  ctx.sqlite.transaction(() => {
    for (const [i, top] of CATALOGUE.entries()) {
      const topId = ctx.id(start + tick++, r)
      ctx.insert('product_categories', { ...ctx.base(topId, start, adminId), name: top.name, parent_id: null, sort: (i + 1) * 10 })
      categories++
      for (const [k, child] of top.children.entries()) {
        const id = ctx.id(start + tick++, r)
        ctx.insert('product_categories', { ...ctx.base(id, start, adminId), name: child.name, parent_id: topId, sort: (k + 1) * 10 })
        leaves.push({ id, code: `${String.fromCharCode(65 + i)}${k + 1}`, spec: child })
        categories++
      }
    }
  })()
  const products: SeedProduct[] = []
  const spacing = ((spec.years + 0.4) * YEAR) / Math.max(1, spec.products)
  const rows: { p: SeedProduct; createdAt: number; barcode: string | null; status: string }[] = []
  for (let i = 0; i < spec.products; i++) {
    const leaf = r.pick(leaves)
    const createdAt = Math.floor(start + YEAR * 0.05 + i * spacing)
    const brand = r.pick(BRANDS)
    const item = r.pick(leaf.spec.items)
    const specText = `${r.pick(leaf.spec.specs)}${r.chance(0.3) ? ` ${r.pick(['标准版', '加强版', '升级款', 'Pro', '经济型'])}` : ''}`
    const [lo, hi] = leaf.spec.price
    const listPrice = shopPrice(lo * Math.pow(hi / lo, r.next()))
    const costShare = 0.55 + r.next() * 0.25
    const taxRate = leaf.spec.unit === '次' ? 600 : 1300
    const p: SeedProduct = {
      id: ctx.id(createdAt, r), code: `${leaf.code}-${String(i + 1).padStart(6, '0')}`, name: `${brand}${item}`, spec: specText, listPrice,
      floorPrice: Math.round(listPrice * (0.82 + r.next() * 0.13)), standardCost: Math.round(listPrice * costShare), taxRate, categoryId: leaf.id, unit: leaf.spec.unit,
    }
    products.push(p)
    rows.push({ p, createdAt, barcode: r.chance(0.7) ? barcode(r.digits(10)) : null, status: r.chance(0.95) ? 'active' : 'inactive' })
  }
  ctx.inBatches('products', rows, (x) => {
    ctx.insert('products', [ctx.base(x.p.id, x.createdAt, adminId), {
      code: x.p.code, name: x.p.name, pinyin: pinyinInitials(x.p.name)[0] ?? '', spec: x.p.spec, unit: x.p.unit,
      barcode: x.barcode, category_id: x.p.categoryId, list_price: x.p.listPrice, tax_rate: x.p.taxRate, status: x.status, image_ref: null, notes: null,
    }])
  })
  // Derived ids do not follow creation order: sorted here so the b-tree is appended.
  const costs = rows.map((x) => ({ id: costId(x.p.id), x })).sort((a, b) => (a.id < b.id ? -1 : 1))
  ctx.inBatches('product costs', costs, ({ id, x }) => {
    ctx.insert('product_costs', [ctx.base(id, x.createdAt, adminId), { product_id: x.p.id, floor_price: x.p.floorPrice, standard_cost: x.p.standardCost }])
  })
  return { categories, products }
}
