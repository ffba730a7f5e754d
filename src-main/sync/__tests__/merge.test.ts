import { describe, expect, it } from 'vitest'
import { customersSynced } from '../../modules/customers/customers.synced'
import { askConflicts, mergeDocs } from '../merge'
import type { SyncDoc } from '../doc'

const def = customersSynced[0]!
const stamp = (ms: number, node = 'aaaa') => `${String(ms).padStart(13, '0')}-0000-${node}`

function doc(fields: Record<string, unknown>, stamps: Record<string, number>, node = 'aaaa'): SyncDoc {
  const fieldHlc = Object.fromEntries(Object.entries(stamps).map(([k, v]) => [k, stamp(v, node)]))
  const hlc = Object.values(fieldHlc).sort().pop() ?? stamp(0, node)
  return { _id: 'customer:1', ...fields, lb: { type: 'customer', schema: 7, hlc, fieldHlc, device: node, mutation: null, appVersion: '1' } }
}

describe('field-level merge', () => {
  const base = doc({ name: 'A', city: '北京', phone: '1', deletedAt: null }, { name: 1, city: 1, phone: 1 })
  const mine = doc({ name: 'A', city: '上海', phone: '1', deletedAt: null }, { name: 1, city: 5, phone: 1 }, 'bbbb')
  const theirs = doc({ name: 'A', city: '北京', phone: '2', deletedAt: null }, { name: 1, city: 1, phone: 7 }, 'cccc')

  it('keeps each side’s newer fields and is order independent (same JSON either way)', () => {
    const ab = mergeDocs([mine, theirs]).doc
    const ba = mergeDocs([theirs, mine]).doc
    expect(ab).toMatchObject({ city: '上海', phone: '2' })
    expect(JSON.stringify(ab)).toBe(JSON.stringify(ba))
    expect(JSON.stringify(mergeDocs([ab, mine]).doc)).toBe(JSON.stringify(ab)) // idempotent
    expect(JSON.stringify(mergeDocs([mergeDocs([base, mine]).doc, theirs]).doc)).toBe(JSON.stringify(mergeDocs([base, mergeDocs([mine, theirs]).doc]).doc))
  })

  it('same field: the higher HLC stamp wins, equal ms broken by node id', () => {
    const x = doc({ city: '广州' }, { city: 9 }, 'bbbb')
    const y = doc({ city: '深圳' }, { city: 9 }, 'cccc')
    expect(mergeDocs([x, y]).doc.city).toBe('深圳')
    expect(mergeDocs([y, x]).doc.city).toBe('深圳')
  })

  it('delete vs an edit the deleter had not seen: the edit wins and the record is restored', () => {
    const deleted = doc({ name: 'A', city: '北京', phone: '1', deletedAt: 123 }, { name: 1, city: 1, phone: 1, deletedAt: 9 }, 'bbbb')
    const edited = doc({ name: 'A', city: '北京', phone: '2', deletedAt: null }, { name: 1, city: 1, phone: 5 }, 'cccc')
    const r = mergeDocs([deleted, edited])
    expect(r.restored).toBe(true)
    expect(r.doc).toMatchObject({ deletedAt: null, phone: '2' })
    expect(r.doc.lb.deleted).toBeUndefined()
    // A stale copy of the delete merged again does not delete it.
    expect(mergeDocs([r.doc, deleted]).doc.deletedAt).toBeNull()
    // A delete made after seeing the edit stays a delete.
    const later: SyncDoc = { ...edited, deletedAt: 456, lb: { ...edited.lb, hlc: stamp(20, 'bbbb'), fieldHlc: { ...edited.lb.fieldHlc, deletedAt: stamp(20, 'bbbb') }, deleted: true } }
    expect(mergeDocs([later, edited]).doc.deletedAt).toBe(456)
  })

  it('reports ask fields changed on both sides since the base, not one-sided changes', () => {
    const m = doc({ notes: '我的备注', city: '上海' }, { notes: 5, city: 5 }, 'bbbb')
    const t = doc({ notes: '他的备注', city: '广州' }, { notes: 6, city: 6 }, 'cccc')
    const b = doc({ notes: '原备注', city: '北京' }, { notes: 1, city: 1 })
    expect(askConflicts(def, m, t, b)).toEqual({ notes: { base: '原备注', mine: '我的备注', theirs: '他的备注', mineHlc: stamp(5, 'bbbb'), theirsHlc: stamp(6, 'cccc') } })
    expect(askConflicts(def, b, t, b)).toEqual({})
  })

  it('keeps fields and stamps only a newer app knows', () => {
    const newer = { ...doc({ name: 'A', wechatGroup: '群1' }, { name: 1, wechatGroup: 3 }), lb: { ...doc({}, {}).lb, schema: 99, hlc: stamp(3), fieldHlc: { name: stamp(1), wechatGroup: stamp(3) } } } as SyncDoc
    const older = doc({ name: 'B' }, { name: 4 }, 'bbbb')
    const m = mergeDocs([newer, older]).doc
    expect(m).toMatchObject({ name: 'B', wechatGroup: '群1' })
    expect(m.lb.fieldHlc.wechatGroup).toBe(stamp(3))
    expect(m.lb.schema).toBe(99)
  })
})
