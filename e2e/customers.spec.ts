import ExcelJS from 'exceljs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures/host'
import { customerPages, type Person } from './pages/customers'

/**
 * Issue 3 end to end: a salesperson's customer, follow-up and reminder; a manager's
 * reassignment and the new owner's timeline; the pipeline board's drag; the Excel import with
 * a mapping step. Everything is arranged through the UI on a fresh host per test.
 */

// These flows log several people in and out on a 2-core machine shared with other test runs,
// and the reminder test waits for a real due time (up to ~90 s): more than the config's 60 s.
test.setTimeout(180_000)

const ADMIN = { company: '莱邦测试科技有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }
const MANAGER: Person = { username: 'liujingli', displayName: '刘经理', password: 'Manager-pass-1' }
const SALES_A: Person = { username: 'zhangsan', displayName: '张三', password: 'Sales-pass-1' }
const SALES_B: Person = { username: 'lisi', displayName: '李四', password: 'Sales-pass-2' }

const CUSTOMER = {
  name: '北京莱邦电子有限公司',
  phone: '010-62345678',
  contacts: [
    { name: '王小明', title: '采购经理', mobile: '13800138001' },
    { name: '赵丽', title: '财务', mobile: '13800138002' },
  ],
}

/** Admin sets up the company; a sales manager and two salespeople reporting to the manager. */
async function setUpSalesTeam(page: Page, url: string): Promise<void> {
  const c = customerPages(page)
  await c.team.setUp(url, ADMIN)
  await c.team.addUsers([
    { ...MANAGER, role: '销售经理' },
    { ...SALES_A, role: '销售员', manager: MANAGER },
    { ...SALES_B, role: '销售员', manager: MANAGER },
  ])
}

test.describe('customers: follow-ups, reminders, reassignment, pipeline, import', () => {
  test('a salesperson creates a customer with two contacts, logs a follow-up with a next step and sees the reminder', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    await setUpSalesTeam(page, host.url)
    await c.team.switchTo(SALES_A)

    await c.list.open()
    await c.list.create(CUSTOMER)
    await c.detail.tab('info')
    for (const k of CUSTOMER.contacts) await expect(c.detail.panel()).toContainText(k.name)

    // The next-step time is the next whole minute at least 30 s away (the form takes minutes
    // and refuses past times), so the reminder comes due during the test.
    const nextAt = Math.ceil((Date.now() + 30_000) / 60_000) * 60_000
    await c.detail.addFollowup({ content: '电话沟通采购需求，对方需要报价', nextStep: '发送报价单', nextAt })
    await c.detail.openTimeline()
    await expect(c.detail.timelineEntries('followup').first()).toContainText('电话沟通采购需求')
    await expect(c.detail.timelineEntries('followup').first()).toContainText('发送报价单')

    await c.reminders.open()
    const reminder = c.reminders.item(CUSTOMER.name)
    await expect(reminder).toHaveCount(1)
    await expect(reminder).toContainText('发送报价单')

    // At the due time main rings it: the page shows the notification and marks it overdue.
    const waitMs = Math.max(0, nextAt - Date.now()) + 30_000
    const notification = c.reminders.notification(CUSTOMER.name)
    await expect(notification.first()).toBeVisible({ timeout: waitMs })
    await expect(notification.first()).toContainText('发送报价单')
    // One reminder, one notification on screen (a duplicate would stay for its 10 s autoClose).
    await expect(notification, 'one notification per due reminder').toHaveCount(1, { timeout: 3_000 })
    await expect(reminder).toHaveAttribute('data-overdue', 'true')
    await expect(c.reminders.dueCount()).toBeVisible()
    expect(consoleErrors).toEqual([])
  })

  test('a manager reassigns the customer; the new owner sees the whole timeline and the old one no longer sees it', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    await setUpSalesTeam(page, host.url)

    // Salesperson A: the customer, a follow-up and an edit.
    await c.team.switchTo(SALES_A)
    await c.list.open()
    await c.list.create(CUSTOMER)
    await c.detail.addFollowup({ content: '上门拜访，介绍产品方案', nextStep: '安排技术交流', nextAt: Date.now() + 24 * 3600_000 })
    await c.detail.edit({ category: '制造业' })

    // The manager moves it to salesperson B with a reason.
    await c.team.switchTo(MANAGER)
    await c.assign.open()
    await c.assign.transfer({ from: SALES_A.displayName, customers: [CUSTOMER.name], to: SALES_B.displayName, reason: '张三调岗，客户交接给李四' })

    // B sees it with its whole history.
    await c.team.switchTo(SALES_B)
    await c.list.open()
    await expect(c.list.row(CUSTOMER.name)).toBeVisible()
    await expect(c.list.row(CUSTOMER.name)).toContainText(SALES_B.displayName)
    await c.list.openCustomer(CUSTOMER.name)
    await c.detail.openTimeline()
    const followup = c.detail.timelineEntries('followup')
    await expect(followup).toHaveCount(1)
    await expect(followup).toContainText('上门拜访，介绍产品方案')
    await expect(followup).toContainText(SALES_A.displayName)
    await expect(c.detail.timelineEntries().filter({ hasText: '创建了客户' })).toHaveCount(1)
    await expect(c.detail.timelineEntries().filter({ hasText: '修改了客户资料' }).first()).toBeVisible()
    const transfer = c.detail.timelineEntries().filter({ hasText: `客户由 ${SALES_A.displayName} 转给 ${SALES_B.displayName}` })
    await expect(transfer).toHaveCount(1)
    await expect(transfer).toContainText('张三调岗，客户交接给李四')

    // A no longer sees it.
    await c.team.switchTo(SALES_A)
    await c.list.open()
    await expect(c.list.empty()).toBeVisible()
    await expect(c.list.row(CUSTOMER.name)).toHaveCount(0)
    expect(consoleErrors).toEqual([])
  })

  test('dragging an opportunity card to another column changes its stage', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    await c.team.setUp(host.url, ADMIN)
    await c.list.open()
    await c.list.create({ name: '深圳南山软件有限公司', contacts: [{ name: '周伟', mobile: '13600136000' }] })
    await c.detail.addOpportunity({ name: 'ERP 升级项目', amount: 120000 })

    await c.pipeline.open()
    await expect(c.pipeline.column('initial')).toContainText('ERP 升级项目')
    await c.pipeline.drag('ERP 升级项目', 'quoted')
    await expect(c.pipeline.column('quoted')).toContainText('ERP 升级项目')
    await expect(c.pipeline.column('initial')).not.toContainText('ERP 升级项目')

    await c.team.reloadAndLogin(ADMIN)
    await c.pipeline.open()
    await expect(c.pipeline.column('quoted').getByTestId(/^opportunity-card-/).filter({ hasText: 'ERP 升级项目' })).toHaveCount(1)
    await expect(c.pipeline.column('initial')).not.toContainText('ERP 升级项目')
    expect(consoleErrors).toEqual([])
  })

  test('an Excel file imports with a mapping step; Chinese names arrive intact', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    await c.team.setUp(host.url, ADMIN)

    // Headers as a customer's own sheet has them: '往来单位' and '对接人' match no field by
    // themselves, '手机号码' and '所在城市' do. The second row is another contact of the first customer.
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('客户')
    ws.addRow(['往来单位', '对接人', '手机号码', '所在城市'])
    ws.addRow(['上海浦江仪器有限公司', '李娜', '13900001111', '上海'])
    ws.addRow(['上海浦江仪器有限公司', '赵强', '13900002222', '上海'])
    ws.addRow(['广州珠江贸易有限公司', '陈静', '13700003333', '广州'])
    const buffer = Buffer.from(await wb.xlsx.writeBuffer())

    await c.importer.open()
    await c.importer.upload({ name: '客户名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
    await expect(c.importer.sample()).toContainText('上海浦江仪器有限公司')
    await c.importer.next()

    // Mapping step: the recognised columns are preset, the others are mapped by hand.
    await expect(c.importer.mapping('手机号码')).toHaveValue('联系人手机')
    await expect(c.importer.mapping('所在城市')).toHaveValue('城市')
    await expect(c.importer.mapping('往来单位')).toHaveValue('不导入')
    await expect(c.importer.missingName()).toBeVisible()
    await c.importer.map('往来单位', '客户名称')
    await c.importer.map('对接人', '联系人姓名')
    await expect(c.importer.missingName()).toBeHidden()

    await c.importer.check()
    await expect(c.importer.total('customers')).toContainText('2')
    await expect(c.importer.total('contacts')).toContainText('3')
    await expect(c.importer.total('error')).toContainText('0')
    await expect(c.importer.reportRow('上海浦江仪器有限公司')).toContainText('2')
    await c.importer.commit()
    await expect(c.importer.result()).toContainText('2')

    await c.list.open()
    await expect(c.list.row('上海浦江仪器有限公司')).toContainText('上海')
    await expect(c.list.row('广州珠江贸易有限公司')).toContainText('陈静')
    await c.list.openCustomer('上海浦江仪器有限公司')
    await c.detail.tab('info')
    await expect(c.detail.panel()).toContainText('李娜')
    await expect(c.detail.panel()).toContainText('赵强')
    await expect(c.detail.panel()).toContainText('13900002222')
    expect(consoleErrors).toEqual([])
  })
})
