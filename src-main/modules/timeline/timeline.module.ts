import type { AppModule } from '../context'
import { registerTimelineHandlers } from './timeline.handlers'
import { activitiesSource, auditEditsSource, TimelineRepository } from './timeline.repository'
import { TimelineService } from './timeline.service'
import { registerTimelineSource } from './timeline.sources'

export { recordActivity, type ActivityInput } from './activity'
export { registerTimelineSource, type TimelineSource, type TimelineQuery, type SourceEntry } from './timeline.sources'

// The built-in sources; later modules add theirs with registerTimelineSource.
registerTimelineSource(activitiesSource)
registerTimelineSource(auditEditsSource)

/** Activity timeline: per customer and per user; contract domain `timeline`. */
export const timelineModule: AppModule = {
  name: 'timeline',
  init: (ctx) => {
    const service = new TimelineService({ db: ctx.db, repo: new TimelineRepository(ctx.db), access: ctx.access })
    registerTimelineHandlers(ctx.registry, service)
    return service
  },
}
