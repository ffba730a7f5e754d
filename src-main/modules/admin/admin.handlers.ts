import type { Registry } from '../../core/registry'
import type { AdminService } from './admin.service'

export function registerAdminHandlers(r: Registry, admin: AdminService): void {
  r.register('admin.listStaff', (_input, ctx) => admin.listStaff(ctx.userId))
  r.register('admin.listUsers', (input, ctx) => admin.listUsers(ctx.userId, input))
  r.register('admin.createUser', (input, ctx) => admin.createUser(ctx.userId, input))
  r.register('admin.updateUser', (input, ctx) => admin.updateUser(ctx.userId, input))
  r.register('admin.setUserDisabled', (input, ctx) => admin.setUserDisabled(ctx.userId, input))
  r.register('admin.resetPassword', (input, ctx) => admin.resetPassword(ctx.userId, input))
  r.register('admin.unlockUser', (input, ctx) => admin.unlockUser(ctx.userId, input))
  r.register('admin.listRoles', (_input, ctx) => admin.listRoles(ctx.userId))
  r.register('admin.saveRole', (input, ctx) => admin.saveRole(ctx.userId, input))
  r.register('admin.deleteRole', (input, ctx) => admin.deleteRole(ctx.userId, input))
  r.register('admin.resetRoleDefaults', (input, ctx) => admin.resetRoleDefaults(ctx.userId, input))
  r.register('admin.listDepartments', (_input, ctx) => admin.listDepartments(ctx.userId))
  r.register('admin.saveDepartment', (input, ctx) => admin.saveDepartment(ctx.userId, input))
  r.register('admin.deleteDepartment', (input, ctx) => admin.deleteDepartment(ctx.userId, input))
  r.register('admin.listOffices', (_input, ctx) => admin.listOffices(ctx.userId))
  r.register('admin.saveOffice', (input, ctx) => admin.saveOffice(ctx.userId, input))
  r.register('admin.deleteOffice', (input, ctx) => admin.deleteOffice(ctx.userId, input))
}
