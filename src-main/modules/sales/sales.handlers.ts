import type { Registry } from '../../core/registry'
import type { NumberingService } from './numbering.service'
import type { OrdersService } from './orders.service'
import type { QuotesService } from './quotes.service'

export function registerSalesHandlers(r: Registry, q: QuotesService, o: OrdersService, n: NumberingService): void {
  r.register('sales.listQuotes', (input, ctx) => q.list(ctx.userId, input))
  r.register('sales.getQuote', (input, ctx) => q.get(ctx.userId, input))
  r.register('sales.createQuote', (input, ctx) => q.create(ctx.userId, input))
  r.register('sales.updateQuote', (input, ctx) => q.update(ctx.userId, input))
  r.register('sales.submitQuote', (input, ctx) => q.submit(ctx.userId, input))
  r.register('sales.markQuoteSent', (input, ctx) => q.markSent(ctx.userId, input))
  r.register('sales.acceptQuote', (input, ctx) => q.accept(ctx.userId, input))
  r.register('sales.declineQuote', (input, ctx) => q.decline(ctx.userId, input))
  r.register('sales.reviseQuote', (input, ctx) => q.revise(ctx.userId, input))
  r.register('sales.priceHistory', (input, ctx) => q.priceHistory(ctx.userId, input))
  r.register('sales.printQuoteHtml', (input, ctx) => q.printHtml(ctx.userId, input))
  r.register('sales.exportQuotePdf', (input, ctx) => q.exportPdf(ctx.userId, input))

  r.register('sales.listOrders', (input, ctx) => o.list(ctx.userId, input))
  r.register('sales.getOrder', (input, ctx) => o.get(ctx.userId, input))
  r.register('sales.createOrderFromQuote', (input, ctx) => o.createFromQuote(ctx.userId, input))
  r.register('sales.createOrder', (input, ctx) => o.create(ctx.userId, input))
  r.register('sales.updateOrder', (input, ctx) => o.update(ctx.userId, input))
  r.register('sales.submitOrder', (input, ctx) => o.submit(ctx.userId, input))
  r.register('sales.reverseOrder', (input, ctx) => o.reverse(ctx.userId, input))
  r.register('sales.printOrderHtml', (input, ctx) => o.printHtml(ctx.userId, input))
  r.register('sales.exportOrderPdf', (input, ctx) => o.exportPdf(ctx.userId, input))
  r.register('sales.listSalespeople', (_input, ctx) => o.salespeople(ctx.userId))

  r.register('sales.getNumberingRules', (_input, ctx) => n.list(ctx.userId))
  r.register('sales.saveNumberingRule', (input, ctx) => n.save(ctx.userId, input))
}
