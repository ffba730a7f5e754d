import { expect, type Download, type Locator, type Page } from '@playwright/test'

/** 客户报价 / 销售单 page objects (testids in src-renderer/src/modules/sales), plus the few
 * catalogue and approvals steps the sales flow needs. */

const GROUP: Record<string, string> = { quotes: 'sales', orders: 'sales', approvals: 'office', 'approval-flows': 'system', products: 'warehouse', numbering: 'system' }

async function go(page: Page, key: string): Promise<void> {
  await page.getByTestId('navbar').waitFor()
  const item = page.getByTestId(`nav-${key}`)
  if (!(await item.isVisible())) await page.getByTestId(`nav-group-${GROUP[key]}`).click()
  await item.click()
}

/** Picks an option of a searchable Mantine Select after typing into it. */
async function choose(page: Page, input: Locator, typed: string, option: string | RegExp): Promise<void> {
  await input.click()
  await input.fill(typed)
  await page.getByRole('option', { name: option }).first().click()
}

export function salesPages(page: Page) {
  return {
    async createProductWithFloor(p: { code: string; name: string; listPrice: string; floorPrice: string }): Promise<void> {
      await go(page, 'products')
      await page.getByTestId('products-new').click()
      await page.getByTestId('product-code').fill(p.code)
      await page.getByTestId('product-name').fill(p.name)
      await page.getByTestId('product-listPrice').fill(p.listPrice)
      await page.getByTestId('product-floorPrice').fill(p.floorPrice)
      await page.getByTestId('product-save').click()
      await expect(page.getByTestId('product-form')).toBeHidden()
    },

    /** 审批流程: quotes below the floor price go to the submitter's supervisor (the default first step). */
    async belowFloorQuoteFlow(name: string): Promise<void> {
      await go(page, 'approval-flows')
      await page.getByTestId('flows-type').getByText('报价', { exact: true }).click()
      await page.getByTestId('flow-create').click()
      await page.getByTestId('flow-name').fill(name)
      await page.getByTestId('flow-below-floor').check()
      await page.getByTestId('flow-save').click()
      await expect(page.getByTestId('flow-editor')).toBeHidden()
      await expect(page.getByTestId('flows-list')).toContainText(name)
    },

    quotes: {
      open: () => go(page, 'quotes'),
      /** Fills a new quote with one line; leaves the editor open. */
      async fill(customer: string, product: string, price: string): Promise<void> {
        await page.getByTestId('new-quote').click()
        await expect(page.getByTestId('doc-editor')).toBeVisible()
        await choose(page, page.getByTestId('customer-picker'), customer.slice(0, 4), customer)
        await choose(page, page.getByTestId('product-picker-0'), product, new RegExp(product))
        await page.getByTestId('price-0').fill(price)
      },
      saveAndSubmit: () => page.getByTestId('save-submit').click(),
      amount: (i: number) => page.getByTestId(`amount-${i}`),
      belowFloor: (i: number) => page.getByTestId(`below-floor-${i}`),
      history: () => page.getByTestId('price-history'),
      historyThisCustomer: () => page.getByTestId('history-this'),
      totals: () => page.getByTestId('totals-total'),
      view: () => page.getByTestId('quote-view'),
      status: () => page.getByTestId('quote-view').getByTestId('doc-status').first(),
      number: () => page.getByTestId('quote-view').getByTestId('doc-number').first(),
      row: (text: string) => page.getByTestId('quotes-list').getByRole('row').filter({ hasText: text }),
      action: (what: 'submit' | 'sent' | 'accept' | 'revise' | 'create-order' | 'edit') => page.getByTestId(`quote-${what}`),
      /** 保存为 PDF: the host renders it with the system Chromium and the browser downloads it. */
      async savePdf(): Promise<Download> {
        await page.getByTestId('print-menu').click()
        const download = page.waitForEvent('download')
        await page.getByTestId('pdf-quote').click()
        return download
      },
    },

    orders: {
      view: () => page.getByTestId('order-view'),
      status: () => page.getByTestId('order-view').getByTestId('doc-status').first(),
      number: () => page.getByTestId('order-view').getByTestId('doc-number').first(),
      lines: () => page.getByTestId('doc-lines'),
      quoteLink: () => page.getByTestId('order-quote-link'),
      submit: () => page.getByTestId('order-submit').click(),
    },

    approvals: {
      open: () => go(page, 'approvals'),
      async approve(title: RegExp | string): Promise<void> {
        await page.getByTestId('approvals-list').getByRole('row').filter({ hasText: title }).first().click()
        await page.getByTestId('approval-approve').click()
        await expect(page.getByTestId('approval-drawer').getByTestId('approval-status')).toHaveText('通过')
        await page.keyboard.press('Escape')
        await expect(page.getByTestId('approval-drawer').getByTestId('approval-status')).toBeHidden()
      },
    },
  }
}
