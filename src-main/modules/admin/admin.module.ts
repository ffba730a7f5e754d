import type { AppModule } from '../context'
import { registerAdminHandlers } from './admin.handlers'
import { AdminService } from './admin.service'

export const adminModule: AppModule = {
  name: 'admin',
  init: (ctx) => {
    const admin = new AdminService({ repo: ctx.authRepo, access: ctx.access, mutation: ctx.mutation, auth: ctx.auth, sessions: ctx.sessions, now: ctx.now })
    registerAdminHandlers(ctx.registry, admin)
    return admin
  },
}
