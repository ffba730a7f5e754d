import type { LineInput } from '../../../../src-preload/contracts/sales'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'

export interface User { client: TestClient; id: string }

/**
 * 销售经理 jing ← salespeople zhang and li; wang is a salesperson of another team (reports to
 * nobody in it, so outside jing's scope); admin sets products, flows and rules. Products:
 * P1 (list 100.00, floor 80.00, cost 60.00, 13 %), P2 (list 2.50 per kg, no floor, cost 1.20).
 */
export interface SalesWorld {
  t: TestApp
  admin: TestClient
  jing: User
  zhang: User
  li: User
  wang: User
  p1: string
  p2: string
  /** Customers owned by zhang, li and wang. */
  cZhang: string
  cZhang2: string
  cLi: string
  cWang: string
}

export async function salesWorld(): Promise<SalesWorld> {
  const t = createTestApp()
  const admin = await setupCompany(t)
  const jing = await userWithRole(t, admin, 'jing', 'sales_manager')
  const zhang = await userWithRole(t, admin, 'zhang', 'salesperson', { managerId: jing.id })
  const li = await userWithRole(t, admin, 'li', 'salesperson', { managerId: jing.id })
  const boss = await userWithRole(t, admin, 'boss', 'sales_manager')
  const wang = await userWithRole(t, admin, 'wang', 'salesperson', { managerId: boss.id })
  const p1 = (await admin.ok('catalogue.create', { code: 'P1', name: '工业水泵', unit: '台', listPrice: 10_000, floorPrice: 8_000, standardCost: 6_000, taxRate: 1300 })).id
  const p2 = (await admin.ok('catalogue.create', { code: 'P2', name: '密封胶', unit: 'kg', listPrice: 250, standardCost: 120, taxRate: 1300 })).id
  return {
    t, admin, jing, zhang, li, wang, p1, p2,
    cZhang: insertCustomer(t, { name: '北京莱邦科技有限公司', ownerId: zhang.id, level: 'A' }),
    cZhang2: insertCustomer(t, { name: '上海甲方有限公司', ownerId: zhang.id }),
    cLi: insertCustomer(t, { name: '广州乙方有限公司', ownerId: li.id }),
    cWang: insertCustomer(t, { name: '深圳丙方有限公司', ownerId: wang.id }),
  }
}

export const line = (productId: string, qtyMilli: number, unitPrice: number, discountPermille = 0): LineInput => ({ productId, qtyMilli, unitPrice, discountPermille })

export function quoteInput(customerId: string, lines: LineInput[], extra: { validUntil?: string | null; priceIncludesTax?: boolean } = {}) {
  return { customerId, quoteDate: '2026-11-27', validUntil: extra.validUntil ?? '2026-12-31', priceIncludesTax: extra.priceIncludesTax ?? true, lines }
}

/** The approver's inbox entry for a document, decided. */
export async function decide(approver: User, documentId: string, decision: 'approve' | 'reject' = 'approve', comment = ''): Promise<void> {
  const inbox = await approver.client.ok('approvals.inbox', { limit: 50 })
  const inst = inbox.items.find((i) => i.documentId === documentId)
  if (!inst) throw new Error(`no approval for ${documentId} in the inbox`)
  await approver.client.ok('approvals.decide', { instanceId: inst.id, step: inst.currentStep, decision, comment })
}

/** A quote taken through approval (none configured: approved at once) and sent. */
export async function sentQuote(u: User, customerId: string, lines: LineInput[], quoteDate = '2026-11-27'): Promise<string> {
  const q = await u.client.ok('sales.createQuote', { ...quoteInput(customerId, lines), quoteDate })
  await u.client.ok('sales.submitQuote', { id: q.id })
  await u.client.ok('sales.markQuoteSent', { id: q.id })
  return q.id
}
