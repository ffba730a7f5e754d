import type { DataScope, Permission, ScopedModule } from '../../../src-preload/contracts/permissions'
import { AppError, forbidden } from '../../core/errors'
import type { AuthRepository } from './auth.repository'
import { visibleOwners } from './scope'

/** The caller as services see it: who, what they may do, and whose records they may touch. */
export interface Actor {
  userId: string
  roleId: string
  permissions: ReadonlySet<Permission>
  scopes: Record<ScopedModule, DataScope>
  departmentId: string | null
}

/** Builds actors and answers permission and scope questions; every service uses it. */
export class Access {
  constructor(private readonly repo: AuthRepository) {}

  /** Loaded fresh for each call, so a changed role or a disabled account applies at once. */
  actor(userId: string | null): Actor {
    if (!userId) throw new AppError('UNAUTHENTICATED', 'errors.unauthenticated')
    const user = this.repo.userById(userId)
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'errors.unauthenticated')
    const role = this.repo.role(user.roleId)
    if (!role) throw new AppError('FORBIDDEN', 'errors.forbidden')
    return { userId, roleId: role.id, permissions: new Set(role.permissions), scopes: role.scopes, departmentId: user.departmentId }
  }

  require(actor: Actor, permission: Permission): void {
    if (!actor.permissions.has(permission)) throw forbidden(permission)
  }

  /** Owner ids whose records the actor may see in a module ('all' = no filter). */
  visibleOwners(actor: Actor, module: ScopedModule): Set<string> | 'all' {
    return visibleOwners(this.repo.orgGraph(), actor.userId, actor.scopes[module])
  }

  canSeeOwner(actor: Actor, module: ScopedModule, ownerId: string | null): boolean {
    const owners = this.visibleOwners(actor, module)
    return owners === 'all' || (ownerId !== null && owners.has(ownerId))
  }

  requireOwnerVisible(actor: Actor, module: ScopedModule, ownerId: string | null): void {
    if (!this.canSeeOwner(actor, module, ownerId)) throw forbidden(`${module}.scope`)
  }
}
