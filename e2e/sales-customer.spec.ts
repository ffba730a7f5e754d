import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/host'
import { customerPages, type Person } from './pages/customers'
import { salesPages } from './pages/sales'

/**
 * Issue 5, the sales document seen from the customer: on the customer's page 新建报价 opens the
 * quote form with the customer chosen; the contact and the open opportunity are picked there;
 * the manager opens the quote from the approvals inbox link and approves; the salesperson sends
 * it and the customer accepts — the opportunity becomes 赢单 — and the quote and the order made
 * from it are listed on the customer's 报价 / 销售单 tabs.
 */

test.setTimeout(360_000)

const ADMIN = { company: '莱邦测试科技有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }
const MANAGER: Person = { username: 'liujingli', displayName: '刘经理', password: 'Manager-pass-1' }
const SALES: Person = { username: 'zhangsan', displayName: '张三', password: 'Sales-pass-1' }
const CUSTOMER = '杭州莱邦机电有限公司'
const CONTACT = { name: '王小明', title: '采购经理', mobile: '13800138001' }
const OPPORTUNITY = '二期水泵改造'
const PRODUCT = { code: 'PUMP-02', name: '离心水泵', listPrice: '100', floorPrice: '80' }

/** Picks an option of a Mantine Select (the pickers are short lists: no typing needed). */
async function pickOption(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option }).first().click()
}

test.describe('sales from the customer page', () => {
  test('new quote from the customer → contact + opportunity → approved from the inbox link → accepted → opportunity won, tabs list quote and order', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    const s = salesPages(page)
    await c.team.setUp(host.url, ADMIN)
    await c.team.addUsers([{ ...MANAGER, role: '销售经理' }, { ...SALES, role: '销售员', manager: MANAGER }])
    await s.createProductWithFloor(PRODUCT)
    await s.belowFloorQuoteFlow('低于底价报价')
    await c.team.switchTo(SALES)
    await c.list.open()
    await c.list.create({ name: CUSTOMER, contacts: [CONTACT] })
    await c.detail.addOpportunity({ name: OPPORTUNITY, amount: 50_000 })

    // 新建报价 on the customer's page: the form opens with the customer chosen.
    await page.getByTestId('customer-new-quote').click()
    await expect(page.getByTestId('doc-editor')).toBeVisible()
    await expect(page.getByTestId('customer-picker')).toHaveValue(CUSTOMER)
    await pickOption(page, 'doc-contact', `${CONTACT.name} · ${CONTACT.title}`)
    await pickOption(page, 'doc-opportunity', new RegExp(OPPORTUNITY))
    const product = page.getByTestId('product-picker-0')
    await product.click()
    await product.fill(PRODUCT.code)
    await page.getByRole('option', { name: new RegExp(PRODUCT.code) }).first().click()
    await page.getByTestId('price-0').fill('70')
    await s.quotes.saveAndSubmit()
    await expect(s.quotes.status()).toHaveText('审批中')
    await expect(s.quotes.view().getByTestId('doc-contact-name')).toHaveText(CONTACT.name)
    await expect(s.quotes.view().getByTestId('doc-opportunity-name')).toHaveText(OPPORTUNITY)
    const number = (await s.quotes.number().textContent())!.trim()

    // The manager opens the quote itself from the inbox row's link, then approves it.
    await c.team.switchTo(MANAGER)
    await s.approvals.open()
    const row = page.getByTestId('approvals-list').getByRole('row').filter({ hasText: number }).first()
    await row.getByTestId(/^approval-doc-link-/).click()
    await expect(s.quotes.view()).toBeVisible()
    await expect(s.quotes.number()).toHaveText(number)
    await expect(s.quotes.view().getByTestId('doc-opportunity-name')).toHaveText(OPPORTUNITY)
    await expect(s.quotes.view().getByTestId('doc-salesperson-name')).toHaveText(SALES.displayName)
    await s.approvals.open()
    await s.approvals.approve(number)

    // The salesperson: the customer's 报价 tab lists the quote; sent, accepted.
    await c.team.switchTo(SALES)
    await c.list.open()
    await c.list.openCustomer(CUSTOMER)
    await page.getByTestId('customer-tab-quotes').click()
    await page.getByTestId('customer-docs-quotes').getByRole('row').filter({ hasText: number }).click()
    await expect(s.quotes.status()).toHaveText('已审批')
    await s.quotes.action('sent').click()
    await expect(s.quotes.status()).toHaveText('已发送')
    await s.quotes.action('accept').click()
    await expect(s.quotes.status()).toHaveText('客户接受')
    await s.quotes.action('create-order').click()
    await expect(s.orders.view()).toBeVisible()
    await expect(s.orders.view().getByTestId('doc-contact-name')).toHaveText(CONTACT.name)
    await expect(s.orders.view().getByTestId('doc-opportunity-name')).toHaveText(OPPORTUNITY)
    const orderNumber = (await s.orders.number().textContent())!.trim()

    // Back on the customer: the opportunity is 赢单, the quote and the order are on their tabs.
    await page.getByTestId('order-view').getByRole('link', { name: CUSTOMER }).click()
    await expect(c.detail.name()).toHaveText(CUSTOMER)
    await c.detail.tab('opportunities')
    await expect(page.getByTestId('opportunities-table').getByRole('row').filter({ hasText: OPPORTUNITY })).toContainText('赢单')
    await page.getByTestId('customer-tab-quotes').click()
    await expect(page.getByTestId('customer-docs-quotes')).toContainText(number)
    await expect(page.getByTestId('customer-docs-quotes')).toContainText('客户接受')
    await page.getByTestId('customer-tab-orders').click()
    await expect(page.getByTestId('customer-docs-orders')).toContainText(orderNumber)
    await page.getByTestId('customer-tab-expenses').click()
    await expect(page.getByTestId('customer-docs-empty-expenses')).toBeVisible()
    // The win is on the customer's timeline.
    await c.detail.openTimeline()
    await expect(c.detail.timelineEntries('opportunity').first()).toContainText('赢单')
    expect(consoleErrors).toEqual([])
  })
})
