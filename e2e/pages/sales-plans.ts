import { expect, type Locator, type Page } from '@playwright/test'

/**
 * 计划完成情况 / 销售计划 page objects (testids in src-renderer/src/modules/plans/pages/PlansPage.tsx
 * and components/PlanFormModal.tsx). For the sales flow: `await plans.open(); await
 * plans.expectCompleted('张三', '140.00')` after an order is approved.
 */
async function openPage(page: Page, key: string): Promise<void> {
  await page.getByTestId('navbar').waitFor()
  const item = page.getByTestId(`nav-${key}`)
  if (!(await item.isVisible())) await page.getByTestId('nav-group-sales').click()
  await item.click()
}

/** Picks an option of a Mantine Select by its visible label. */
async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click()
  const item = page.getByRole('listbox').getByRole('option', { name: option, exact: true })
  await expect(item, `option "${option}" of ${testId}`).toBeVisible()
  await item.click()
}

export class SalesPlansPage {
  constructor(private readonly page: Page) {}

  /** Opens 计划完成情况 on the current month. */
  async open(): Promise<void> {
    await openPage(this.page, 'plans')
    await expect(this.page.getByTestId('plans-period')).toBeVisible()
  }

  /** Switches to 季度 (quarter) or 月度 (month) view of the current period. */
  async periodKind(kind: 'month' | 'quarter'): Promise<void> {
    await this.page.getByTestId('plans-period-kind').getByText(kind === 'month' ? '月度' : '季度', { exact: true }).click()
  }

  /** Sets a target for the shown period; `scope` label 业务员 / 办事处 / 部门, `target` its name, amount in yuan. */
  async setTarget(o: { target: string; amount: string; scope?: '业务员' | '办事处' | '部门'; category?: string }): Promise<void> {
    await this.page.getByTestId('new-plan').click()
    const form = this.page.getByTestId('plan-form')
    await expect(form).toBeVisible()
    if (o.scope && o.scope !== '业务员') await pick(this.page, 'plan-scope', o.scope)
    await pick(this.page, 'plan-target', o.target)
    if (o.category) await pick(this.page, 'plan-category', o.category)
    await this.page.getByTestId('plan-amount').fill(o.amount)
    await this.page.getByTestId('plan-save').click()
    await expect(form).toBeHidden()
  }

  /** The row of a target (by its name) in the progress table. */
  row(target: string): Locator {
    return this.page.getByTestId('plans-table').locator('tr[data-target]').filter({ has: this.page.getByText(target, { exact: true }) }).first()
  }

  /** The completion shown for a target, e.g. '¥140.00' contains '140.00'; retried until it matches. */
  async expectCompleted(target: string, amountText: string): Promise<void> {
    await expect(this.row(target).getByTestId('plan-completed')).toContainText(amountText)
  }

  /** The completion ratio text ('14.0%'). */
  ratio(target: string): Locator { return this.row(target).getByTestId('plan-ratio') }
  progress(target: string): Locator { return this.row(target).getByTestId('plan-progress') }
  chart(): Locator { return this.page.getByTestId('plans-chart') }
}

export function salesPlansPage(page: Page): SalesPlansPage { return new SalesPlansPage(page) }
