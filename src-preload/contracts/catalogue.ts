import { z } from 'zod'
import { cursor, fileInput, id, longText, MAX_FILE_BYTES, method, noInput, requiredText, shortText, type FileOutput, type Page } from './define'

/**
 * 产品资料 / 产品分类 (WH-1, WH-2). Money in integer fen; tax rate in basis points (1300 = 13 %).
 * Floor price (最低价: the lowest price a salesperson may quote without approval) and standard
 * cost (标准成本) are sent only to callers with catalogue.viewCost: for others the keys are absent.
 */
export const PRODUCT_STATUSES = ['active', 'inactive'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]
export const PRODUCT_SORT_FIELDS = ['code', 'name', 'listPrice', 'updatedAt'] as const

/** Largest price accepted: 100 million yuan. */
export const MAX_PRICE_FEN = 10_000_000_000
const price = z.number().int().min(0).max(MAX_PRICE_FEN)
export const taxRate = z.number().int().min(0).max(10_000)
/** Image upload limit (bytes before base64). */
export const MAX_IMAGE_BYTES = 1024 * 1024
export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/webp'] as const

export interface ProductListItem {
  id: string; code: string; name: string; spec: string | null; unit: string | null; barcode: string | null
  categoryId: string | null; categoryName: string | null
  listPrice: number; taxRate: number; status: ProductStatus; imageRef: string | null; updatedAt: number
  /** Only for callers with catalogue.viewCost. */
  floorPrice?: number | null
  standardCost?: number | null
}
export interface ProductDetail extends ProductListItem {
  notes: string | null; createdAt: number
  /** Category names from the top level down to the product's category. */
  categoryPath: string[]
  canEdit: boolean
  /** Whether floorPrice / standardCost are included (catalogue.viewCost). */
  costVisible: boolean
}
/** What a quote needs about a product. */
export interface PriceInfo {
  productId: string; code: string; name: string; spec: string | null; unit: string | null; status: ProductStatus
  listPrice: number; taxRate: number
  /** Whether a floor price is set (quotes below it need approval). */
  hasFloor: boolean
  /**
   * With `quotedPrice` in the input: whether that price is below the floor (null without a
   * quoted price or a floor), so the quote screen can ask for approval without seeing the floor.
   */
  belowFloor: boolean | null
  /** Only with catalogue.viewCost. */
  floorPrice?: number | null
  standardCost?: number | null
}
export interface CategoryNode {
  id: string; name: string; parentId: string | null; sort: number
  /** Live products directly in this category. */
  productCount: number
  /** Live products in this category and all its descendants. */
  totalCount: number
  childCount: number
}
export interface CategoryTree { nodes: CategoryNode[]; uncategorized: number; total: number }

