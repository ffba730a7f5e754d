import { expect, type Locator, type Page } from '@playwright/test'
import { pages } from './app'

/**
 * Page objects of the customer module (客户管理, issue 3): list + form with contacts, customer
 * page (follow-ups, opportunities, timeline), reminders, reassignment (客户分配), pipeline
 * board and the import wizard. Testids are documented at the top of each renderer file in
 * src-renderer/src/modules/customers/.
 */

/** Picks an option of a Mantine Select / MultiSelect whose input has `testId`. */
async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click()
  const item = page.getByRole('listbox').getByRole('option', { name: option, exact: true })
  await expect(item, `option "${option}" of ${testId}`).toBeVisible()
  await item.click()
}

/** A Mantine modal by the testid on its root (the root has no box of its own; its dialog does). */
function modal(page: Page, testId: string): Locator {
  return page.getByTestId(testId).getByRole('dialog')
}

/** Value of an <input type="datetime-local"> for a timestamp, in the browser's time zone (the config's Asia/Shanghai). */
export function localInputValue(ms: number, timeZone = 'Asia/Shanghai'): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

export interface Person { username: string; displayName: string; password: string }
export interface ContactInput { name: string; title?: string; mobile?: string }
export interface CustomerInput { name: string; phone?: string; category?: string; contacts?: ContactInput[] }

/** Arranging people through the UI: the first-run setup and the users page. */
export class Team {
  constructor(private readonly page: Page) {}

  /** First run: sets up the company with `admin` and lands on the dashboard. */
  async setUp(url: string, admin: Person & { company: string }): Promise<void> {
    const p = pages(this.page)
    await this.page.goto(url)
    await p.setup.complete(admin)
    // Setting up hashes the password and creates the database: slow on a busy machine.
    await expect(p.shell.title()).toBeVisible({ timeout: 30_000 })
  }

  /** Creates users on the users page (as an administrator); `manager` is a username created before. */
  async addUsers(users: (Person & { role: string; manager?: Person })[]): Promise<void> {
    const p = pages(this.page)
    await p.shell.go('users')
    for (const u of users) {
      await p.users.create({ ...u, manager: u.manager ? `${u.manager.displayName} (${u.manager.username})` : undefined })
      await expect(modal(this.page, 'user-form')).toBeHidden()
      await expect(p.users.row(u.username)).toContainText(u.displayName)
    }
  }

  /** Logs out whoever is logged in and logs `who` in. */
  async switchTo(who: Person): Promise<void> {
    const p = pages(this.page)
    await p.shell.logout()
    await p.login.expectVisible()
    await p.login.login(who.username, who.password)
    await expect(this.page.getByTestId('user-menu')).toContainText(who.displayName, { timeout: 20_000 })
  }

  /**
   * Reloads the page. In browser mode the session belongs to the WebSocket connection
   * (src-main/transport/ws-host.ts clears it on close), so a reload asks to log in again.
   */
  async reloadAndLogin(who: Person): Promise<void> {
    const p = pages(this.page)
    await this.page.reload()
    await p.login.expectVisible()
    await p.login.login(who.username, who.password)
    await expect(this.page.getByTestId('user-menu')).toContainText(who.displayName, { timeout: 20_000 })
  }
}

/** 客户资料 list and the create form (CustomerListPage, CustomerFormModal, ContactsEditor). */
export class CustomerListPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await pages(this.page).shell.go('customers')
    // The first open loads the page's chunk and its first query; on a loaded CI machine that has
    // taken more than the default 10 s.
    await expect(this.page.getByTestId('customer-search')).toBeVisible({ timeout: 30_000 })
  }
  table() { return this.page.getByTestId('customer-table') }
  empty() { return this.page.getByTestId('customers-empty') }
  count() { return this.page.getByTestId('customer-count') }
  /** The row of a customer by its name (rows are role=row inside the windowed table). */
  row(name: string): Locator {
    return this.table().getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) })
  }
  async search(text: string): Promise<void> { await this.page.getByTestId('customer-search').fill(text) }

  /** Creates a customer with its contacts; the app then opens the new customer's page. */
  async create(c: CustomerInput): Promise<void> {
    await this.page.getByTestId('customers-new').click()
    const form = modal(this.page, 'customer-form')
    await expect(form).toBeVisible()
    await this.page.getByTestId('customer-form-name').fill(c.name)
    if (c.phone) await this.page.getByTestId('customer-form-phone').fill(c.phone)
    if (c.category) await this.page.getByTestId('customer-form-category').fill(c.category)
    const contacts = c.contacts ?? []
    for (const [i, k] of contacts.entries()) {
      // The form starts with one (primary) contact card; further ones are added.
      if (i > 0) await this.page.getByTestId('customer-form-contact-add').click()
      await this.page.getByTestId(`contact-name-${i}`).fill(k.name)
      if (k.title) await this.page.getByTestId(`contact-title-${i}`).fill(k.title)
      if (k.mobile) await this.page.getByTestId(`contact-mobile-${i}`).fill(k.mobile)
    }
    await this.page.getByTestId('customer-save').click()
    await expect(form).toBeHidden()
    await expect(this.page.getByTestId('customer-name')).toHaveText(c.name)
  }

  /** Opens a customer's page from the list. */
  async openCustomer(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click()
    await expect(this.page.getByTestId('customer-name')).toHaveText(name)
  }
}

