/**
 * 产品分类 (WH-1): a tree with counts per node, create/rename, move (never under itself or a
 * descendant), reorder among siblings, and delete only when empty — or with `moveTo`, after
 * moving its subcategories and products there (the screen asks the user where).
 */
import type { CategoryNode, CategoryTree } from '../../../src-preload/contracts/catalogue'
import { conflict, notFound } from '../../core/errors'
import type { Writer } from '../../core/mutation'
import type { Actor } from '../auth/access'
import type { CatalogueDeps } from './products.service'
import { productCategories, products } from './catalogue.table'

const SORT_STEP = 10

export class CategoriesService {
  constructor(private readonly d: CatalogueDeps) {}

  private editor(userId: string | null): Actor {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.edit')
    return actor
  }

  tree(userId: string | null): CategoryTree {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'catalogue.view')
    return this.d.repo.categoryTree()
  }

  save(userId: string | null, input: { id?: string; name: string; parentId?: string | null }): CategoryNode {
    const actor = this.editor(userId)
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (input.id) {
        const cat = this.d.repo.categoryById(input.id)
        if (!cat) throw notFound('productCategory')
        this.requireFreeName(input.name, cat.parentId, cat.id)
        return w.update(productCategories, cat.id, { name: input.name }).id
      }
      return this.create(w, input.name, input.parentId ?? null).id
    })
    return this.d.repo.categoryTree().nodes.find((n) => n.id === id)!
  }

  /** A new category last among its siblings (also used by the import for missing paths). */
  create(w: Writer, name: string, parentId: string | null): { id: string } {
    if (parentId && !this.d.repo.categoryById(parentId)) throw notFound('productCategory')
    this.requireFreeName(name, parentId)
    const siblings = this.d.repo.children(parentId)
    const sort = siblings.reduce((m, s) => Math.max(m, s.sort), 0) + SORT_STEP
    return w.insert(productCategories, { name, parentId, sort })
  }

  private requireFreeName(name: string, parentId: string | null, exceptId?: string): void {
    const clash = this.d.repo.children(parentId).find((c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase())
    if (clash) throw conflict('errors.categoryNameTaken', { name })
  }

  /** Refuses a target that is the category itself or inside its subtree (a cycle). */
  private requireNotInside(id: string, targetId: string | null): void {
    if (targetId && this.d.repo.path(targetId).some((c) => c.id === id)) throw conflict('errors.categoryCycle')
  }

  move(userId: string | null, input: { id: string; parentId: string | null; index: number }): { ok: true } {
    const actor = this.editor(userId)
    this.d.mutation({ userId: actor.userId }, (w) => {
      const cat = this.d.repo.categoryById(input.id)
      if (!cat) throw notFound('productCategory')
      if (input.parentId && !this.d.repo.categoryById(input.parentId)) throw notFound('productCategory')
      this.requireNotInside(cat.id, input.parentId)
      if (input.parentId !== cat.parentId) this.requireFreeName(cat.name, input.parentId, cat.id)
      const siblings = this.d.repo.children(input.parentId).filter((c) => c.id !== cat.id)
      siblings.splice(Math.min(input.index, siblings.length), 0, cat)
      // Renumber the new siblings; unchanged rows are not written (update skips equal values).
      siblings.forEach((c, i) => {
        const sort = (i + 1) * SORT_STEP
        if (c.id === cat.id) w.update(productCategories, c.id, { parentId: input.parentId, sort })
        else if (c.sort !== sort) w.update(productCategories, c.id, { sort })
      })
    })
    return { ok: true }
  }

  remove(userId: string | null, input: { id: string; moveTo?: string }): { ok: true; movedProducts: number; movedCategories: number } {
    const actor = this.editor(userId)
    return this.d.mutation({ userId: actor.userId }, (w) => {
      const cat = this.d.repo.categoryById(input.id)
      if (!cat) throw notFound('productCategory')
      const children = this.d.repo.children(cat.id)
      const productIds = this.d.repo.liveProductIdsIn(cat.id)
      if ((children.length || productIds.length) && !input.moveTo) {
        throw conflict('errors.categoryNotEmpty', { categories: children.length, products: productIds.length })
      }
      const target = input.moveTo === 'root' || input.moveTo === undefined ? null : input.moveTo
      if (target) {
        if (!this.d.repo.categoryById(target)) throw notFound('productCategory')
        this.requireNotInside(cat.id, target)
      }
      // Deleted first, so its own name does not clash with a child moving up beside it.
      w.softDelete(productCategories, cat.id)
      let sort = this.d.repo.children(target).reduce((m, s) => Math.max(m, s.sort), 0)
      for (const child of children) {
        this.requireFreeName(child.name, target, child.id)
        sort += SORT_STEP
        w.update(productCategories, child.id, { parentId: target, sort })
      }
      for (const id of productIds) w.update(products, id, { categoryId: target })
      return { ok: true as const, movedProducts: productIds.length, movedCategories: children.length }
    })
  }
}
