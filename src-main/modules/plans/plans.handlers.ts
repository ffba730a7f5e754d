import type { Registry } from '../../core/registry'
import type { PlansService } from './plans.service'

export function registerPlansHandlers(r: Registry, s: PlansService): void {
  r.register('plans.progress', (input, ctx) => s.progress(ctx.userId, input))
  r.register('plans.save', (input, ctx) => s.save(ctx.userId, input))
  r.register('plans.remove', (input, ctx) => s.remove(ctx.userId, input))
}
