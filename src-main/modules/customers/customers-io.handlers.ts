import type { Registry } from '../../core/registry'
import type { CustomersIoService } from './customers-io.service'

/** X-5 methods of the `customers` domain (contract: src-preload/contracts/customers-io.ts). */
export function registerCustomersIoHandlers(r: Registry, io: CustomersIoService): void {
  r.register('customers.importPreview', (input, ctx) => io.importPreview(ctx.userId, input))
  r.register('customers.importCommit', (input, ctx) => io.importCommit(ctx.userId, input))
  r.register('customers.importTemplate', (input, ctx) => io.importTemplate(ctx.userId, input))
  r.register('customers.export', (input, ctx) => io.export(ctx.userId, input))
  r.register('customers.exportVcard', (input, ctx) => io.exportVcard(ctx.userId, input))
  r.register('customers.importVcard', (input, ctx) => io.importVcard(ctx.userId, input))
  r.register('customers.printHtml', (input, ctx) => io.printHtml(ctx.userId, input))
  r.register('customers.printPdf', (input, ctx) => io.printPdf(ctx.userId, input))
}
