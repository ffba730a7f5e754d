import { test, expect } from './fixtures/host'
import { customerPages } from './pages/customers'
import { recordMarks, syncPages } from './pages/sync'
import { openCustomerId, openCustomerList, SLOW, useCouchServer } from './fixtures/couch'

/**
 * Issue 4 end to end: the sync settings against a real CouchDB-compatible server (in-process
 * express-pouchdb on 127.0.0.1), the header status, the per-record markers, and a conflict
 * made by "another device" writing the same customer's name to the server, resolved in the
 * conflict inbox.
 */

// Several server round trips and page loads on a 2-core machine shared with other test runs.
test.setTimeout(240_000)

const ADMIN = { company: '莱邦同步测试有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }
const COUCH_USER = { username: 'wangzong', password: 'Couch-pass-1' }

const couch = useCouchServer(COUCH_USER, 'lb_e2e')
const { serverDoc } = couch
const freshDatabase = (): Promise<string> => couch.freshDatabase()

test.describe('sync: settings, status, markers, conflict inbox', () => {
  test('connects with a clear error for a wrong password, syncs a new customer, and resolves a conflict from another device', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    const s = syncPages(page)
    const db = await freshDatabase()
    await c.team.setUp(host.url, ADMIN)
    await expect(s.header.status()).toHaveAttribute('data-state', 'disabled')

    // 同步设置: a wrong password is named as such, in Chinese.
    await s.settings.open()
    await s.settings.fill({ url: couch.server().url, username: COUCH_USER.username, password: 'wrong-password', database: db })
    const failed = await s.settings.test()
    await expect(failed).toHaveAttribute('data-ok', 'false')
    await expect(failed).toContainText('同步服务器拒绝了用户名或密码。')

    // The right one: 测试连接 succeeds, then save with automatic sync.
    await s.settings.fill({ password: COUCH_USER.password })
    const ok = await s.settings.test()
    await expect(ok).toHaveAttribute('data-ok', 'true')
    await expect(ok).toContainText('连接成功')
    await expect(ok).toContainText(db)
    await s.settings.setAutomatic(true)
    await s.settings.save()
    await expect(s.settings.passwordSaved()).toBeVisible()
    await expect(page.getByTestId('sync-password')).toHaveValue('')

    // The header reaches 已同步 once the company's first documents are on the server.
    await expect(s.header.status()).toHaveAttribute('data-state', 'idle', SLOW)
    await expect(s.header.status()).toContainText('已同步')
    await expect(s.header.pending()).toHaveCount(0)

    // Paused, a new customer waits: the header counts it and the record says 未同步.
    await s.header.pause()
    await openCustomerList(page)
    const name = '深圳莱邦同步科技有限公司'
    await c.list.create({ name, phone: '0755-26601234', contacts: [{ name: '李经理', mobile: '13800138003' }] })
    const id = openCustomerId(page)
    const detail = page.getByTestId('customer-detail')
    await expect(recordMarks(detail).unsynced()).toBeVisible()
    await expect(s.header.pending()).toBeVisible()
    expect(Number(await s.header.pending().getAttribute('data-count'))).toBeGreaterThanOrEqual(1)

    // Resumed, it goes to the server: the marker and the count go away.
    await s.header.resume()
    await expect(s.header.status()).toHaveAttribute('data-state', 'idle', SLOW)
    await expect(recordMarks(detail).unsynced()).toHaveCount(0)
    await expect(s.header.pending()).toHaveCount(0)
    await expect.poll(async () => (await serverDoc(db, `customer:${id}`))?.name).toBe(name)

    // A conflict: this device renames the customer while paused; meanwhile another device
    // renames it on the server (a later stamp, so its name is what both devices show at first).
    await s.header.pause()
    const mine = '深圳莱邦同步科技（本机）'
    const theirs = '深圳莱邦同步科技（总部）'
    await page.getByTestId('customer-edit').click()
    await page.getByTestId('customer-form-name').fill(mine)
    await page.getByTestId('customer-save').click()
    await expect(page.getByTestId('customer-name')).toHaveText(mine)
    const doc = (await serverDoc(db, `customer:${id}`))!
    const stamp = `${String(Date.now() + 60_000).padStart(13, '0')}-0000-e2eotherdevice`
    const put = await couch.server().request('PUT', `/${db}/${encodeURIComponent(doc._id)}`, {
      ...doc, name: theirs, lb: { ...doc.lb, hlc: stamp, fieldHlc: { ...doc.lb.fieldHlc, name: stamp }, device: 'e2eotherdevice' },
    })
    expect(put.status).toBe(201)

    await s.header.resume()
    await expect(s.header.attention()).toBeVisible(SLOW)
    await expect(recordMarks(detail).conflict()).toBeVisible()

    // The record's 冲突 badge opens the inbox on its conflict: base / mine / theirs; keep mine.
    await recordMarks(detail).conflict().click()
    const field = s.inbox.modal().getByTestId('conflict-field-name')
    await expect(field).toContainText(name)
    await expect(field).toContainText(mine)
    await expect(field).toContainText(theirs)
    await s.inbox.resolve('name', 'mine')
    await expect(s.inbox.empty()).toBeVisible()
    await expect(s.header.attention()).toHaveCount(0)

    // The choice is an ordinary edit: it syncs, and the server ends with this device's name.
    await expect.poll(async () => (await serverDoc(db, `customer:${id}`))?.name, SLOW).toBe(mine)
    await expect(s.header.status()).toHaveAttribute('data-state', 'idle', SLOW)
    await openCustomerList(page)
    const row = c.list.row(mine)
    await expect(row).toHaveCount(1)
    await expect(recordMarks(row).conflict()).toHaveCount(0)
    await expect(recordMarks(row).unsynced()).toHaveCount(0)
    expect(consoleErrors).toEqual([])
  })
})
