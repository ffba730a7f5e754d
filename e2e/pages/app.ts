import { expect, type Page } from '@playwright/test'

/** Page objects: specs speak in user actions; selectors live only here. */
export class SetupPage {
  constructor(private readonly page: Page) {}
  async complete(o: { company: string; username: string; displayName: string; password: string }): Promise<void> {
    await this.page.getByTestId('setup-company').fill(o.company)
    await this.page.getByTestId('setup-username').fill(o.username)
    await this.page.getByTestId('setup-displayname').fill(o.displayName)
    await this.page.getByTestId('setup-password').fill(o.password)
    await this.page.getByTestId('setup-password2').fill(o.password)
    await this.page.getByTestId('setup-submit').click()
  }
}

export class LoginPage {
  constructor(private readonly page: Page) {}
  async expectVisible(): Promise<void> { await expect(this.page.getByTestId('login-submit')).toBeVisible() }
  async login(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-username').fill(username)
    await this.page.getByTestId('login-password').fill(password)
    await this.page.getByTestId('login-submit').click()
  }
  error() { return this.page.getByTestId('login-error') }
}

/** Sidebar group of each page key (see src-renderer/src/app/routes.ts). */
const NAV_GROUP: Record<string, string> = {
  profile: 'office', password: 'office', users: 'system', roles: 'system', org: 'system',
  customers: 'customers', pipeline: 'customers', pool: 'customers', reminders: 'customers', assign: 'customers',
  activity: 'customers', 'customer-import': 'customers', 'customer-settings': 'system', 'opportunity-stages': 'system',
  'sync-settings': 'system', 'sync-inbox': 'system',
}

export class Shell {
  constructor(private readonly page: Page) {}
  title() { return this.page.getByTestId('page-title') }
  nav(key: string) { return this.page.getByTestId(`nav-${key}`) }
  navbar() { return this.page.getByTestId('navbar') }
  /** Opens a page from the sidebar, expanding its group first when it is collapsed. */
  async go(key: string): Promise<void> {
    await this.navbar().waitFor()
    const item = this.nav(key)
    if (!(await item.isVisible())) {
      const group = NAV_GROUP[key]
      if (group) await this.page.getByTestId(`nav-group-${group}`).click()
    }
    await item.click()
  }
  async switchLanguage(to: 'zh-CN' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').click()
    await this.page.getByTestId(`lang-${to}`).click()
  }
  async logout(): Promise<void> {
    await this.page.getByTestId('user-menu').click()
    await this.page.getByTestId('logout').click()
  }
}

export class UsersPage {
  constructor(private readonly page: Page) {}
  /** `manager` is the manager's option label, `显示名 (username)`. */
  async create(o: { username: string; displayName: string; password: string; role: string; manager?: string }): Promise<void> {
    await this.page.getByTestId('users-new').click()
    await this.page.getByTestId('user-username').fill(o.username)
    await this.page.getByTestId('user-displayname').fill(o.displayName)
    await this.page.getByTestId('user-password').fill(o.password)
    await this.page.getByTestId('user-role').click()
    await this.page.getByRole('option', { name: o.role, exact: true }).click()
    if (o.manager) {
      await this.page.getByTestId('user-manager').click()
      await this.page.getByRole('option', { name: o.manager, exact: true }).click()
    }
    await this.page.getByTestId('user-save').click()
  }
  row(username: string) { return this.page.getByRole('row').filter({ hasText: username }) }
}

export class ChangePasswordPage {
  constructor(private readonly page: Page) {}
  async change(current: string, next: string): Promise<void> {
    await this.page.getByTestId('cp-current').fill(current)
    await this.page.getByTestId('cp-new').fill(next)
    await this.page.getByTestId('cp-confirm').fill(next)
    await this.page.getByTestId('cp-submit').click()
  }
}

export function pages(page: Page) {
  return { setup: new SetupPage(page), login: new LoginPage(page), shell: new Shell(page), users: new UsersPage(page), changePassword: new ChangePasswordPage(page) }
}
