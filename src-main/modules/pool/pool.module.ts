import type { AppModule } from '../context'
import type { CustomersService } from '../customers/customers.service'
import { ClaimResolver } from './claim-resolver'
import { registerPoolHandlers } from './pool.handlers'
import { PoolRepository } from './pool.repository'
import { PoolService } from './pool.service'
import { PoolSweeper } from './sweeper'
import { TransferService } from './transfer.service'

export { decideClaims, type ClaimCandidate, type ClaimDecision } from './decide-claims'
export { changeOwner, type OwnerChange } from './ownership'

/** 公海 (customer pool) and 客户分配 (reassignment); contract domain `pool`. See docs/POOL.md. */
export const poolModule: AppModule = {
  name: 'pool',
  init: (ctx) => {
    const customers = ctx.services.customers as CustomersService | undefined
    if (!customers) throw new Error('the pool module starts after the customers module')
    const repo = new PoolRepository(ctx.db, ctx.sqlite)
    const { notifications, settings, log, clock } = ctx.platform
    const resolver = new ClaimResolver({ repo, mutation: ctx.mutation, now: ctx.now, bus: ctx.bus, sessions: ctx.sessions, notifications, settings, log })
    const pool = new PoolService({ repo, access: ctx.access, mutation: ctx.mutation, clock: ctx.clock, now: ctx.now, afterClaim: () => resolver.run() })
    const transfers = new TransferService({ repo, access: ctx.access, authRepo: ctx.authRepo, mutation: ctx.mutation, ownersFor: (actor, f) => customers.ownersFor(actor, f) })
    const sweeper = new PoolSweeper({ repo, rules: () => pool.rules(), mutation: ctx.mutation, clock, bus: ctx.bus, sessions: ctx.sessions, notifications, settings, log })
    registerPoolHandlers(ctx.registry, { pool, transfers, sweeper, access: ctx.access })
    resolver.start()
    sweeper.start()
    ctx.onClose(() => { sweeper.stop(); resolver.stop() })
    return { pool, transfers, sweeper, resolver }
  },
}
