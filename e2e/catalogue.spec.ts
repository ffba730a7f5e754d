import { test, expect } from './fixtures/host'
import { pages } from './pages/app'
import { cataloguePages } from './pages/catalogue'

const ADMIN = { company: '莱邦测试科技有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }

// Setup, two products and searches on a 2-core machine shared with other runs: more than the config's 60 s.
test.setTimeout(150_000)

test.describe('catalogue', () => {
  test('an administrator creates a category and a product, and finds it by pinyin initials', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    const c = cataloguePages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await expect(p.shell.title()).toBeVisible()

    await c.categories.open()
    await c.categories.create('五金工具')

    await c.products.open()
    await c.products.create({ code: 'WJ-0001', name: '不锈钢螺丝刀', listPrice: '12.50', category: '五金工具' })
    await c.products.create({ code: 'BG-0001', name: '办公桌', listPrice: '899', category: '五金工具' })

    await c.products.search('bxgl')
    const rows = c.products.rows()
    await expect(rows.filter({ hasText: '不锈钢螺丝刀' })).toBeVisible()
    await expect(rows.filter({ hasText: '办公桌' })).toHaveCount(0)
    await expect(rows.filter({ hasText: '不锈钢螺丝刀' })).toContainText('12.50')
    await expect(page.getByTestId('category-all')).toContainText('2')

    await c.products.search('不存在的产品')
    await expect(c.products.empty()).toBeVisible()
    expect(consoleErrors).toEqual([])
  })
})
