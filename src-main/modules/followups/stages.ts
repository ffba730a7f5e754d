import { createHash } from 'node:crypto'
import type { StageRow } from '../../../src-preload/contracts/followups'
import { AppError } from '../../core/errors'

/**
 * Default pipeline (Chinese CRM convention): five open stages at 10/30/50/70/90 %, won 100 %,
 * lost 0 %. Names are i18n keys the renderer translates; an administrator's own stages carry
 * free text.
 */
export const DEFAULT_STAGES: readonly StageRow[] = [
  { key: 'initial', name: 'stage.initial', probability: 10, sort: 10, kind: 'open' }, // 初步接洽
  { key: 'needs', name: 'stage.needs', probability: 30, sort: 20, kind: 'open' }, // 需求确认
  { key: 'quoted', name: 'stage.quoted', probability: 50, sort: 30, kind: 'open' }, // 方案报价
  { key: 'negotiating', name: 'stage.negotiating', probability: 70, sort: 40, kind: 'open' }, // 谈判审核
  { key: 'committed', name: 'stage.committed', probability: 90, sort: 50, kind: 'open' }, // 待签约
  { key: 'won', name: 'stage.won', probability: 100, sort: 90, kind: 'won' }, // 赢单
  { key: 'lost', name: 'stage.lost', probability: 0, sort: 100, kind: 'lost' }, // 输单
]

/**
 * The id of a stage row, derived from its key (UUID version 8 layout over SHA-256), so that two
 * devices saving the same stage offline write one document that sync merges field by field.
 */
export function stageId(key: string): string {
  const b = createHash('sha256').update(`laibang:opportunity_stage:${key}`).digest().subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * Checks a stage list an administrator submits and returns it normalised (sorted; won fixed
 * at 100 %, lost at 0 %, because the forecast and the board rely on that).
 */
export function normaliseStages(stages: readonly StageRow[]): StageRow[] {
  const seen = new Set<string>()
  for (const s of stages) {
    if (seen.has(s.key)) throw new AppError('VALIDATION', 'errors.stageDuplicateKey', { key: s.key })
    seen.add(s.key)
  }
  const count = (k: StageRow['kind']) => stages.filter((s) => s.kind === k).length
  if (count('won') !== 1 || count('lost') !== 1 || count('open') < 1) {
    throw new AppError('VALIDATION', 'errors.stagesIncomplete', { open: count('open'), won: count('won'), lost: count('lost') })
  }
  return stages
    .map((s) => ({ ...s, probability: s.kind === 'won' ? 100 : s.kind === 'lost' ? 0 : s.probability }))
    .sort((a, b) => a.sort - b.sort || a.key.localeCompare(b.key))
}
