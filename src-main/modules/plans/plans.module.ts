import type { AppModule } from '../context'
import { registerPlansHandlers } from './plans.handlers'
import { PlansRepository } from './plans.repository'
import { PlansService } from './plans.service'
import './plans.synced'

/**
 * 销售计划 / 计划完成情况 (SA-6, contract domain `plans`). Completion reads the sales module's
 * sales_facts / sales_monthly (lines of approved, unreversed orders, kept in the order's own
 * transaction on every device, sync included), so it starts after the sales module.
 */
export const plansModule: AppModule = {
  name: 'plans',
  init: (ctx) => {
    if (!ctx.services.sales) throw new Error('the plans module needs the sales module before it')
    const service = new PlansService({ repo: new PlansRepository(ctx.db), access: ctx.access, mutation: ctx.mutation })
    registerPlansHandlers(ctx.registry, service)
    return service
  },
}
