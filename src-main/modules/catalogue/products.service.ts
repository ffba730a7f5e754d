/**
 * 产品资料 (WH-2): list/search, create/update/remove, price info for quotes, images.
 * Rules enforced here, in main: catalogue.view to read, catalogue.edit to write, and the cost
 * fields (floor price, standard cost) only for catalogue.viewCost — for everyone else they are
 * left out of every answer and refused in every input.
 */
import type { z } from 'zod'
import type {
  catalogue, createProductInput, PriceInfo, ProductDetail, ProductFilters, ProductListItem, updateProductInput,
} from '../../../src-preload/contracts/catalogue'
import type { Page, ParsedInputOf } from '../../../src-preload/contracts/define'
import { AppError, conflict, forbidden, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access, Actor } from '../auth/access'
import { derivedId } from '../pool/derived-id'
import type { CatalogueRepository, ProductRecord } from './catalogue.repository'
import { productCosts, products } from './catalogue.table'
import { acceptImage } from './images'
import { productUsage } from './product-usage'
import { decodeCursor, type ListSpec } from './product-list-query'
import { parseProductSearch } from './search'

type In<K extends keyof typeof catalogue> = ParsedInputOf<(typeof catalogue)[K]>

export interface CatalogueDeps { mutation: Mutation; access: Access; repo: CatalogueRepository; now: () => number }

/** The cost document of a product has an id derived from it, so devices write one document. */
export const costId = (productId: string) => derivedId('product_cost', productId)

/** Product fields as the service writes them (trimmed, '' → null). */
export interface ProductValues {
  code?: string; name?: string; spec?: string | null; unit?: string | null; barcode?: string | null; categoryId?: string | null
  listPrice?: number; floorPrice?: number | null; standardCost?: number | null; taxRate?: number; status?: 'active' | 'inactive'
  imageRef?: string | null; notes?: string | null
}

const emptyToNull = (v: string | null | undefined): string | null | undefined => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim())

export function valuesFromInput(input: Partial<z.output<typeof createProductInput>>): ProductValues {
  return {
    code: input.code, name: input.name, spec: emptyToNull(input.spec), unit: emptyToNull(input.unit), barcode: emptyToNull(input.barcode),
    categoryId: input.categoryId, listPrice: input.listPrice, floorPrice: input.floorPrice, standardCost: input.standardCost,
    taxRate: input.taxRate, status: input.status, imageRef: input.imageRef, notes: emptyToNull(input.notes),
  }
}

export class ProductsService {
  constructor(private readonly d: CatalogueDeps) {}

  canSeeCost(actor: Actor): boolean { return actor.permissions.has('catalogue.viewCost') }

  /** Resolves list filters: the category subtree (ids) and the parsed search. */
  spec(filters: ProductFilters): ListSpec {
    let categories: ListSpec['categories'] = null
    if (filters.categoryId === 'none') categories = 'none'
    else if (filters.categoryId) categories = filters.includeSubcategories === false ? [filters.categoryId] : this.d.repo.subtreeIds(filters.categoryId)
    return { filters, categories, search: parseProductSearch(filters.search) }
  }

  list(userId: string | null, input: In<'list'>): Page<ProductListItem> {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    const after = decodeCursor(input.cursor, input.sort)
    return this.d.repo.listPage({ spec: this.spec(input.filters), sort: input.sort, after, limit: input.limit, withCost: this.canSeeCost(actor) })
  }