/** One customer's page (CustomerDetailPage): follow-ups, opportunities, timeline, transfer. */
export class CustomerDetailPage {
  constructor(private readonly page: Page) {}

  name() { return this.page.getByTestId('customer-name') }
  async tab(key: 'info' | 'followups' | 'opportunities' | 'timeline' | 'transfers'): Promise<void> {
    await this.page.getByTestId(`customer-tab-${key}`).click()
  }
  /** The active tab's panel (info: fields and contacts). */
  panel() { return this.page.getByRole('tabpanel') }

  /** 写跟进 with a next step; `nextAt` is a timestamp (entered as local date-time, minute precision). */
  async addFollowup(f: { content: string; nextStep?: string; nextAt?: number; type?: string }): Promise<void> {
    await this.page.getByTestId('followup-add').click()
    const form = modal(this.page, 'followup-form')
    await expect(form).toBeVisible()
    if (f.type) await pick(this.page, 'followup-type', f.type)
    await this.page.getByTestId('followup-content').fill(f.content)
    if (f.nextStep) await this.page.getByTestId('followup-next-step').fill(f.nextStep)
    if (f.nextAt !== undefined) await this.page.getByTestId('followup-next-at').fill(localInputValue(f.nextAt))
    await this.page.getByTestId('followup-save').click()
    await expect(form).toBeHidden()
  }

  /** Edits simple fields of the customer (edit form). */
  async edit(fields: { category?: string; phone?: string }): Promise<void> {
    await this.page.getByTestId('customer-edit').click()
    const form = modal(this.page, 'customer-form')
    await expect(form).toBeVisible()
    if (fields.category !== undefined) await this.page.getByTestId('customer-form-category').fill(fields.category)
    if (fields.phone !== undefined) await this.page.getByTestId('customer-form-phone').fill(fields.phone)
    await this.page.getByTestId('customer-save').click()
    await expect(form).toBeHidden()
  }

  /** New opportunity (商机) on the opportunities tab; `amount` in yuan. */
  async addOpportunity(o: { name: string; amount?: number }): Promise<void> {
    await this.tab('opportunities')
    await this.page.getByTestId('opportunity-new').click()
    const form = modal(this.page, 'opportunity-form')
    await expect(form).toBeVisible()
    await this.page.getByTestId('opportunity-name').fill(o.name)
    if (o.amount !== undefined) await this.page.getByTestId('opportunity-amount').fill(String(o.amount))
    await this.page.getByTestId('opportunity-save').click()
    await expect(form).toBeHidden()
    await expect(this.page.getByTestId('opportunities-table')).toContainText(o.name)
  }

  /** Opens the timeline tab; entries newest first, optionally of one kind (data-kind: followup, edit, transfer, opportunity, …). */
  async openTimeline(): Promise<void> {
    await this.tab('timeline')
    await expect(this.page.getByTestId('timeline-list')).toBeVisible()
  }
  timelineEntries(kind?: string): Locator {
    const all = this.page.getByTestId('timeline-list').getByTestId('timeline-entry')
    return kind ? all.and(this.page.locator(`[data-kind="${kind}"]`)) : all
  }
}

/** 提醒 reminders list (RemindersPage) and the reminder notifications the shell shows. */
export class RemindersPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await pages(this.page).shell.go('reminders')
    await expect(this.list()).toBeVisible()
  }
  list() { return this.page.getByTestId('reminders-list') }
  /** A reminder card by its text (title = customer name, body = next step). */
  item(text: string): Locator {
    return this.list().getByTestId(/^reminder-[0-9a-f-]{36}$/).filter({ hasText: text })
  }
  dueCount() { return this.page.getByTestId('reminders-due-count') }
  /**
   * The in-page notification for a due reminder (browser mode has no OS notification); not
   * the "customer created" toast, which carries the same name and may still be on screen.
   */
  notification(text: string): Locator {
    return this.page.getByTestId('reminder-notification').filter({ hasText: text })
  }
}

