import { test, expect } from './fixtures/host'
import { pages } from './pages/app'

const ADMIN = { company: '莱邦测试科技有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }

test.describe('foundation: setup, login, users, language, password', () => {
  test('first run sets up the company and opens the dashboard', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await expect(p.shell.title()).toBeVisible()
    await expect(page.getByTestId('header-company')).toHaveText(ADMIN.company)
    await expect(p.shell.nav('users')).toBeAttached()
    expect(consoleErrors).toEqual([])
  })

  test('a wrong password shows a clear message; the right one logs in', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await expect(p.shell.title()).toBeVisible()
    await p.shell.logout()
    await p.login.expectVisible()
    await p.login.login(ADMIN.username, 'wrong-password')
    await expect(p.login.error()).toContainText('用户名或密码不正确')
    await p.login.login(ADMIN.username, ADMIN.password)
    await expect(p.shell.title()).toBeVisible()
    expect(consoleErrors).toEqual([])
  })

  test('an administrator creates a salesperson, who sees only their modules', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await p.shell.go('users')
    await p.users.create({ username: 'zhangsan', displayName: '张三', password: 'Sales-pass-1', role: '销售员' })
    await expect(p.users.row('zhangsan')).toContainText('张三')
    await p.shell.logout()
    await p.login.login('zhangsan', 'Sales-pass-1')
    await expect(p.shell.title()).toBeVisible()
    await expect(page.getByTestId('user-menu')).toContainText('张三')
    // Salespeople have no system administration.
    await expect(p.shell.nav('users')).toHaveCount(0)
    await expect(p.shell.nav('roles')).toHaveCount(0)
    await expect(page.getByTestId('nav-group-system')).toHaveCount(0)
    await expect(page.getByTestId('nav-group-office')).toBeVisible()
    // Opening an admin page by URL does not show it either.
    await page.goto(new URL('/#/system/users', host.url).toString())
    await expect(page.getByTestId('users-new')).toHaveCount(0)
    expect(consoleErrors).toEqual([])
  })

  test('switching to English changes the whole screen', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await expect(p.shell.title()).toBeVisible()
    await p.shell.switchLanguage('en')
    await expect(p.shell.title()).toHaveText(/Home|Dashboard/)
    // No Chinese left on screen except data (company and user names).
    const text = (await page.locator('body').innerText()).replaceAll(ADMIN.company, '').replaceAll(ADMIN.displayName, '')
    expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([])
    await p.shell.go('users')
    const usersText = (await page.locator('body').innerText()).replaceAll(ADMIN.company, '').replaceAll(ADMIN.displayName, '')
    expect(usersText.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([])
    await p.shell.switchLanguage('zh-CN')
    await expect(page.getByTestId('nav-home')).toContainText('首页')
    expect(consoleErrors).toEqual([])
  })

  test('a user changes the password and must use the new one', async ({ page, host, consoleErrors }) => {
    const p = pages(page)
    await page.goto(host.url)
    await p.setup.complete(ADMIN)
    await p.shell.go('password')
    await p.changePassword.change(ADMIN.password, 'New-pass-22')
    await expect(page.getByText('密码已修改')).toBeVisible()
    await p.shell.logout()
    await p.login.login(ADMIN.username, ADMIN.password)
    await expect(p.login.error()).toBeVisible()
    await p.login.login(ADMIN.username, 'New-pass-22')
    await expect(p.shell.title()).toBeVisible()
    expect(consoleErrors).toEqual([])
  })
})
