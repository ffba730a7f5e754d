import type { Registry } from '../../core/registry'
import type { PoolService } from './pool.service'
import type { PoolSweeper } from './sweeper'
import type { TransferService } from './transfer.service'
import type { Access } from '../auth/access'
import { forbidden } from '../../core/errors'

export function registerPoolHandlers(r: Registry, d: { pool: PoolService; transfers: TransferService; sweeper: PoolSweeper; access: Access }): void {
  const { pool, transfers, sweeper, access } = d
  r.register('pool.list', (input, ctx) => pool.list(ctx.userId, input))
  r.register('pool.release', (input, ctx) => pool.release(ctx.userId, input))
  r.register('pool.claim', (input, ctx) => pool.claim(ctx.userId, input))
  r.register('pool.myClaims', (input, ctx) => pool.myClaims(ctx.userId, input))
  r.register('pool.getRules', (_input, ctx) => pool.getRules(ctx.userId))
  r.register('pool.setRules', (input, ctx) => pool.setRules(ctx.userId, input))
  r.register('pool.sweep', (_input, ctx) => {
    const actor = access.actor(ctx.userId)
    if (!actor.permissions.has('system.settings') && !actor.permissions.has('customers.assign')) throw forbidden('customers.assign')
    return sweeper.sweep()
  })
  r.register('pool.transfer', (input, ctx) => transfers.transfer(ctx.userId, input))
  r.register('pool.transfers', (input, ctx) => transfers.transfers(ctx.userId, input))
}
