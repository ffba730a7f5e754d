import type { Registry } from '../../core/registry'
import type { CustomerSettingsService } from './customer-settings.service'
import type { CustomersService } from './customers.service'

/** The `customers` domain's core methods (contract: src-preload/contracts/customers.ts). */
export function registerCustomersHandlers(r: Registry, customers: CustomersService, settings: CustomerSettingsService): void {
  r.register('customers.list', (input, ctx) => customers.list(ctx.userId, input))
  r.register('customers.count', (input, ctx) => customers.count(ctx.userId, input))
  r.register('customers.stats', (input, ctx) => customers.stats(ctx.userId, input))
  r.register('customers.get', (input, ctx) => customers.get(ctx.userId, input))
  r.register('customers.create', (input, ctx) => customers.create(ctx.userId, input))
  r.register('customers.update', (input, ctx) => customers.update(ctx.userId, input))
  r.register('customers.remove', (input, ctx) => customers.remove(ctx.userId, input))
  r.register('customers.checkDuplicates', (input, ctx) => customers.checkDuplicates(ctx.userId, input))
  r.register('customers.merge', (input, ctx) => customers.merge(ctx.userId, input))
  r.register('customers.saveContact', (input, ctx) => customers.saveContact(ctx.userId, input))
  r.register('customers.removeContact', (input, ctx) => customers.removeContact(ctx.userId, input))
  r.register('customers.listLevels', (_input, ctx) => settings.listLevels(ctx.userId))
  r.register('customers.saveLevel', (input, ctx) => settings.saveLevel(ctx.userId, input))
  r.register('customers.listFields', (_input, ctx) => settings.listFields(ctx.userId))
  r.register('customers.saveField', (input, ctx) => settings.saveField(ctx.userId, input))
  r.register('customers.removeField', (input, ctx) => settings.removeField(ctx.userId, input))
  r.register('customers.listViews', (_input, ctx) => settings.listViews(ctx.userId))
  r.register('customers.saveView', (input, ctx) => settings.saveView(ctx.userId, input))
  r.register('customers.removeView', (input, ctx) => settings.removeView(ctx.userId, input))
}
