import type { AppModule } from '../context'
import type { FollowupsService } from '../followups/followups.service'
import type { OpportunitiesService } from '../followups/opportunities.service'
import type { TimelineService } from '../timeline/timeline.service'
import { customerPage } from './customer-page'
import { CustomerSettingsService } from './customer-settings.service'
import { registerCustomersIoHandlers } from './customers-io.handlers'
import { CustomersIoService } from './customers-io.service'
import { registerCustomersHandlers } from './customers.handlers'
import { CustomersRepository } from './customers.repository'
import { CustomersService } from './customers.service'
import './customers.synced'

export { registerCustomerReference } from './customer-references'

/**
 * 客户资料 (contract domain `customers`: the core methods here, import/export/print in
 * customers-io). `services.customers` is the CustomersService (see the top of customers.service.ts).
 */
export const customersModule: AppModule = {
  name: 'customers',
  init: (ctx) => {
    const repo = new CustomersRepository(ctx.db, ctx.sqlite)
    const settings = new CustomerSettingsService({ mutation: ctx.mutation, access: ctx.access, repo, companyExists: () => ctx.authRepo.companyId() !== null })
    const customers = new CustomersService({ db: ctx.db, sqlite: ctx.sqlite, mutation: ctx.mutation, access: ctx.access, repo, ensureLevels: (w) => settings.ensureDefaultLevels(w) })
    registerCustomersHandlers(ctx.registry, customers, settings)
    // The timeline and follow-up modules start after this one: their services are looked up per call.
    const later = () => ({ timeline: ctx.services.timeline as TimelineService, ...(ctx.services.followups as { followups: FollowupsService; opportunities: OpportunitiesService }) })
    ctx.registry.register('customers.page', (input, c) => customerPage(customers, {
      timeline: (u, i) => later().timeline.customer(u, i),
      followups: (u, i) => later().followups.list(u, i),
      opportunities: (u, i) => later().opportunities.list(u, i),
    }, c.userId, input))
    const io = new CustomersIoService({ db: ctx.db, mutation: ctx.mutation, access: ctx.access, platform: ctx.platform, now: ctx.now, listPage: (userId, input) => customers.list(userId, input), duplicates: (actor, q) => customers.duplicates(actor, q) })
    registerCustomersIoHandlers(ctx.registry, io)
    // Default levels when a company exists: at start, and lazily when levels are first needed
    // (listLevels, create/update), so a fresh company gets them without a write during setup.
    settings.ensureDefaultLevels()
    return customers
  },
}
