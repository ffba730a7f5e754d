import { afterEach, describe, expect, it } from 'vitest'
import { customerTransfers } from '../pool.table'
import { contact, customer, editCustomer, HOUR, level, ownerOf, world, type World } from './fixture'

let w: World | undefined
afterEach(() => { w?.t.close(); w = undefined })

const outboxCount = (x: World) => x.t.app.database.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number

describe('客户分配 (CU-2): reassignment moves the customer and its whole history', () => {
  it('the new owner sees the full timeline and records; the previous owner loses the customer', async () => {
    w = await world()
    const { t, manager, zhang, li } = w
    const c = customer(t, '北京莱邦科技有限公司', zhang.id)
    t.clock.advance(HOUR)
    contact(t, c, '王经理', zhang.id, '13800138000')
    t.clock.advance(HOUR)
    editCustomer(t, c, zhang.id, { phone: '010-88886666', address: '北京市海淀区' })
    t.clock.advance(HOUR)
    const f = await zhang.client.ok('followups.add', { customerId: c, type: 'visit', content: '上门拜访，谈了需求' })
    t.clock.advance(HOUR)
    const opp = await zhang.client.ok('opportunities.save', { customerId: c, name: '年度采购', stage: 'quoted', amount: 500_000 })
    t.clock.advance(HOUR)

    expect(await manager.client.ok('pool.transfer', { toOwnerId: li.id, customerIds: [c], reason: '张离职，交接给李' })).toEqual({ moved: 1 })
    expect(ownerOf(t, c)).toBe(li.id)

    // The new owner: the whole history, including what zhang did before.
    const tl = await li.client.ok('timeline.customer', { customerId: c })
    const keys = tl.items.map((e) => e.summaryKey)
    expect(keys[0]).toBe('timeline.transfer')
    expect(tl.items[0]).toMatchObject({ kind: 'transfer', actorId: manager.id, actorName: 'wang', customerName: '北京莱邦科技有限公司', body: '张离职，交接给李', params: { from: 'zhang', to: 'li', reason: '张离职，交接给李' } })
    expect(tl.items.find((e) => e.kind === 'followup')).toMatchObject({ actorId: zhang.id, recordId: f.id })
    expect(tl.items.find((e) => e.kind === 'opportunity')).toMatchObject({ actorId: zhang.id, recordId: opp.id })
    expect(tl.items.find((e) => e.summaryKey === 'timeline.edit' && e.actorId === zhang.id && String(e.params.fields).includes('phone'))).toMatchObject({ params: { fields: 'phone,address' } })
    expect(tl.items.find((e) => e.summaryKey === 'timeline.contact.added')).toMatchObject({ actorId: zhang.id, params: { contact: '王经理' } })
    expect(keys.at(-1)).toBe('timeline.customer.created')
    // The owner change itself is not repeated as an "edit".
    expect(tl.items.filter((e) => e.kind === 'edit' && String(e.params.fields ?? '').includes('ownerId'))).toEqual([])

    // Follow-ups and opportunities moved with the customer.
    expect((await li.client.ok('followups.list', { customerId: c })).items.map((x) => x.id)).toEqual([f.id])
    expect((await li.client.ok('opportunities.get', { id: opp.id })).ownerId).toBe(li.id)

    // The previous owner no longer sees it, through the timeline or its records.
    expect(await zhang.client.call('timeline.customer', { customerId: c })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.client.call('followups.list', { customerId: c })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // Ledger with reason, visible to the manager, not to an outsider.
    const history = await manager.client.ok('pool.transfers', { customerId: c })
    expect(history.items).toEqual([expect.objectContaining({ customerId: c, kind: 'transfer', fromOwnerName: 'zhang', toOwnerName: 'li', byName: 'wang', reason: '张离职，交接给李' })])
    expect((await w.zhao.client.ok('pool.transfers', {})).items).toEqual([])
    expect((await li.client.ok('pool.transfers', {})).items.map((r) => r.customerId)).toEqual([c])
  })

  it('by selection, by the list filter, and all customers of a salesperson', async () => {
    w = await world()
    const { t, manager, zhang, li } = w
    level(t, 'A', 60)
    const a = customer(t, '北京莱邦科技有限公司', zhang.id, { level: 'A' })
    const b = customer(t, '上海莱邦贸易有限公司', zhang.id)
    const c = customer(t, '广州东方电子有限公司', zhang.id, { level: 'A' })
    const d = customer(t, '深圳南山软件有限公司', zhang.id, { phone: '0755-26881234' })
    const other = customer(t, '杭州莱邦网络有限公司', li.id)

    // Chinese substring within one salesperson's customers.
    expect(await manager.client.ok('pool.transfer', { toOwnerId: li.id, filters: { search: '莱邦', ownerId: [zhang.id] }, reason: '区域调整' })).toEqual({ moved: 2 })
    expect([a, b, c, d].map((id) => ownerOf(t, id))).toEqual([li.id, li.id, zhang.id, zhang.id])
    // By level; customers already with the target are not "moved".
    expect(await manager.client.ok('pool.transfer', { toOwnerId: li.id, filters: { level: ['A'] }, reason: 'A 级归李' })).toEqual({ moved: 1 })
    expect(ownerOf(t, c)).toBe(li.id)
    // Pinyin initials and phone suffix reach the same search keys as the customers list.
    expect(await manager.client.ok('pool.transfer', { toOwnerId: zhang.id, filters: { search: 'gzdf' }, reason: '回归' })).toEqual({ moved: 1 })
    expect(ownerOf(t, c)).toBe(zhang.id)
    expect(await manager.client.ok('pool.transfer', { toOwnerId: li.id, filters: { search: '1234' }, reason: '电话' })).toEqual({ moved: 1 })
    expect(ownerOf(t, d)).toBe(li.id)
    // Everything of li to zhang.
    expect(await manager.client.ok('pool.transfer', { toOwnerId: zhang.id, fromOwnerId: li.id, reason: '李调岗' })).toEqual({ moved: 4 })
    expect([a, b, c, d, other].map((id) => ownerOf(t, id))).toEqual(Array(5).fill(zhang.id))
    // fromOwnerId with a filter: only that salesperson's matching customers.
    expect(await manager.client.ok('pool.transfer', { toOwnerId: li.id, fromOwnerId: zhang.id, filters: { search: '杭州' }, reason: '杭州' })).toEqual({ moved: 1 })
    expect(ownerOf(t, other)).toBe(li.id)

    const rows = t.app.database.db.select().from(customerTransfers).all()
    expect(rows).toHaveLength(10)
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['transfer']))
  })

  it('needs customers.assign, a target who may see customers, and customers inside the caller\'s scope', async () => {
    w = await world()
    const { t, admin, manager, zhang, li, zhao, kuai } = w
    const mine = customer(t, '北京莱邦科技有限公司', zhang.id)
    const outside = customer(t, '外部客户有限公司', zhao.id)
    const inPool = customer(t, '公海客户有限公司', null)
    let before = outboxCount(w)

    const refused = [
      [await zhang.client.call('pool.transfer', { toOwnerId: li.id, customerIds: [mine], reason: '自己转' }), 'FORBIDDEN'],
      [await zhang.client.call('pool.transfer', { toOwnerId: zhang.id, fromOwnerId: li.id, reason: '抢' }), 'FORBIDDEN'],
      [await manager.client.call('pool.transfer', { toOwnerId: li.id, customerIds: [mine, outside], reason: '越权' }), 'FORBIDDEN'],
      [await manager.client.call('pool.transfer', { toOwnerId: li.id, fromOwnerId: zhao.id, reason: '越权' }), 'FORBIDDEN'],
      [await manager.client.call('pool.transfer', { toOwnerId: li.id, customerIds: [inPool], reason: '公海' }), 'FORBIDDEN'],
      [await manager.client.call('pool.transfer', { toOwnerId: kuai.id, customerIds: [mine], reason: '仓库' }), 'VALIDATION'],
      [await manager.client.call('pool.transfer', { toOwnerId: li.id, customerIds: [mine], fromOwnerId: zhang.id, reason: '两种' }), 'VALIDATION'],
      [await manager.client.call('pool.transfer', { toOwnerId: li.id, reason: '没选' }), 'VALIDATION'],
    ] as const
    expect(refused.map(([r]) => (r.ok ? 'ok' : r.error.code))).toEqual(refused.map(([, code]) => code))
    expect(refused[5]![0]).toMatchObject({ error: { messageKey: 'errors.transferTargetInvalid' } })
    expect(refused[6]![0]).toMatchObject({ error: { messageKey: 'errors.transferSelection' } })

    expect(outboxCount(w)).toBe(before)
    await admin.ok('admin.setUserDisabled', { id: li.id, disabled: true })
    before = outboxCount(w)
    expect(await manager.client.call('pool.transfer', { toOwnerId: li.id, customerIds: [mine], reason: '已停用' })).toMatchObject({ ok: false, error: { messageKey: 'errors.transferTargetInvalid' } })
    expect(outboxCount(w)).toBe(before)
    expect(ownerOf(t, mine)).toBe(zhang.id)

    // An administrator (scope all) may hand a pool customer to someone.
    expect(await admin.ok('pool.transfer', { toOwnerId: zhao.id, customerIds: [inPool], reason: '指定分配' })).toEqual({ moved: 1 })
    expect(ownerOf(t, inPool)).toBe(zhao.id)
  })
})
