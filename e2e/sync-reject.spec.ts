import { test, expect } from './fixtures/host'
import { customerPages } from './pages/customers'
import { recordMarks, syncPages } from './pages/sync'
import { openCustomerId, openCustomerList, SLOW, useCouchServer } from './fixtures/couch'

/**
 * Issue 4 end to end, the two ways sync tells the user something happened to their work: a
 * push the server refuses (shown on the record and in 同步被拒 with the server's reason, other
 * records keep syncing), and a record deleted here while another device edited it (the edit
 * wins: the record comes back and 冲突处理 says why). Server: in-process express-pouchdb.
 */

test.setTimeout(240_000)

const ADMIN = { company: '莱邦拒绝测试有限公司', username: 'admin', displayName: '王总', password: 'Admin-pass-1' }
const COUCH_USER = { username: 'lisi', password: 'Couch-pass-1' }
const REFUSED = '【拒绝】'
const REASON = 'E2E 服务器拒绝此名称 / refused by the e2e server'

const couch = useCouchServer(COUCH_USER, 'lb_e2e_rej')
const { serverDoc } = couch

/** A fresh database whose validate_doc_update refuses customer names containing 【拒绝】. */
const refusingDatabase = (): Promise<string> => couch.freshDatabase(
  `function (newDoc) { if (typeof newDoc.name === 'string' && newDoc.name.indexOf(${JSON.stringify(REFUSED)}) !== -1) throw({ forbidden: ${JSON.stringify(REASON)} }); }`,
)

test.describe('sync: rejected pushes and delete vs edit', () => {
  test('a refused change is shown with the server\'s reason; a record deleted here but edited elsewhere comes back and the user is told', async ({ page, host, consoleErrors }) => {
    const c = customerPages(page)
    const s = syncPages(page)
    const db = await refusingDatabase()
    await c.team.setUp(host.url, ADMIN)
    await s.settings.open()
    await s.settings.fill({ url: couch.server().url, username: COUCH_USER.username, password: COUCH_USER.password, database: db })
    await s.settings.setAutomatic(true)
    await s.settings.save()
    await expect(s.header.status()).toHaveAttribute('data-state', 'idle', SLOW)

    // Two customers reach the server.
    await openCustomerList(page)
    await c.list.create({ name: '杭州被拒测试贸易有限公司', phone: '0571-88001234', contacts: [{ name: '张经理', mobile: '13800138001' }] })
    const refusedId = openCustomerId(page)
    await openCustomerList(page)
    await c.list.create({ name: '宁波删除测试贸易有限公司', phone: '0574-88005678', contacts: [{ name: '赵经理', mobile: '13800138002' }] })
    const deletedId = openCustomerId(page)
    await expect.poll(async () => (await serverDoc(db, `customer:${deletedId}`))?.name, SLOW).toBe('宁波删除测试贸易有限公司')
    await expect.poll(async () => (await serverDoc(db, `customer:${refusedId}`))?.name, SLOW).toBe('杭州被拒测试贸易有限公司')

    // 1. A rename the server refuses: the record is marked, 同步被拒 lists it with the reason.
    await openCustomerList(page)
    await c.list.openCustomer('杭州被拒测试贸易有限公司')
    await page.getByTestId('customer-edit').click()
    await page.getByTestId('customer-form-name').fill(`杭州被拒测试${REFUSED}`)
    await page.getByTestId('customer-save').click()
    const detail = page.getByTestId('customer-detail')
    await expect(recordMarks(detail).rejected()).toBeVisible(SLOW)
    await expect(s.header.attention()).toBeVisible(SLOW)
    await s.inbox.open()
    await page.getByTestId('inbox-tab-rejected').click()
    const row = page.getByTestId('rejected-table').locator(`[data-record="${refusedId}"]`).first()
    await expect(row).toBeVisible(SLOW)
    await expect(row).toContainText('E2E 服务器拒绝此名称')
    // Nothing else is blocked: the server still has the old name, and the other record syncs on.
    expect((await serverDoc(db, `customer:${refusedId}`))?.name).toBe('杭州被拒测试贸易有限公司')

    // 2. Delete vs edit: paused, this device deletes the second customer while another device
    // changes its phone on the server. Resumed, the edit wins: the record is back, and told.
    await s.header.pause()
    await openCustomerList(page)
    await c.list.openCustomer('宁波删除测试贸易有限公司')
    await page.getByTestId('customer-more').click()
    await page.getByTestId('customer-delete').click()
    await page.getByTestId('confirm-ok').click()
    await expect(page.getByTestId('customer-search')).toBeVisible(SLOW)
    await expect(c.list.row('宁波删除测试贸易有限公司')).toHaveCount(0)
    const doc = (await serverDoc(db, `customer:${deletedId}`))!
    const stamp = `${String(Date.now() + 60_000).padStart(13, '0')}-0000-e2eotherdevice`
    const put = await couch.server().request('PUT', `/${db}/${encodeURIComponent(doc._id)}`, {
      ...doc, phone: '0574-88009999', lb: { ...doc.lb, hlc: stamp, fieldHlc: { ...doc.lb.fieldHlc, phone: stamp }, device: 'e2eotherdevice' },
    })
    expect(put.status).toBe(201)
    await s.header.resume()
    await s.inbox.open()
    const restored = page.getByTestId('conflicts-table').locator(`[data-record="${deletedId}"][data-kind="restored"]`)
    await expect(restored).toBeVisible(SLOW)
    await expect(restored).toContainText('您删除的记录因他人修改已恢复')
    await openCustomerList(page)
    await expect(c.list.row('宁波删除测试贸易有限公司')).toHaveCount(1, SLOW)
    await expect.poll(async () => (await serverDoc(db, `customer:${deletedId}`)) as Record<string, unknown> | null, SLOW)
      .toMatchObject({ deletedAt: null, phone: '0574-88009999' })
    expect(consoleErrors).toEqual([])
  })
})