/** 客户分配 (AssignPage): a manager moves selected customers of one salesperson to another. */
export class AssignPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await pages(this.page).shell.go('assign')
    await expect(this.page.getByTestId('assign-from')).toBeVisible()
  }

  /** Transfers the named customers of `from` to `to` (people by display name) with a reason. */
  async transfer(o: { from: string; customers: string[]; to: string; reason: string; modeLabel?: string }): Promise<void> {
    await pick(this.page, 'assign-from', o.from)
    await this.page.getByTestId('assign-mode').getByText(o.modeLabel ?? '选中的客户', { exact: true }).click()
    for (const name of o.customers) {
      const row = this.page.getByRole('row').filter({ hasText: name })
      await row.getByRole('checkbox').check()
    }
    await expect(this.page.getByTestId('assign-count')).toContainText(String(o.customers.length))
    await pick(this.page, 'transfer-to', o.to)
    await this.page.getByTestId('transfer-reason').fill(o.reason)
    await this.page.getByTestId('transfer-submit').click()
    await this.page.getByTestId('confirm-ok').click()
    await expect(this.history()).toContainText(o.reason)
  }
  history() { return this.page.getByTestId('transfers-table') }
}

/** 商机 pipeline board (PipelinePage, PipelineBoard). */
export class PipelinePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await pages(this.page).shell.go('pipeline')
    await expect(this.board()).toBeVisible()
  }
  board() { return this.page.getByTestId('pipeline-board') }
  column(stageKey: string) { return this.page.getByTestId(`pipeline-column-${stageKey}`) }
  card(name: string): Locator { return this.board().getByTestId(/^opportunity-card-/).filter({ hasText: name }) }

  /**
   * Drags a card onto another stage's column with the mouse (HTML5 drag and drop: Playwright
   * drives Chromium's real drag with a DataTransfer between dragstart and drop).
   */
  async drag(name: string, toStageKey: string): Promise<void> {
    const card = this.card(name)
    const target = this.column(toStageKey)
    await card.scrollIntoViewIfNeeded()
    await card.dragTo(target)
  }
}

/** 导入客户 wizard (ImportPage, ImportReport): file → preview → mapping → report → commit. */
export class ImportPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await pages(this.page).shell.go('customer-import')
    await expect(this.page.getByTestId('import-choose')).toBeVisible()
  }

  /** Step 1: picks the file (the hidden file input behind 选择文件); the preview shows. */
  async upload(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles(file)
    await expect(this.sample()).toBeVisible()
  }
  sample() { return this.page.getByTestId('import-sample') }
  async next(): Promise<void> { await this.page.getByTestId('import-next').click() }

  /** Step 2: the mapping select of a column (labelled with the file's header). */
  mapping(header: string): Locator { return this.page.getByRole('combobox', { name: header, exact: true }) }
  async map(header: string, targetLabel: string): Promise<void> {
    await this.mapping(header).click()
    await this.page.getByRole('listbox').getByRole('option', { name: targetLabel, exact: true }).click()
    await expect(this.mapping(header)).toHaveValue(targetLabel)
  }
  missingName() { return this.page.getByTestId('import-missing') }

  /** Step 2 → 3: validates with the mapping; the per-row report shows. */
  async check(): Promise<void> {
    await this.next()
    await expect(this.report()).toBeVisible()
  }
  report() { return this.page.getByTestId('import-report') }
  total(key: 'customers' | 'contacts' | 'new' | 'duplicate' | 'error' | 'create' | 'update' | 'skip') { return this.page.getByTestId(`import-total-${key}`) }
  reportRow(name: string): Locator { return this.report().getByRole('row').filter({ hasText: name }) }

  async commit(): Promise<void> {
    await this.page.getByTestId('import-commit').click()
    await expect(this.result()).toBeVisible()
  }
  result() { return this.page.getByTestId('import-result') }
}

export function customerPages(page: Page) {
  return {
    team: new Team(page), list: new CustomerListPage(page), detail: new CustomerDetailPage(page), reminders: new RemindersPage(page),
    assign: new AssignPage(page), pipeline: new PipelinePage(page), importer: new ImportPage(page),
  }
}