  count(userId: string | null, input: In<'count'>): { total: number; capped: boolean } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    return this.d.repo.count(this.spec(input.filters))
  }

  get(userId: string | null, input: { id: string }): ProductDetail {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    const p = this.d.repo.liveProduct(input.id)
    if (!p) throw notFound('product')
    return this.detail(actor, p)
  }

  detail(actor: Actor, p: ProductRecord): ProductDetail {
    const path = p.categoryId ? this.d.repo.path(p.categoryId) : []
    const costVisible = this.canSeeCost(actor)
    const cost = costVisible ? this.d.repo.costOf(p.id) : undefined
    return {
      id: p.id, code: p.code, name: p.name, spec: p.spec, unit: p.unit, barcode: p.barcode, categoryId: p.categoryId,
      categoryName: path.length ? path[path.length - 1]!.name : null, categoryPath: path.map((c) => c.name),
      listPrice: p.listPrice, taxRate: p.taxRate, status: p.status, imageRef: p.imageRef, notes: p.notes,
      updatedAt: p.updatedAt, createdAt: p.createdAt,
      canEdit: actor.permissions.has('catalogue.edit'), costVisible,
      ...(costVisible ? { floorPrice: cost?.floorPrice ?? null, standardCost: cost?.standardCost ?? null } : {}),
    }
  }

  create(userId: string | null, input: z.output<typeof createProductInput>): ProductDetail {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    const id = this.d.mutation({ userId: actor.userId }, (w) => this.write(w, actor, null, valuesFromInput(input)).id)
    return this.detail(actor, this.d.repo.productById(id)!)
  }

  update(userId: string | null, input: z.output<typeof updateProductInput>): ProductDetail {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    const { id, ...rest } = input
    this.d.mutation({ userId: actor.userId }, (w) => {
      const existing = this.d.repo.liveProduct(id)
      if (!existing) throw notFound('product')
      this.write(w, actor, existing, valuesFromInput(rest))
    })
    return this.detail(actor, this.d.repo.productById(id)!)
  }

  /**
   * Checks and writes one product (insert when `existing` is null) and its cost document,
   * inside the caller's mutation. Shared by the editor and the import.
   */
  write(w: Writer, actor: Actor, existing: ProductRecord | null, v: ProductValues): ProductRecord {
    const costGiven = v.floorPrice !== undefined || v.standardCost !== undefined
    if (costGiven && !this.canSeeCost(actor)) throw forbidden('catalogue.viewCost')
    const code = v.code ?? existing?.code
    const name = v.name ?? existing?.name
    if (!code || !name) throw new AppError('VALIDATION', 'errors.validation', { issues: [{ path: code ? 'name' : 'code', code: 'too_small' }] })
    if (v.code !== undefined) {
      const taken = this.d.repo.codeTakenBy(code, existing?.id)
      if (taken) throw conflict('errors.productCodeTaken', { code, productId: taken.id, name: taken.name })
    }
    if (v.barcode) {
      const taken = this.d.repo.barcodeTakenBy(v.barcode, existing?.id)
      if (taken) throw conflict('errors.productBarcodeTaken', { barcode: v.barcode, code: taken.code })
    }
    if (v.categoryId && v.categoryId !== existing?.categoryId && !this.d.repo.categoryById(v.categoryId)) throw notFound('productCategory')
    if (v.imageRef && v.imageRef !== existing?.imageRef && !this.d.repo.image(v.imageRef)) throw notFound('image')
    const cost = existing ? this.d.repo.costOf(existing.id) : undefined
    const listPrice = v.listPrice ?? existing?.listPrice ?? 0
    const floorPrice = v.floorPrice !== undefined ? v.floorPrice : cost?.floorPrice ?? null
    if (floorPrice !== null && floorPrice > listPrice && (v.floorPrice !== undefined || v.listPrice !== undefined)) {
      throw new AppError('VALIDATION', 'errors.floorAboveList', { floorPrice, listPrice })
    }
    const fields = {
      code, name, spec: v.spec, unit: v.unit, barcode: v.barcode, categoryId: v.categoryId, listPrice: v.listPrice,
      taxRate: v.taxRate, status: v.status, imageRef: v.imageRef, notes: v.notes,
    }
    const patch = Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined)) as Partial<typeof products.$inferInsert>
    const row = existing ? w.update(products, existing.id, patch) : w.insert(products, { ...patch, code, name, pinyin: '' })
    if (costGiven) this.writeCost(w, row.id, { floorPrice: v.floorPrice, standardCost: v.standardCost })
    return row
  }

  private writeCost(w: Writer, productId: string, c: { floorPrice?: number | null; standardCost?: number | null }): void {
    const patch = Object.fromEntries(Object.entries(c).filter(([, x]) => x !== undefined))
    const id = costId(productId)
    const existing = this.d.repo.costById(id)
    if (!existing) w.insert(productCosts, { id, productId, floorPrice: c.floorPrice ?? null, standardCost: c.standardCost ?? null })
    else {
      if (existing.deletedAt) w.restore(productCosts, id)
      w.update(productCosts, id, patch)
    }
  }

  remove(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    this.d.mutation({ userId: actor.userId }, (w) => {
      const p = this.d.repo.liveProduct(input.id)
      if (!p) throw notFound('product')
      // Lines keep a snapshot, but price history, reports and re-pricing a revision follow the
      // product: one in use is deactivated (停用) instead, which keeps it out of new documents.
      const usedBy = productUsage(w.db, p.id)
      if (usedBy.length) throw conflict('errors.productInUse', { code: p.code, usedBy })
      w.softDelete(products, input.id)
      if (this.d.repo.costById(costId(input.id))) w.softDelete(productCosts, costId(input.id))
    })
    return { ok: true }
  }

  priceInfo(userId: string | null, input: In<'priceInfo'>): PriceInfo {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    const p = this.d.repo.priceRow(input.productId)
    if (!p) throw notFound('product')
    const belowFloor = input.quotedPrice === undefined || p.floorPrice === null ? null : input.quotedPrice < p.floorPrice
    return {
      productId: p.id, code: p.code, name: p.name, spec: p.spec, unit: p.unit, status: p.status, listPrice: p.listPrice, taxRate: p.taxRate,
      hasFloor: p.floorPrice !== null, belowFloor,
      ...(this.canSeeCost(actor) ? { floorPrice: p.floorPrice, standardCost: p.standardCost } : {}),
    }
  }

  uploadImage(userId: string | null, input: In<'uploadImage'>): { imageRef: string; mime: string; size: number } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    const img = acceptImage(input.contentBase64)
    this.d.repo.saveImage(img.ref, img.mime, img.bytes, this.d.now())
    return { imageRef: img.ref, mime: img.mime, size: img.bytes.length }
  }

  image(userId: string | null, input: In<'image'>): { mime: string; contentBase64: string } | null {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    const img = this.d.repo.image(input.imageRef)
    return img ? { mime: img.mime, contentBase64: img.bytes.toString('base64') } : null
  }
}
