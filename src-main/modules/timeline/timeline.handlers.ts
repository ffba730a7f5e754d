import type { Registry } from '../../core/registry'
import type { TimelineService } from './timeline.service'

export function registerTimelineHandlers(r: Registry, timeline: TimelineService): void {
  r.register('timeline.customer', (input, ctx) => timeline.customer(ctx.userId, input))
  r.register('timeline.user', (input, ctx) => timeline.user(ctx.userId, input))
}
