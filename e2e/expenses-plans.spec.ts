import { test, expect } from './fixtures/host'
import { customerPages, type Person } from './pages/customers'
import { expensePages } from './pages/expenses'
import { salesPlansPage } from './pages/sales-plans'

/**
 * Issue 5 points 5 and 6 end to end: a salesperson records a customer expense that takes the
 * office over its monthly budget, sees the warning and submits anyway; the manager sets the
 * salesperson's target and sees the progress view.
 */
test.setTimeout(180_000)

const ADMIN = { company: '莱邦测试科技有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }
const MANAGER: Person = { username: 'liujingli', displayName: '刘经理', password: 'Manager-pass-1' }
const SALES: Person = { username: 'zhangsan', displayName: '张三', password: 'Sales-pass-1' }
const OFFICE = '北京办事处'
const CUSTOMER = '北京莱邦电子有限公司'

test('expense over the office budget warns but submits; the manager sets a target and sees progress', async ({ page, host }) => {
  const c = customerPages(page)
  const x = expensePages(page)
  const plans = salesPlansPage(page)

  await c.team.setUp(host.url, ADMIN)
  await x.createOffice(OFFICE)
  await x.createUser({ ...MANAGER, role: '销售经理', office: OFFICE })
  await x.createUser({ ...SALES, role: '销售员', office: OFFICE, manager: `${MANAGER.displayName} (${MANAGER.username})` })
  await x.budgets.open()
  await x.budgets.set(OFFICE, '1000')
  await expect(x.budgets.row(OFFICE)).toContainText('0.00')

  // The salesperson: a customer, then an expense of 1,500.00 against a budget of 1,000.00.
  await c.team.switchTo(SALES)
  await c.list.open()
  await c.list.create({ name: CUSTOMER, contacts: [{ name: '王小明', mobile: '13800138001' }] })
  await x.expenses.open()
  await x.expenses.fill({ customer: CUSTOMER, amount: '1500', category: '招待费', description: '商务宴请' })
  await expect(x.expenses.meter()).toContainText(OFFICE)
  await expect(x.expenses.warning()).toBeVisible()
  await expect(x.expenses.warning()).toContainText('500.00')
  await x.expenses.submit()
  await expect(x.expenses.savedWarning()).toBeVisible()
  await expect(x.expenses.rows()).toHaveCount(1)
  await expect(x.expenses.rows().first()).toContainText('1,500.00')
  await expect(x.expenses.rows().first().getByTestId('expense-status')).toHaveText('已审批')

  // The manager: the budget shows the use; a target for 张三 and the progress view.
  await c.team.switchTo(MANAGER)
  await x.budgets.open()
  await expect(x.budgets.row(OFFICE)).toContainText('1,500.00')
  await plans.open()
  await plans.setTarget({ target: SALES.displayName, amount: '20000' })
  await plans.expectCompleted(SALES.displayName, '0.00')
  await expect(plans.ratio(SALES.displayName)).toHaveText('0.0%')
  await expect(plans.progress(SALES.displayName)).toBeVisible()
  await expect(plans.chart()).toBeVisible()
})
