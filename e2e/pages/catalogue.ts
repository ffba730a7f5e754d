import { expect, type Page } from '@playwright/test'

/** 产品资料 / 产品分类 page objects (testids in src-renderer/src/modules/catalogue). */
export function cataloguePages(page: Page) {
  const go = async (key: 'products' | 'product-categories') => {
    await page.getByTestId('navbar').waitFor()
    const item = page.getByTestId(`nav-${key}`)
    if (!(await item.isVisible())) await page.getByTestId('nav-group-warehouse').click()
    await item.click()
  }
  return {
    categories: {
      open: () => go('product-categories'),
      async create(name: string): Promise<void> {
        await page.getByTestId('categories-new').click()
        await page.getByTestId('category-name').fill(name)
        await page.getByTestId('category-save').click()
        await expect(page.getByRole('treeitem').filter({ hasText: name })).toBeVisible()
      },
    },
    products: {
      open: () => go('products'),
      async create(p: { code: string; name: string; listPrice: string; category: string }): Promise<void> {
        await page.getByTestId('products-new').click()
        await page.getByTestId('product-code').fill(p.code)
        await page.getByTestId('product-name').fill(p.name)
        await page.getByTestId('product-listPrice').fill(p.listPrice)
        await page.getByTestId('product-category').click()
        await page.getByRole('option', { name: p.category }).click()
        await page.getByTestId('product-save').click()
        await expect(page.getByTestId('product-form')).toBeHidden()
      },
      search: (term: string) => page.getByTestId('product-search').fill(term),
      rows: () => page.getByTestId('product-table').getByRole('row'),
      empty: () => page.getByTestId('products-empty'),
    },
  }
}
