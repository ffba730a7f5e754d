import type { Registry } from '../../core/registry'
import type { FollowupsService } from './followups.service'
import type { OpportunitiesService } from './opportunities.service'

export function registerFollowupsHandlers(r: Registry, f: FollowupsService, o: OpportunitiesService): void {
  r.register('followups.list', (input, ctx) => f.list(ctx.userId, input))
  r.register('followups.add', (input, ctx) => f.add(ctx.userId, input))
  r.register('followups.update', (input, ctx) => f.update(ctx.userId, input))
  r.register('followups.remove', (input, ctx) => f.remove(ctx.userId, input))

  r.register('opportunities.list', (input, ctx) => o.list(ctx.userId, input))
  r.register('opportunities.get', (input, ctx) => o.get(ctx.userId, input))
  r.register('opportunities.save', (input, ctx) => o.save(ctx.userId, input))
  r.register('opportunities.moveStage', (input, ctx) => o.moveStage(ctx.userId, input))
  r.register('opportunities.remove', (input, ctx) => o.remove(ctx.userId, input))
  r.register('opportunities.pipeline', (input, ctx) => o.pipeline(ctx.userId, input))
  r.register('opportunities.forecast', (input, ctx) => o.forecast(ctx.userId, input))
  r.register('opportunities.listStages', (_input, ctx) => o.listStages(ctx.userId))
  r.register('opportunities.saveStages', (input, ctx) => o.saveStages(ctx.userId, input))
}
