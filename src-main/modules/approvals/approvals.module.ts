import type { AppModule } from '../context'
import { registerApprovalsHandlers } from './approvals.handlers'
import { ApprovalsRepository } from './approvals.repository'
import { ApprovalsService } from './approvals.service'
import './approvals.synced'
import { ApprovalResolver } from './resolver'

export { registerApprovalType, approvalType, type ApprovalTypeDef, type ApprovalOutcome, type ApprovalInstance } from './approval-types'
export type { ApprovalFacts } from './resolve-steps'
export type { ApprovalsService } from './approvals.service'
export { foldDecisions } from './fold'

/**
 * 审批流 (SA-2 / SA-4): configurable approval flows, the approvals inbox and the engine document
 * modules submit to (services.approvals); contract domain `approvals`. See docs/APPROVALS.md.
 */
export const approvalsModule: AppModule = {
  name: 'approvals',
  init: (ctx) => {
    const repo = new ApprovalsRepository(ctx.db)
    const { notifications, settings, log } = ctx.platform
    const resolver = new ApprovalResolver({ repo, mutation: ctx.mutation, now: ctx.now, bus: ctx.bus, sessions: ctx.sessions, notifications, settings, log })
    const service = new ApprovalsService({ db: ctx.db, repo, access: ctx.access, mutation: ctx.mutation, clock: ctx.clock, afterChange: () => resolver.run() })
    registerApprovalsHandlers(ctx.registry, service)
    resolver.start()
    ctx.onClose(() => resolver.stop())
    return service
  },
}
