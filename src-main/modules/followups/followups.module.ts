import type { AppModule } from '../context'
import { registerFollowupsHandlers } from './followups.handlers'
import { FollowupsRepository } from './followups.repository'
import { FollowupsService } from './followups.service'
import { OpportunitiesRepository } from './opportunities.repository'
import { OpportunitiesService } from './opportunities.service'

export { reassignCustomerRecords } from './reassign'

/** Follow-ups (客户跟进), opportunities (商机) and their stages; contract domains followups + opportunities. */
export const followupsModule: AppModule = {
  name: 'followups',
  init: (ctx) => {
    const opportunitiesRepo = new OpportunitiesRepository(ctx.db)
    const base = { db: ctx.db, access: ctx.access, mutation: ctx.mutation, now: ctx.now }
    const followups = new FollowupsService({ ...base, repo: new FollowupsRepository(ctx.db), opportunities: opportunitiesRepo })
    const opportunities = new OpportunitiesService({ ...base, repo: opportunitiesRepo })
    registerFollowupsHandlers(ctx.registry, followups, opportunities)
    return { followups, opportunities }
  },
}
