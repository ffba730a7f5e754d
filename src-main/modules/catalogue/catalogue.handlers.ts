import type { Registry } from '../../core/registry'
import type { CatalogueIoService } from './catalogue-io.service'
import type { CategoriesService } from './categories.service'
import type { ProductsService } from './products.service'

/** The `catalogue` domain (contract: src-preload/contracts/catalogue.ts). */
export function registerCatalogueHandlers(r: Registry, products: ProductsService, categories: CategoriesService, io: CatalogueIoService): void {
  r.register('catalogue.list', (input, ctx) => products.list(ctx.userId, input))
  r.register('catalogue.count', (input, ctx) => products.count(ctx.userId, input))
  r.register('catalogue.get', (input, ctx) => products.get(ctx.userId, input))
  r.register('catalogue.create', (input, ctx) => products.create(ctx.userId, input))
  r.register('catalogue.update', (input, ctx) => products.update(ctx.userId, input))
  r.register('catalogue.remove', (input, ctx) => products.remove(ctx.userId, input))
  r.register('catalogue.priceInfo', (input, ctx) => products.priceInfo(ctx.userId, input))
  r.register('catalogue.uploadImage', (input, ctx) => products.uploadImage(ctx.userId, input))
  r.register('catalogue.image', (input, ctx) => products.image(ctx.userId, input))
  r.register('catalogue.categoryTree', (_input, ctx) => categories.tree(ctx.userId))
  r.register('catalogue.saveCategory', (input, ctx) => categories.save(ctx.userId, input))
  r.register('catalogue.moveCategory', (input, ctx) => categories.move(ctx.userId, input))
  r.register('catalogue.removeCategory', (input, ctx) => categories.remove(ctx.userId, input))
  r.register('catalogue.importPreview', (input, ctx) => io.importPreview(ctx.userId, input))
  r.register('catalogue.importCommit', (input, ctx) => io.importCommit(ctx.userId, input))
  r.register('catalogue.importTemplate', (input, ctx) => io.importTemplate(ctx.userId, input))
  r.register('catalogue.export', (input, ctx) => io.export(ctx.userId, input))
}
