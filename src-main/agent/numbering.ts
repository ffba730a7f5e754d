import { z } from 'zod'
import { parseHlc } from '../core/hlc'

/**
 * Official document numbers (销售单号 SO-2026-000123 …). A device creating a numbered document
 * offline gives it a provisional number and marks it; the server agent replaces that with the
 * next official serial of the document's numbering rule. Pure parts here; the allocation
 * against CouchDB is in numbers.ts.
 *
 * Numbered document fields (any doc type): `number`, `numberStatus: 'provisional' | 'official'`,
 * `numberRule` (rule id), and after allocation `provisionalNumber` (the device's number).
 */
export const NUMBERING_RULE_TYPE = 'numbering_rule'
export const DATE_PARTS = ['none', 'YYYY', 'YYYYMM', 'YYYYMMDD'] as const
export const RESETS = ['never', 'yearly', 'monthly', 'daily'] as const

/**
 * A numbering rule: document `numbering_rule:<ruleId>` in lb_company (written by administrators).
 * Number = prefix, date part and zero-padded serial joined by `separator`
 * (`SO` + `YYYY` + 6 → SO-2026-000123). The serial restarts at 1 every `reset` period.
 */
export const numberingRuleSchema = z.object({
  prefix: z.string().max(20),
  datePart: z.enum(DATE_PARTS),
  serialWidth: z.number().int().min(1).max(12),
  reset: z.enum(RESETS),
  separator: z.string().max(3).default('-'),
})
export type NumberingRule = z.infer<typeof numberingRuleSchema>

export type NumberStatus = 'provisional' | 'official'
export interface NumberedFields { number: string; numberStatus: NumberStatus; numberRule: string; provisionalNumber?: string | null }

export const ruleDocId = (ruleId: string) => `${NUMBERING_RULE_TYPE}:${ruleId}`

/** Counter of one rule and period in lb_company; `reservations` makes allocation restart-safe. */
export interface CounterDoc {
  _id: string
  _rev?: string
  type: 'number_counter'
  ruleId: string
  period: string
  /** The serial the next document gets. */
  next: number
  /** Document id → serial allocated to it but maybe not yet written onto it. */
  reservations: Record<string, number>
}

export const counterId = (ruleId: string, period: string) => `counter:${ruleId}:${period}`

const pad = (n: number, w: number) => String(n).padStart(w, '0')

/** Calendar parts in the agent's local time zone (run it with TZ set to the company's zone). */
function parts(at: number): { y: string; m: string; d: string } {
  const t = new Date(at)
  return { y: String(t.getFullYear()), m: pad(t.getMonth() + 1, 2), d: pad(t.getDate(), 2) }
}

function datePart(kind: (typeof DATE_PARTS)[number], at: number): string {
  const p = parts(at)
  if (kind === 'YYYY') return p.y
  if (kind === 'YYYYMM') return `${p.y}${p.m}`
  if (kind === 'YYYYMMDD') return `${p.y}${p.m}${p.d}`
  return ''
}

/** The counter period a document dated `at` counts in ('all' when the serial never resets). */
export function periodOf(rule: NumberingRule, at: number): string {
  if (rule.reset === 'yearly') return datePart('YYYY', at)
  if (rule.reset === 'monthly') return datePart('YYYYMM', at)
  if (rule.reset === 'daily') return datePart('YYYYMMDD', at)
  return 'all'
}

/** SO-2026-000123. */
export function formatNumber(rule: NumberingRule, at: number, serial: number): string {
  return [rule.prefix, datePart(rule.datePart, at), pad(serial, rule.serialWidth)].filter((s) => s !== '').join(rule.separator)
}

/**
 * The date a document is numbered by: its creation time, else its first stamp. Taken from the
 * document (not the clock) so a restart re-derives the same period and counter.
 */
export function numberDate(doc: { createdAt?: unknown; lb: { hlc: string } }): number {
  return typeof doc.createdAt === 'number' ? doc.createdAt : parseHlc(doc.lb.hlc).ms
}

/** Reservations kept at most (older ones are of documents long written). */
export const KEEP_RESERVATIONS = 1000

/**
 * The serial for `docId`: its reservation if it has one, else the next serial (and the counter
 * to write). Reservations of documents already written (`done`) and beyond the last
 * KEEP_RESERVATIONS serials are dropped on the way.
 */
export function reserve(counter: CounterDoc, docId: string, done: ReadonlySet<string> = new Set()): { serial: number; write: CounterDoc | null } {
  const existing = counter.reservations[docId]
  if (existing !== undefined) return { serial: existing, write: null }
  const serial = counter.next
  const reservations: Record<string, number> = {}
  for (const [id, s] of Object.entries(counter.reservations)) if (!done.has(id) && s > serial - KEEP_RESERVATIONS) reservations[id] = s
  reservations[docId] = serial
  return { serial, write: { ...counter, next: serial + 1, reservations } }
}

export function newCounter(ruleId: string, period: string): CounterDoc {
  return { _id: counterId(ruleId, period), type: 'number_counter', ruleId, period, next: 1, reservations: {} }
}
