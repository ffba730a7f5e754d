import { afterEach, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../testing'
import { decide, line, quoteInput, salesWorld, sentQuote, type SalesWorld } from './fixture'

const apps: TestApp[] = []
afterEach(() => { for (const t of apps.splice(0)) t.close() })
async function setup(): Promise<SalesWorld> {
  const w = await salesWorld()
  apps.push(w.t)
  return w
}

describe('quotes', () => {
  it('computes totals in fen from the lines, flags below-floor lines, numbers the draft provisionally and records it on the timeline', async () => {
    const w = await setup()
    // P1 at 75.00 (below the 80.00 floor) × 2, P2 1.5 kg at 2.35 with 10 % off; prices include 13 % tax.
    const q = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 2000, 7_500), line(w.p2, 1500, 235, 100)]))
    expect(q.lines.map((l) => [l.amount, l.tax, l.total, l.netUnitPrice, l.belowFloor])).toEqual([
      [13_274, 1_726, 15_000, 7_500, true],
      // 1.5 × 2.35 × 0.9 = 3.1725 → 3.17; tax 3.17 × 13/113 = 0.3647 → 0.36
      [281, 36, 317, 212, false],
    ])
    expect(q).toMatchObject({ subtotal: 13_555, tax: 1_762, total: 15_317, belowFloor: true, maxDiscountPermille: 100, status: 'draft', version: 1, numberStatus: 'provisional', number: 'QT-20261127-0001' })
    expect(q.lines[0]).toMatchObject({ productCode: 'P1', productName: '工业水泵', unit: '台', listPrice: 10_000, taxRate: 1300 })
    const second = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang2, [line(w.p2, 1000, 250)]))
    expect(second.number).toBe('QT-20261127-0002')
    const tl = await w.zhang.client.ok('timeline.customer', { customerId: w.cZhang, limit: 10 })
    expect(tl.items.map((e) => e.summaryKey)).toContain('timeline.quote.created')
  })

  it('below floor → approval by the manager (inbox + notification); approved quotes cannot be edited, only revised', async () => {
    const w = await setup()
    await w.admin.ok('approvals.saveFlow', { documentType: 'quote', name: '低于底价', enabled: true, priority: 1, conditions: { belowFloor: true }, steps: [{ kind: 'supervisor' }] })
    const q = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 7_000)]))
    const submitted = await w.zhang.client.ok('sales.submitQuote', { id: q.id })
    expect(submitted.status).toBe('submitted')
    expect(submitted.approvalId).toBeTruthy()
    expect(await w.zhang.client.call('sales.updateQuote', { id: q.id, ...quoteInput(w.cZhang, [line(w.p1, 1000, 9_000)]) })).toMatchObject({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.documentLocked' } })
    // The manager gets a desktop notification for the new approval.
    expect(w.t.platform.notifications.shown.some((n) => n.userId === w.jing.id)).toBe(true)
    await decide(w.jing, q.id, 'reject', '价格太低')
    expect((await w.zhang.client.ok('sales.getQuote', { id: q.id })).status).toBe('rejected')
    // A rejected quote is edited (back to draft) and submitted again.
    const edited = await w.zhang.client.ok('sales.updateQuote', { id: q.id, ...quoteInput(w.cZhang, [line(w.p1, 1000, 7_900)]) })
    expect(edited).toMatchObject({ status: 'draft', total: 7_900 })
    await w.zhang.client.ok('sales.submitQuote', { id: q.id })
    await decide(w.jing, q.id)
    const approved = await w.zhang.client.ok('sales.getQuote', { id: q.id })
    expect(approved).toMatchObject({ status: 'approved', can: { edit: false, markSent: true, revise: true } })
    expect(await w.zhang.client.call('sales.updateQuote', { id: q.id, ...quoteInput(w.cZhang, [line(w.p1, 1000, 9_000)]) })).toMatchObject({ ok: false, error: { messageKey: 'errors.documentLocked' } })
    expect(await w.zhang.client.call('sales.submitQuote', { id: q.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.documentLocked' } })
    // Not below floor: no flow matches, approved at once.
    const ok = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    expect((await w.zhang.client.ok('sales.submitQuote', { id: ok.id })).status).toBe('approved')
  })

  it('sent → accepted / declined / expired; revising creates a new version and keeps the old one', async () => {
    const w = await setup()
    const id = await sentQuote(w.zhang, w.cZhang, [line(w.p1, 1000, 9_500)])
    expect(await w.zhang.client.call('sales.markQuoteSent', { id })).toMatchObject({ ok: false, error: { messageKey: 'errors.quoteWrongStatus' } })
    const v2 = await w.zhang.client.ok('sales.reviseQuote', { id })
    expect(v2).toMatchObject({ version: 2, status: 'draft', number: (await w.zhang.client.ok('sales.getQuote', { id })).number, lines: [{ unitPrice: 9_500 }] })
    expect(v2.versions.map((v) => [v.version, v.status])).toEqual([[2, 'draft'], [1, 'superseded']])
    expect(await w.zhang.client.call('sales.reviseQuote', { id })).toMatchObject({ ok: false, error: { messageKey: 'errors.quoteWrongStatus' } })
    const old = await w.zhang.client.ok('sales.getQuote', { id })
    expect(old).toMatchObject({ status: 'superseded', supersededBy: v2.id, lines: [{ unitPrice: 9_500 }] })
    // The list shows only the newest version unless asked.
    const list = await w.zhang.client.ok('sales.listQuotes', { limit: 10 })
    expect(list.items.map((r) => r.id)).toEqual([v2.id])
    expect((await w.zhang.client.ok('sales.listQuotes', { filters: { latestOnly: false }, limit: 10 })).items).toHaveLength(2)

    await w.zhang.client.ok('sales.updateQuote', { id: v2.id, ...quoteInput(w.cZhang, [line(w.p1, 1000, 9_200)]) })
    await w.zhang.client.ok('sales.submitQuote', { id: v2.id })
    await w.zhang.client.ok('sales.markQuoteSent', { id: v2.id })
    const declined = await w.zhang.client.ok('sales.declineQuote', { id: v2.id, reason: '预算不足' })
    expect(declined).toMatchObject({ status: 'declined', declineReason: '预算不足' })

    // Expired: sent and past validUntil (derived, not stored); cannot be accepted.
    const q3 = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_000)], { validUntil: '2026-11-30' }))
    await w.zhang.client.ok('sales.submitQuote', { id: q3.id })
    await w.zhang.client.ok('sales.markQuoteSent', { id: q3.id })
    w.t.clock.advance(5 * 86_400_000)
    expect((await w.zhang.client.ok('sales.getQuote', { id: q3.id })).status).toBe('expired')
    expect((await w.zhang.client.ok('sales.listQuotes', { filters: { status: 'expired' }, limit: 10 })).items.map((r) => r.id)).toEqual([q3.id])
    expect(await w.zhang.client.call('sales.acceptQuote', { id: q3.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.quoteWrongStatus', details: { status: 'expired' } } })
  })

  it('price history: this customer and others, min / median / last, names hidden outside the caller\'s scope', async () => {
    const w = await setup()
    await sentQuote(w.zhang, w.cZhang, [line(w.p1, 1000, 9_000)], '2026-10-01')
    await sentQuote(w.zhang, w.cZhang, [line(w.p1, 1000, 9_400, 50)], '2026-11-01') // net 89.30
    await sentQuote(w.li, w.cLi, [line(w.p1, 1000, 8_800)], '2026-09-15')
    await sentQuote(w.wang, w.cWang, [line(w.p1, 1000, 8_500)], '2026-11-20')
    await sentQuote(w.wang, w.cWang, [line(w.p1, 1000, 9_900)], '2026-11-21')
    // Drafts and other products do not count.
    await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 1)]))
    await sentQuote(w.zhang, w.cZhang, [line(w.p2, 1000, 250)])

    const h = await w.zhang.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(h.thisCustomer.stats).toMatchObject({ count: 2, min: 8_930, max: 9_000, median: 8_965 })
    expect(h.thisCustomer.stats.last).toMatchObject({ date: '2026-11-01', netUnitPrice: 8_930, discountPermille: 50, salespersonName: 'zhang', customerName: '北京莱邦科技有限公司' })
    expect(h.others.stats).toMatchObject({ count: 3, min: 8_500, max: 9_900, median: 8_800 })
    expect(h.others.entries.map((e) => [e.date, e.netUnitPrice, e.salespersonName, e.customerName])).toEqual([
      ['2026-11-21', 9_900, 'wang', null], ['2026-11-20', 8_500, 'wang', null], ['2026-09-15', 8_800, 'li', null],
    ])
    // The manager sees li's customer by name (own team), not wang's.
    const hm = await w.jing.client.ok('sales.priceHistory', { productId: w.p1, customerId: w.cZhang })
    expect(hm.others.entries.map((e) => e.customerName)).toEqual([null, null, '广州乙方有限公司'])
    // A customer outside the caller's scope cannot be the subject.
    expect(await w.zhang.client.call('sales.priceHistory', { productId: w.p1, customerId: w.cLi })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('scope: a salesperson sees own quotes, the manager the team\'s, another team nothing', async () => {
    const w = await setup()
    const a = await w.zhang.client.ok('sales.createQuote', quoteInput(w.cZhang, [line(w.p1, 1000, 9_000)]))
    const b = await w.li.client.ok('sales.createQuote', quoteInput(w.cLi, [line(w.p1, 1000, 9_000)]))
    await w.wang.client.ok('sales.createQuote', quoteInput(w.cWang, [line(w.p1, 1000, 9_000)]))
    expect((await w.zhang.client.ok('sales.listQuotes', { limit: 10 })).items.map((q) => q.id)).toEqual([a.id])
    expect((await w.jing.client.ok('sales.listQuotes', { limit: 10 })).items.map((q) => q.id).sort()).toEqual([a.id, b.id].sort())
    expect(await w.li.client.call('sales.getQuote', { id: a.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await w.wang.client.call('sales.listQuotes', { filters: { ownerId: w.zhang.id }, limit: 10 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Quoting a customer outside one's scope is refused.
    expect(await w.zhang.client.call('sales.createQuote', quoteInput(w.cLi, [line(w.p1, 1000, 9_000)]))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Keyset pages: 1 per page, no duplicates.
    const p1 = await w.jing.client.ok('sales.listQuotes', { limit: 1 })
    const p2 = await w.jing.client.ok('sales.listQuotes', { limit: 1, cursor: p1.nextCursor })
    expect(p2.items[0]!.id).not.toBe(p1.items[0]!.id)
    expect(p2.nextCursor).toBeNull()
  })

  it('prints with the company header, in Chinese or English, with or without prices; PDF needs a renderer', async () => {
    const w = await setup()
    const q = await w.zhang.client.ok('sales.createQuote', { ...quoteInput(w.cZhang, [line(w.p1, 2000, 9_000)]), terms: '<b>含运费</b>' })
    const zh = (await w.zhang.client.ok('sales.printQuoteHtml', { id: q.id })).html
    expect(zh).toContain('莱邦测试有限公司')
    expect(zh).toContain('报价单')
    expect(zh).toContain(q.number)
    expect(zh).toContain('壹佰捌拾元整')
    expect(zh).toContain('&lt;b&gt;含运费&lt;/b&gt;')
    const en = (await w.zhang.client.ok('sales.printQuoteHtml', { id: q.id, lang: 'en', hidePrices: true })).html
    expect(en).toContain('Quotation')
    expect(en).not.toContain('180.00')
    expect(await w.zhang.client.call('sales.exportQuotePdf', { id: q.id })).toMatchObject({ ok: false, error: { messageKey: 'errors.printUnavailable' } })
    expect(await w.li.client.call('sales.printQuoteHtml', { id: q.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
