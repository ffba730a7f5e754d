import type { AppModule } from '../context'
import type { ApprovalsService } from '../approvals/approvals.service'
import { registerApprovalType } from '../approvals/approval-types'
import { NumberingService } from './numbering.service'
import { OrdersService, ORDER_TYPE } from './orders.service'
import { QuotesService, QUOTE_TYPE } from './quotes.service'
import { grantSalesDefaults } from './role-defaults'
import { registerSalesHandlers } from './sales.handlers'
import { productOnOrders, productOnQuotes, SalesRepository } from './sales.repository'
import { registerProductUsage } from '../catalogue/product-usage'
import type { OpportunitiesService } from '../followups/opportunities.service'
import { SalesReports } from './sales-reports'
import './sales.synced'

export { onOrderApproved, onOrderReversed, type OrderEvent, type OrderReversedEvent } from './order-events'
export { rebuildSalesFacts } from './facts'
export { SalesReports }

/**
 * 客户报价 and 销售单 (contract domain `sales`): quotes with versions and price history, sales
 * orders from quotes or direct, 编号规则, approval through the approvals engine, events for
 * the modules that follow an approved order. See docs/SALES.md.
 */
export const salesModule: AppModule = {
  name: 'sales',
  init: (ctx) => {
    const approvals = ctx.services.approvals as ApprovalsService | undefined
    if (!approvals) throw new Error('the sales module needs the approvals module before it')
    const followups = ctx.services.followups as { opportunities: OpportunitiesService } | undefined
    if (!followups) throw new Error('the sales module needs the followups module before it')
    const repo = new SalesRepository(ctx.db)
    const deps = {
      db: ctx.db, repo, access: ctx.access, mutation: ctx.mutation, now: ctx.now, approvals, platform: ctx.platform,
      companyName: () => ctx.authRepo.companyName() ?? '', opportunities: followups.opportunities,
    }
    const quotes = new QuotesService(deps)
    const orders = new OrdersService(deps)
    const numbering = new NumberingService(deps)
    registerApprovalType({ documentType: QUOTE_TYPE, facts: (id) => quotes.facts(id), onDecided: (w, inst, outcome) => quotes.onDecided(w, inst, outcome) })
    // "A sales order always needs approval before it counts": the submitter's 主管 when no flow matches.
    registerApprovalType({
      documentType: ORDER_TYPE, facts: (id) => orders.facts(id), onDecided: (w, inst, outcome) => orders.onDecided(w, inst, outcome),
      fallbackSteps: [{ kind: 'supervisor' }],
    })
    // A product on a quote or order line cannot be removed, only deactivated (docs/SALES.md).
    registerProductUsage('quote', productOnQuotes)
    registerProductUsage('sales_order', productOnOrders)
    registerSalesHandlers(ctx.registry, quotes, orders, numbering)
    grantSalesDefaults(ctx.db, ctx.mutation, ctx.now())
    return { quotes, orders, numbering, reports: new SalesReports(ctx.db) }
  },
}
