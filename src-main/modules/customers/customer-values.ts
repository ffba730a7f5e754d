import type { customerFields as customerFieldSchemas, FieldRow } from '../../../src-preload/contracts/customers'
import type { z } from 'zod'
import { AppError } from '../../core/errors'
import type { Patch } from '../../core/mutation'
import type { customers } from './customers.table'
import { isValidCreditCode } from './search-keys'

/** The editable customer fields as the contract parses them (all optional: omitted = unchanged). */
export type CustomerFieldsInput = Partial<z.output<z.ZodObject<typeof customerFieldSchemas>>>
export type CustomValues = Record<string, string | number | null>
export interface FieldRefs { levels: ReadonlySet<string>; fields: readonly FieldRow[] }

const TEXT_FIELDS = ['creditCode', 'level', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website', 'notes'] as const

/**
 * Contract input → column values, with the rules the schema cannot express: the level must be
 * a configured one, custom values must match their field definitions, a credit code must pass
 * its check digit. Empty strings clear a field; omitted fields are left out of the patch.
 */
export function customerValues(input: CustomerFieldsInput, existingCustom: CustomValues, refs: FieldRefs): Patch<typeof customers> {
  const patch: Patch<typeof customers> = {}
  if (input.name !== undefined) patch.name = input.name
  for (const f of TEXT_FIELDS) {
    const v = input[f]
    if (v !== undefined) patch[f] = v === '' ? null : v
  }
  if (patch.level && !refs.levels.has(patch.level)) throw new AppError('VALIDATION', 'errors.unknownLevel', { level: patch.level })
  if (patch.creditCode && !isValidCreditCode(patch.creditCode)) throw new AppError('VALIDATION', 'errors.invalidCreditCode', { creditCode: patch.creditCode })
  if (input.tags !== undefined) patch.tags = [...new Set(input.tags)]
  if (input.status !== undefined) patch.status = input.status
  if (input.custom !== undefined) patch.custom = cleanCustom(input.custom, existingCustom, refs.fields)
  return patch
}

/**
 * Custom field values merged onto the stored ones: each key must be a defined field, null
 * removes a value, text/number/date/option values are checked and normalised to their type.
 * Values of fields an administrator removed later stay stored (and come back if re-added).
 */
export function cleanCustom(values: CustomValues, existing: CustomValues, fields: readonly FieldRow[]): CustomValues {
  const defs = new Map(fields.map((f) => [f.key, f]))
  const out: CustomValues = { ...existing }
  for (const [key, raw] of Object.entries(values)) {
    const def = defs.get(key)
    if (!def) throw invalid(key, 'unknown')
    if (raw === null || raw === '') { delete out[key]; continue }
    out[key] = checkValue(def, raw)
  }
  return out
}

function checkValue(def: FieldRow, raw: string | number): string | number {
  switch (def.type) {
    case 'text':
      return String(raw).trim()
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim())
      if (typeof raw === 'string' && raw.trim() === '') throw invalid(def.key, 'number')
      if (!Number.isFinite(n)) throw invalid(def.key, 'number')
      return n
    }
    case 'date': {
      const s = String(raw).trim()
      const d = new Date(`${s}T00:00:00Z`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw invalid(def.key, 'date')
      return s
    }
    case 'option': {
      const s = String(raw).trim()
      if (!def.options.includes(s)) throw invalid(def.key, 'option')
      return s
    }
  }
}

function invalid(key: string, reason: 'unknown' | 'number' | 'date' | 'option'): AppError {
  return new AppError('VALIDATION', 'errors.customFieldInvalid', { key, reason })
}
