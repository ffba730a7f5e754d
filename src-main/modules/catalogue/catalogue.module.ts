import type { AppModule } from '../context'
import { CatalogueIoService } from './catalogue-io.service'
import { registerCatalogueHandlers } from './catalogue.handlers'
import { CatalogueRepository } from './catalogue.repository'
import { CategoriesService } from './categories.service'
import { ProductsService } from './products.service'
import { grantCatalogueDefaults } from './role-defaults'
import './catalogue.synced'

/**
 * 产品资料 / 产品分类 (contract domain `catalogue`). `services.catalogue` is the ProductsService
 * (priceInfo, spec) for the quote and stock modules that come later.
 */
export const catalogueModule: AppModule = {
  name: 'catalogue',
  init: (ctx) => {
    const repo = new CatalogueRepository(ctx.db, ctx.sqlite)
    const deps = { mutation: ctx.mutation, access: ctx.access, repo, now: ctx.now }
    const products = new ProductsService(deps)
    const categories = new CategoriesService(deps)
    const io = new CatalogueIoService(deps, products, categories)
    registerCatalogueHandlers(ctx.registry, products, categories, io)
    grantCatalogueDefaults(ctx.db, ctx.mutation, ctx.now())
    return products
  },
}
