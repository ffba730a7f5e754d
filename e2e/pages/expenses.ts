import { expect, type Locator, type Page } from '@playwright/test'

/**
 * 客户费用 / 费用预算 page objects (testids in src-renderer/src/modules/expenses), plus the
 * organisation steps they need (an office and users placed in it).
 */
const GROUP: Record<string, string> = { expenses: 'sales', 'expense-budgets': 'sales', org: 'system', users: 'system' }

async function go(page: Page, key: string): Promise<void> {
  await page.getByTestId('navbar').waitFor()
  const item = page.getByTestId(`nav-${key}`)
  if (!(await item.isVisible())) await page.getByTestId(`nav-group-${GROUP[key]}`).click()
  await item.click()
}

async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click()
  const item = page.getByRole('listbox').getByRole('option', { name: option, exact: true })
  await expect(item, `option "${option}" of ${testId}`).toBeVisible()
  await item.click()
}

export function expensePages(page: Page) {
  return {
    /** 组织架构 → 办事处: creates an office (as an administrator). */
    async createOffice(name: string): Promise<void> {
      await go(page, 'org')
      await page.getByTestId('org-tab-offices').click()
      await page.getByTestId('offices-new').click()
      await page.getByTestId('office-name').fill(name)
      await page.getByTestId('office-save').click()
      await expect(page.getByTestId(`office-row-${name}`)).toBeVisible()
    },

    /** 用户管理: creates a user in an office; `manager` is the option label `显示名 (username)`. */
    async createUser(o: { username: string; displayName: string; password: string; role: string; office: string; manager?: string }): Promise<void> {
      await go(page, 'users')
      await page.getByTestId('users-new').click()
      await page.getByTestId('user-username').fill(o.username)
      await page.getByTestId('user-displayname').fill(o.displayName)
      await page.getByTestId('user-password').fill(o.password)
      await pick(page, 'user-role', o.role)
      await pick(page, 'user-office', o.office)
      if (o.manager) await pick(page, 'user-manager', o.manager)
      await page.getByTestId('user-save').click()
      await expect(page.getByRole('row').filter({ hasText: o.username })).toContainText(o.displayName)
    },

    budgets: {
      async open(): Promise<void> { await go(page, 'expense-budgets'); await expect(page.getByTestId('budgets-table')).toBeVisible() },
      row(office: string): Locator { return page.getByTestId('budgets-table').getByRole('row').filter({ hasText: office }) },
      /** Sets this month's budget of an office (yuan). */
      async set(office: string, amount: string): Promise<void> {
        const row = this.row(office)
        await row.getByRole('textbox').fill(amount)
        await row.getByRole('button', { name: '保存' }).click()
        await expect(page.getByTestId('notify-success').last()).toBeVisible()
      },
    },

    expenses: {
      async open(): Promise<void> { await go(page, 'expenses'); await expect(page.getByTestId('page-title')).toHaveText('客户费用') },
      /** Opens the form and fills it; the budget meter then shows this expense. */
      async fill(o: { customer: string; amount: string; category?: string; description?: string }): Promise<void> {
        await page.getByTestId('new-expense').click()
        await expect(page.getByTestId('expense-form')).toBeVisible()
        const picker = page.getByTestId('customer-picker')
        await picker.click()
        await picker.fill(o.customer)
        await page.getByRole('option', { name: o.customer }).first().click()
        if (o.category) await pick(page, 'expense-category', o.category)
        await page.getByTestId('expense-amount').fill(o.amount)
        if (o.description) await page.getByTestId('expense-description').fill(o.description)
      },
      meter(): Locator { return page.getByTestId('budget-meter') },
      warning(): Locator { return page.getByTestId('budget-warning') },
      async submit(): Promise<void> {
        await page.getByTestId('expense-submit').click()
        await expect(page.getByTestId('expense-form')).toBeHidden()
      },
      savedWarning(): Locator { return page.getByTestId('expense-budget-warning') },
      rows(): Locator { return page.getByTestId('expenses-list').locator('tbody tr') },
    },
  }
}
