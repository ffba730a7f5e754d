import type { NumberingRuleInput, NumberingRuleRow } from '../../../src-preload/contracts/sales'
import type { Db } from '../../core/db'
import { forbidden } from '../../core/errors'
import type { Mutation } from '../../core/mutation'
import type { Access } from '../auth/access'
import { ruleRows, saveRule } from './numbering'

/**
 * 编号规则 settings: anyone who works with quotes or orders reads them (the editor shows the
 * next number's shape); administrators (system.settings) change them. A change applies to
 * numbers issued after it; numbers already given stay.
 */
export class NumberingService {
  constructor(private readonly d: { db: Db; access: Access; mutation: Mutation; now: () => number }) {}

  list(userId: string | null): NumberingRuleRow[] {
    const actor = this.d.access.actor(userId)
    const p = actor.permissions
    if (!p.has('quotes.view') && !p.has('orders.view') && !p.has('system.settings')) throw forbidden('orders.view')
    return ruleRows(this.d.db, this.d.now())
  }

  save(userId: string | null, input: NumberingRuleInput): NumberingRuleRow {
    const actor = this.d.access.actor(userId)
    this.d.access.require(actor, 'system.settings')
    this.d.mutation({ userId: actor.userId }, (w) => saveRule(w, input))
    return ruleRows(this.d.db, this.d.now()).find((r) => r.documentType === input.documentType)!
  }
}
