import type { DataScope, Permission, ScopedModule } from '../../../src-preload/contracts/permissions'
import { AppError, forbidden } from '../../core/errors'
import type { AuthRepository } from './auth.repository'
import { visibleOwners, type OrgGraph } from './scope'

/** The caller as services see it: who, what they may do, and whose records they may touch. */
export interface Actor {
  userId: string
  roleId: string
  permissions: ReadonlySet<Permission>
  scopes: Record<ScopedModule, DataScope>
  departmentId: string | null
}

/**
 * Builds actors and answers permission and scope questions; every service uses it.
 *
 * Actors, the organisation graph and scope sets are cached until users, roles or departments
 * change (`repo.version`, bumped inside the writing transaction by whatever writes them: a
 * service, the sync projector, demo data), so a changed role or a disabled account applies
 * from the next call on, and an unchanged one costs one counter read instead of four queries.
 * Nothing read inside a transaction is cached (it might roll back).
 */
export class Access {
  private version = -1
  private readonly actors = new Map<string, Actor>()
  private readonly owners = new Map<string, Set<string> | 'all'>()
  private graph: OrgGraph | null = null

  constructor(private readonly repo: AuthRepository) {}

  actor(userId: string | null): Actor {
    if (!userId) throw new AppError('UNAUTHENTICATED', 'errors.unauthenticated')
    const cacheable = this.fresh()
    const hit = this.actors.get(userId)
    if (hit) return hit
    const user = this.repo.userById(userId)
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'errors.unauthenticated')
    const role = this.repo.role(user.roleId)
    if (!role) throw new AppError('FORBIDDEN', 'errors.forbidden')
    const actor: Actor = Object.freeze({
      userId, roleId: role.id, permissions: new Set(role.permissions), scopes: Object.freeze({ ...role.scopes }), departmentId: user.departmentId,
    })
    if (cacheable) this.actors.set(userId, actor)
    return actor
  }

  require(actor: Actor, permission: Permission): void {
    if (!actor.permissions.has(permission)) throw forbidden(permission)
  }

  /** Owner ids whose records the actor may see in a module ('all' = no filter). */
  visibleOwners(actor: Actor, module: ScopedModule): Set<string> | 'all' {
    const owners = this.ownersOf(actor, module)
    // A copy: callers may narrow the set they get (the cached one must stay whole).
    return owners === 'all' ? owners : new Set(owners)
  }

  canSeeOwner(actor: Actor, module: ScopedModule, ownerId: string | null): boolean {
    const owners = this.ownersOf(actor, module)
    return owners === 'all' || (ownerId !== null && owners.has(ownerId))
  }

  requireOwnerVisible(actor: Actor, module: ScopedModule, ownerId: string | null): void {
    if (!this.canSeeOwner(actor, module, ownerId)) throw forbidden(`${module}.scope`)
  }

  private ownersOf(actor: Actor, module: ScopedModule): ReadonlySet<string> | 'all' {
    const scope = actor.scopes[module]
    if (scope === 'all') return 'all'
    const cacheable = this.fresh()
    const key = `${actor.userId}\u0000${scope}`
    let owners = this.owners.get(key)
    if (!owners) {
      const graph = this.graph ?? this.repo.orgGraph()
      if (cacheable) this.graph = graph
      owners = visibleOwners(graph, actor.userId, scope)
      if (cacheable) this.owners.set(key, owners)
    }
    return owners
  }

  /** Drops the caches when the organisation changed; false while inside a transaction. */
  private fresh(): boolean {
    const v = this.repo.version.read()
    if (v !== this.version) {
      this.version = v
      this.actors.clear()
      this.owners.clear()
      this.graph = null
    }
    return !this.repo.version.inTransaction()
  }
}
