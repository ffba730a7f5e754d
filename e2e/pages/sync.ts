import { expect, type Locator, type Page } from '@playwright/test'
import { pages } from './app'

/**
 * Page objects of sync (issue 4): 同步设置, the header's sync status and its popover, the
 * record markers and 冲突处理 / 同步被拒. Testids are documented at the top of each renderer
 * file in src-renderer/src/modules/sync/.
 */

export interface ServerAccount { url: string; username: string; password: string; database: string }

/** 同步设置 (SyncSettingsPage). */
export class SyncSettingsPage {
  constructor(private readonly page: Page) {}
  async open(): Promise<void> {
    await pages(this.page).shell.go('sync-settings')
    await expect(this.page.getByTestId('sync-form')).toBeVisible()
  }
  async fill(a: Partial<ServerAccount>): Promise<void> {
    if (a.url !== undefined) await this.page.getByTestId('sync-server-url').fill(a.url)
    if (a.username !== undefined) await this.page.getByTestId('sync-username').fill(a.username)
    if (a.password !== undefined) await this.page.getByTestId('sync-password').fill(a.password)
    if (a.database !== undefined) await this.page.getByTestId('sync-database').fill(a.database)
  }
  async test(): Promise<Locator> {
    await this.page.getByTestId('sync-test').click()
    return this.testResult()
  }
  testResult() { return this.page.getByTestId('sync-test-result') }
  async setAutomatic(on: boolean): Promise<void> {
    const sw = this.page.getByTestId('sync-enabled')
    if ((await sw.isChecked()) !== on) await sw.click()
  }
  async save(): Promise<void> { await this.page.getByTestId('sync-save').click() }
  passwordSaved() { return this.page.getByTestId('sync-password-saved') }
}

/** The header's sync status (SyncIndicator) and its popover. */
export class SyncHeader {
  constructor(private readonly page: Page) {}
  status() { return this.page.getByTestId('sync-status') }
  pending() { return this.page.getByTestId('sync-pending') }
  attention() { return this.page.getByTestId('sync-attention') }
  popover() { return this.page.getByTestId('sync-popover') }
  async openPopover(): Promise<void> {
    if (!(await this.popover().isVisible())) await this.status().click()
    await expect(this.popover()).toBeVisible()
  }
  /** The status badge toggles the popover. */
  async closePopover(): Promise<void> {
    await this.status().click()
    await expect(this.popover()).toBeHidden()
  }
  async pause(): Promise<void> {
    await this.openPopover()
    await this.popover().getByTestId('sync-pause').click()
    await expect(this.status()).toHaveAttribute('data-state', 'paused')
    await this.closePopover()
  }
  async resume(): Promise<void> {
    await this.openPopover()
    await this.popover().getByTestId('sync-resume').click()
    await expect(this.status()).not.toHaveAttribute('data-state', 'paused')
    await this.closePopover()
  }
}

/** A record's sync markers (RecordSyncBadges) inside `scope`. */
export function recordMarks(scope: Locator | Page) {
  return {
    unsynced: () => scope.getByTestId('record-unsynced'),
    conflict: () => scope.getByTestId('record-conflict'),
    rejected: () => scope.getByTestId('record-rejected'),
  }
}

/** 冲突处理 (ConflictInboxPage, ConflictModal, RejectedPanel). */
export class InboxPage {
  constructor(private readonly page: Page) {}
  async open(): Promise<void> {
    await pages(this.page).shell.go('sync-inbox')
    await expect(this.page.getByTestId('inbox-tab-conflicts')).toBeVisible()
  }
  conflictRows() { return this.page.getByTestId('conflicts-table').getByTestId(/^conflict-row-\d+$/) }
  empty() { return this.page.getByTestId('conflicts-empty') }
  modal() { return this.page.getByTestId('conflict-modal').getByRole('dialog') }
  /** In the open conflict dialog: keep `side` for `field` and resolve. */
  async resolve(field: string, side: 'mine' | 'theirs'): Promise<void> {
    await expect(this.modal()).toBeVisible()
    await this.page.getByTestId(`conflict-choice-${field}-${side}`).check()
    await this.page.getByTestId('conflict-resolve').click()
    await expect(this.modal()).toBeHidden()
  }
}

export function syncPages(page: Page) {
  return { settings: new SyncSettingsPage(page), header: new SyncHeader(page), inbox: new InboxPage(page) }
}
