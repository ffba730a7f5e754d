import type { Registry } from '../../core/registry'
import type { AuthService } from './auth.service'

export function registerAuthHandlers(r: Registry, auth: AuthService): void {
  r.register('auth.setupStatus', () => auth.setupStatus())
  r.register('auth.setup', (input, ctx) => auth.setup(input, ctx.connectionId))
  r.register('auth.login', (input, ctx) => auth.login(input, ctx.connectionId))
  r.register('auth.session', (_input, ctx) => auth.session(ctx.userId))
  r.register('auth.logout', (_input, ctx) => auth.logout(ctx.connectionId))
  r.register('auth.updateProfile', (input, ctx) => auth.updateProfile(ctx.userId, input))
  r.register('auth.changePassword', (input, ctx) => auth.changePassword(ctx.userId, ctx.connectionId, input))
}
