/**
 * 编号规则 on this device: each numbered document type has a rule (company data, editable by
 * administrators) and gets a provisional number when created, from a local counter per rule
 * and period. The server agent (src-main/agent/numbers.ts) later replaces it with the official
 * number of the same rule; the format and period functions are the agent's own, so both ends
 * agree on what a number looks like.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { NumberedDocument, NumberingRuleInput, NumberingRuleRow } from '../../../src-preload/contracts/sales'
import type { Db } from '../../core/db'
import type { Writer } from '../../core/mutation'
import { formatNumber, periodOf, type NumberingRule } from '../../agent/numbering'
import { derivedId } from '../pool/derived-id'
import { numberCounters, numberingRules } from './sales.table'

type RuleFields = Omit<NumberingRuleInput, 'documentType'>

export const DEFAULT_RULES: Record<NumberedDocument, RuleFields> = {
  quote: { prefix: 'QT', datePart: 'YYYYMMDD', serialWidth: 4, reset: 'daily', separator: '-' },
  sales_order: { prefix: 'SO', datePart: 'YYYY', serialWidth: 6, reset: 'yearly', separator: '-' },
}

/** One document per type, the same id on every device. */
export const ruleId = (documentType: NumberedDocument) => derivedId('numbering_rule', documentType)

type RuleRecord = typeof numberingRules.$inferSelect

function liveRule(db: Db, documentType: NumberedDocument): RuleRecord | undefined {
  return db.select().from(numberingRules).where(and(eq(numberingRules.id, ruleId(documentType)))).get()
}

const asRule = (r: RuleFields): NumberingRule => ({ prefix: r.prefix, datePart: r.datePart, serialWidth: r.serialWidth, reset: r.reset, separator: r.separator })

export function ruleRows(db: Db, at: number): NumberingRuleRow[] {
  return (Object.keys(DEFAULT_RULES) as NumberedDocument[]).map((documentType) => {
    const saved = liveRule(db, documentType)
    const fields: RuleFields = saved && !saved.deletedAt ? asFields(saved) : DEFAULT_RULES[documentType]
    return { id: ruleId(documentType), documentType, ...fields, example: formatNumber(asRule(fields), at, 1), saved: !!saved && !saved.deletedAt }
  })
}

function asFields(r: RuleRecord): RuleFields {
  return { prefix: r.prefix, datePart: r.datePart, serialWidth: r.serialWidth, reset: r.reset, separator: r.separator as RuleFields['separator'] }
}

export function saveRule(w: Writer, input: NumberingRuleInput): void {
  const { documentType, ...fields } = input
  const existing = liveRule(w.db, documentType)
  if (!existing) w.insert(numberingRules, { id: ruleId(documentType), documentType, ...fields })
  else {
    if (existing.deletedAt) w.restore(numberingRules, existing.id)
    w.update(numberingRules, existing.id, fields)
  }
}

/**
 * The rule document must exist for the agent to number a document by it: the first numbered
 * document of a type writes the default rule in the same transaction.
 */
function ensureRule(w: Writer, documentType: NumberedDocument): RuleRecord {
  const r = liveRule(w.db, documentType)
  if (r && !r.deletedAt) return r
  if (r) return w.restore(numberingRules, r.id)
  return w.insert(numberingRules, { id: ruleId(documentType), documentType, ...DEFAULT_RULES[documentType] })
}

/** A provisional number for a document created now (at = its createdAt, as the agent dates it). */
export function provisionalNumber(w: Writer, documentType: NumberedDocument, at: number): { number: string; numberStatus: 'provisional'; numberRule: string } {
  const rule = ensureRule(w, documentType)
  const period = periodOf(asRule(asFields(rule)), at)
  const row = w.db.select().from(numberCounters).where(and(eq(numberCounters.ruleId, rule.id), eq(numberCounters.period, period))).get()
  const serial = row?.next ?? 1
  w.db.run(sql`INSERT INTO number_counters (rule_id, period, next) VALUES (${rule.id}, ${period}, ${serial + 1})
    ON CONFLICT (rule_id, period) DO UPDATE SET next = excluded.next`)
  return { number: formatNumber(asRule(asFields(rule)), at, serial), numberStatus: 'provisional', numberRule: rule.id }
}
