import type { Registry } from '../../core/registry'
import type { ApprovalsService } from './approvals.service'

export function registerApprovalsHandlers(r: Registry, approvals: ApprovalsService): void {
  r.register('approvals.listFlows', (input, ctx) => approvals.listFlows(ctx.userId, input))
  r.register('approvals.saveFlow', (input, ctx) => approvals.saveFlow(ctx.userId, input))
  r.register('approvals.deleteFlow', (input, ctx) => approvals.deleteFlow(ctx.userId, input))
  r.register('approvals.inbox', (input, ctx) => approvals.inbox(ctx.userId, input))
  r.register('approvals.mine', (input, ctx) => approvals.mine(ctx.userId, input))
  r.register('approvals.processed', (input, ctx) => approvals.processed(ctx.userId, input))
  r.register('approvals.counts', (_input, ctx) => approvals.counts(ctx.userId))
  r.register('approvals.get', (input, ctx) => approvals.get(ctx.userId, input))
  r.register('approvals.decide', (input, ctx) => approvals.decide(ctx.userId, input))
  r.register('approvals.recall', (input, ctx) => approvals.recall(ctx.userId, input))
}