export const productSort = z.object({ field: z.enum(PRODUCT_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).strict()
export type ProductSort = z.infer<typeof productSort>

export const productFilters = z.object({
  /** Code, barcode or word prefix, pinyin initials (bjlb), or Chinese text (2+ characters: any position). */
  search: z.string().max(100).optional(),
  /** A category and (by default) all its subcategories; 'none' = products without a category. */
  categoryId: z.union([id, z.literal('none')]).optional(),
  includeSubcategories: z.boolean().optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  /** List price range, in fen, inclusive. */
  minPrice: price.optional(),
  maxPrice: price.optional(),
}).strict()
export type ProductFilters = z.infer<typeof productFilters>

export const productFields = {
  code: requiredText(40),
  name: requiredText(100),
  spec: shortText(100).optional(),
  unit: shortText(10).optional(),
  barcode: z.union([z.string().trim().regex(/^[0-9A-Za-z-]{4,40}$/), z.literal('')]).optional(),
  categoryId: id.nullable().optional(),
  listPrice: price,
  floorPrice: price.nullable().optional(),
  standardCost: price.nullable().optional(),
  taxRate: taxRate.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  imageRef: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional(),
  notes: longText.optional(),
}
export const createProductInput = z.object(productFields).strict()
/** Fields left out stay as they are. */
export const updateProductInput = z.object({ id, ...productFields, listPrice: price.optional(), code: requiredText(40).optional(), name: requiredText(100).optional() }).strict()

export const CATALOGUE_IMPORT_TARGETS = ['code', 'name', 'spec', 'unit', 'barcode', 'category', 'listPrice', 'floorPrice', 'standardCost', 'taxRate', 'status', 'notes'] as const
export type CatalogueImportTarget = (typeof CATALOGUE_IMPORT_TARGETS)[number]
export const catalogueImportInput = fileInput.extend({
  /** Column header → target field ('' = ignore); omitted on the first preview to get suggestions. */
  mapping: z.record(z.string().max(100), z.union([z.enum(CATALOGUE_IMPORT_TARGETS), z.literal('')])).optional(),
  /** A product whose code exists: skip it, or update it (non-empty cells overwrite). */
  duplicateMode: z.enum(['skip', 'update']).default('skip'),
}).strict()

export interface CatalogueImportIssue { row: number; field: string; messageKey: string; params?: Record<string, string | number> }
export interface CatalogueImportRow {
  row: number; code: string; name: string
  status: 'new' | 'duplicate' | 'error'
  action: 'create' | 'update' | 'skip' | null
  errors: CatalogueImportIssue[]
  /** Not blocking, e.g. a category that will be created. */
  warnings: CatalogueImportIssue[]
}
export interface CatalogueImportPreview {
  fileType: 'csv' | 'xlsx'; encoding: string; delimiter: ',' | '\t' | ';' | null
  columns: string[]; sampleRows: string[][]
  mapping: Record<string, CatalogueImportTarget | ''>
  /** Required targets (code, name) no column maps to; then `rows` is empty. */
  missingRequired: CatalogueImportTarget[]
  rows: CatalogueImportRow[]
  totals: { rows: number; new: number; duplicate: number; error: number; create: number; update: number; skip: number; newCategories: number }
}
export interface CatalogueImportResult { created: number; updated: number; skipped: number; categoriesCreated: number }

const categoryId = id
export const catalogue = {
  /** One keyset page; search matches code / barcode / word prefixes, pinyin initials and Chinese substrings. Needs catalogue.view. */
  list: method<Page<ProductListItem>>()(z.object({ filters: productFilters.default({}), sort: productSort.default({ field: 'code', dir: 'asc' }), cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  /** `capped`: a search matched more than `total` (1,000) products; the UI shows "1,000+". */
  count: method<{ total: number; capped: boolean }>()(z.object({ filters: productFilters.default({}) }).strict()),
  get: method<ProductDetail>()(z.object({ id }).strict()),
  /** Needs catalogue.edit; floor price and standard cost also need catalogue.viewCost. Duplicate code → CONFLICT errors.productCodeTaken. */
  create: method<ProductDetail>()(createProductInput),
  update: method<ProductDetail>()(updateProductInput),
  /** Soft delete. */
  remove: method<{ ok: true }>()(z.object({ id }).strict()),
  /** List price, tax rate, unit and the floor check for quoting (floor price and standard cost themselves only with catalogue.viewCost). Needs catalogue.view. */
  priceInfo: method<PriceInfo>()(z.object({ productId: id, quotedPrice: price.optional() }).strict()),
  /** Stores a PNG/JPEG/WebP image (≤ 1 MB, checked by its bytes); returns the ref for imageRef. Needs catalogue.edit. */
  uploadImage: method<{ imageRef: string; mime: string; size: number }>()(
    z.object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4).regex(/^[A-Za-z0-9+/=]*$/) }).strict(),
    'user', { maxBytes: Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4096 }),
  /** The image bytes; null when this device does not have them (yet). */
  image: method<{ mime: string; contentBase64: string } | null>()(z.object({ imageRef: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),

  /** The whole category tree (flat, ordered by parent and sort) with product counts per node. Needs catalogue.view. */
  categoryTree: method<CategoryTree>()(noInput),
  /** Creates (no id) or renames a category; a new one goes last under `parentId`. Needs catalogue.edit. */
  saveCategory: method<CategoryNode>()(z.object({ id: categoryId.optional(), name: requiredText(50), parentId: categoryId.nullable().optional() }).strict()),
  /** Moves a category under `parentId` (null = top level) at position `index` among its new siblings; refuses cycles. */
  moveCategory: method<{ ok: true }>()(z.object({ id: categoryId, parentId: categoryId.nullable(), index: z.number().int().min(0).max(100_000) }).strict()),
  /**
   * Deletes a category. Not empty (subcategories or products) → CONFLICT errors.categoryNotEmpty
   * unless `moveTo` says where they go: another category, or 'root' (subcategories to the top
   * level, products to no category).
   */
  removeCategory: method<{ ok: true; movedProducts: number; movedCategories: number }>()(z.object({ id: categoryId, moveTo: z.union([categoryId, z.literal('root')]).optional() }).strict()),

  /** Reads the file and reports what a commit would do, row by row. Needs catalogue.edit. */
  importPreview: method<CatalogueImportPreview>()(catalogueImportInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  /** All or nothing, in one transaction: any row with an error (errors.importHasErrors, details.rows) writes nothing. */
  importCommit: method<CatalogueImportResult>()(catalogueImportInput, 'user', { maxBytes: MAX_FILE_BYTES + 64 * 1024 }),
  importTemplate: method<FileOutput>()(z.object({ format: z.enum(['csv', 'xlsx']) }).strict()),
  /** The list (filters + sort, all pages) as CSV (UTF-8 with BOM) or .xlsx; cost columns only with catalogue.viewCost. Needs catalogue.export. */
  export: method<FileOutput>()(z.object({ filters: productFilters.default({}), sort: productSort.optional(), format: z.enum(['csv', 'xlsx']) }).strict()),
}
