import type { AppModule } from '../context'
import type { ApprovalsService } from '../approvals/approvals.service'
import { registerApprovalType } from '../approvals/approval-types'
import { registerExpensesHandlers } from './expenses.handlers'
import { ExpensesRepository } from './expenses.repository'
import { EXPENSE_TYPE, ExpensesService } from './expenses.service'
import { grantExpensesPlansDefaults } from './role-defaults'
import './expenses.synced'

/**
 * 客户费用 and 办事处费用预算 (SA-5, contract domain `expenses`): expenses per customer with a
 * receipt image, approval through the approvals engine, per-office monthly budgets with a
 * warning when an expense would exceed them. Also grants the expenses.* / plans.* role defaults.
 */
export const expensesModule: AppModule = {
  name: 'expenses',
  init: (ctx) => {
    const approvals = ctx.services.approvals as ApprovalsService | undefined
    if (!approvals) throw new Error('the expenses module needs the approvals module before it')
    const service = new ExpensesService({ db: ctx.db, repo: new ExpensesRepository(ctx.db), access: ctx.access, mutation: ctx.mutation, now: ctx.now, approvals })
    registerApprovalType({ documentType: EXPENSE_TYPE, facts: (id) => service.facts(id), onDecided: (w, inst, outcome) => service.onDecided(w, inst, outcome) })
    registerExpensesHandlers(ctx.registry, service)
    grantExpensesPlansDefaults(ctx.db, ctx.mutation, ctx.now())
    return service
  },
}
