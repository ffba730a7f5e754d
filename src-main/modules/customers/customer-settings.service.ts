import { createHash } from 'node:crypto'
import type { FieldRow, LevelRow, SavedViewRow } from '../../../src-preload/contracts/customers'
import { AppError, conflict, notFound } from '../../core/errors'
import type { Mutation, Writer } from '../../core/mutation'
import type { Access } from '../auth/access'
import type { CustomersRepository } from './customers.repository'
import { customerFields, customerLevels, savedViews } from './customers.table'

export interface CustomerSettingsDeps { mutation: Mutation; access: Access; repo: CustomersRepository; companyExists: () => boolean }

/** 客户级别 defaults (Chinese CRM convention), with days before the pool reclaims a customer. */
export const DEFAULT_LEVELS = [
  { code: 'A', name: '重点', sort: 10, poolDays: 60 },
  { code: 'B', name: '普通', sort: 20, poolDays: 30 },
  { code: 'C', name: '非优先', sort: 30, poolDays: 30 },
  { code: 'D', name: '待开发', sort: 40, poolDays: 15 },
] as const

/**
 * A UUID derived from a name (version 8, RFC 9562 "custom"): levels and fields are keyed by
 * their code, so two devices that create the same one offline write the same document and
 * sync merges them instead of clashing on the unique code.
 */
export function derivedId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex')
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Levels, custom field definitions (system.settings) and per-user saved list views. */
export class CustomerSettingsService {
  constructor(private readonly d: CustomerSettingsDeps) {}

  /**
   * Seeds the default levels once a company exists and the table never had any. Idempotent;
   * `inside` writes them in the caller's mutation (e.g. an import creating customers).
   */
  ensureDefaultLevels(inside?: Writer): void {
    if (!this.d.companyExists() || this.d.repo.levelCountIncludingDeleted() > 0) return
    const seed = (w: Writer) => { for (const l of DEFAULT_LEVELS) w.insert(customerLevels, { id: derivedId(`customer_level:${l.code}`), ...l }) }
    if (inside) seed(inside)
    else this.d.mutation({ userId: null }, seed)
  }

  listLevels(userId: string | null): LevelRow[] {
    this.d.access.actor(userId)
    this.ensureDefaultLevels()
    return this.d.repo.levels()
  }

  saveLevel(userId: string | null, input: { id?: string; code: string; name: string; sort: number; poolDays: number | null }): LevelRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    const sameCode = this.d.repo.levelByCode(input.code)
    const values = { code: input.code, name: input.name, sort: input.sort, poolDays: input.poolDays }
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (input.id) {
        const existing = this.d.repo.levelById(input.id)
        if (!existing || existing.deletedAt) throw notFound('level')
        if (sameCode && sameCode.id !== existing.id) throw conflict('errors.levelCodeTaken', { code: input.code })
        if (existing.code !== input.code) {
          // Customers store the code: renaming a code in use would orphan them.
          const used = this.d.repo.customersWithLevel(existing.code)
          if (used > 0) throw conflict('errors.levelInUse', { code: existing.code, count: used })
        }
        return w.update(customerLevels, existing.id, values).id
      }
      if (sameCode && !sameCode.deletedAt) throw conflict('errors.levelCodeTaken', { code: input.code })
      if (sameCode) { w.restore(customerLevels, sameCode.id); return w.update(customerLevels, sameCode.id, values).id }
      return w.insert(customerLevels, { id: this.freeId(derivedId(`customer_level:${input.code}`), (x) => this.d.repo.levelById(x)), ...values }).id
    })
    return this.d.repo.levels().find((l) => l.id === id)!
  }

  /** The derived id, unless a record renamed since holds it (then a fresh one). */
  private freeId(derived: string, find: (id: string) => unknown): string | undefined {
    return find(derived) ? undefined : derived
  }

  listFields(userId: string | null): FieldRow[] {
    this.d.access.actor(userId)
    return this.d.repo.fields()
  }

  saveField(userId: string | null, input: { id?: string; key: string; label: string; type: FieldRow['type']; options: string[]; sort: number }): FieldRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    const options = input.type === 'option' ? [...new Set(input.options)] : []
    if (input.type === 'option' && options.length === 0) throw new AppError('VALIDATION', 'errors.fieldOptionsRequired', { key: input.key })
    const sameKey = this.d.repo.fieldByKey(input.key)
    const values = { key: input.key, label: input.label, type: input.type, options, sort: input.sort }
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      const target = input.id ? this.d.repo.fieldById(input.id) : sameKey
      if (input.id && (!target || target.deletedAt)) throw notFound('field')
      if (target && sameKey && sameKey.id !== target.id) throw conflict('errors.fieldKeyTaken', { key: input.key })
      if (!input.id && sameKey && !sameKey.deletedAt) throw conflict('errors.fieldKeyTaken', { key: input.key })
      if (target) {
        // Stored values were checked against the old type; changing it would make them lie.
        if (target.type !== input.type) throw conflict('errors.fieldTypeLocked', { key: target.key, type: target.type })
        if (target.deletedAt) w.restore(customerFields, target.id)
        return w.update(customerFields, target.id, values).id
      }
      return w.insert(customerFields, { id: this.freeId(derivedId(`customer_field:${input.key}`), (x) => this.d.repo.fieldById(x)), ...values }).id
    })
    return this.d.repo.fields().find((f) => f.id === id)!
  }

  removeField(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    const f = this.d.repo.fieldById(input.id)
    if (!f || f.deletedAt) throw notFound('field')
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(customerFields, f.id))
    return { ok: true }
  }

  listViews(userId: string | null): SavedViewRow[] {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    return this.d.repo.views(actor.userId)
  }

  saveView(userId: string | null, input: { id?: string; name: string; query: SavedViewRow['query'] }): SavedViewRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    const id = this.d.mutation({ userId: actor.userId }, (w) => {
      if (input.id) {
        // Views are personal: another user's view is "not found", never "forbidden".
        const v = this.d.repo.viewById(input.id)
        if (!v || v.ownerId !== actor.userId || v.module !== 'customers') throw notFound('view')
        return w.update(savedViews, v.id, { name: input.name, query: input.query }).id
      }
      return w.insert(savedViews, { ownerId: actor.userId, module: 'customers', name: input.name, query: input.query }).id
    })
    return this.d.repo.views(actor.userId).find((v) => v.id === id)!
  }

  removeView(userId: string | null, input: { id: string }): { ok: true } {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'customers.view')
    const v = this.d.repo.viewById(input.id)
    if (!v || v.ownerId !== actor.userId || v.module !== 'customers') throw notFound('view')
    this.d.mutation({ userId: actor.userId }, (w) => w.softDelete(savedViews, v.id))
    return { ok: true }
  }
}
