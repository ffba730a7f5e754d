import { describe, expect, it } from 'vitest'
import { formatHlc } from '../../../core/hlc'
import { foldDecisions, type FoldDecision, type FoldInstance } from '../fold'
import { conditionsMatch, pickFlow, resolveSteps, type OrgSnapshot } from '../resolve-steps'

const at = (ms: number, node = 'n1') => formatHlc({ ms, counter: 0, node })
const dec = (id: string, step: number, approverId: string, decision: FoldDecision['decision'], ms: number, node = 'n1'): FoldDecision =>
  ({ id, step, approverId, decision, decidedHlc: at(ms, node) })

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
}

const chain: FoldInstance = { submitterId: 's', steps: [{ mode: 'any', approverIds: ['m', 'f'] }, { mode: 'all', approverIds: ['d', 'f'] }] }

describe('foldDecisions (pure)', () => {
  it('reaches the same state from the same decisions in any order', () => {
    const ds = [dec('1', 0, 'f', 'reject', 2_000, 'b'), dec('2', 0, 'm', 'approve', 1_000, 'a'), dec('3', 1, 'd', 'approve', 3_000), dec('4', 1, 'f', 'approve', 4_000), dec('5', 1, 'd', 'approve', 5_000, 'c')]
    const results = permutations(ds).map((p) => foldDecisions(chain, p))
    const summary = (r: ReturnType<typeof foldDecisions>) => ({ status: r.status, step: r.currentStep, effects: [...r.effects].sort(), basis: r.basis })
    for (const r of results) expect(summary(r)).toEqual(summary(results[0]!))
    expect(results[0]).toMatchObject({ status: 'approved', currentStep: 2, approvals: [['m'], ['d', 'f']] })
    expect(results[0]!.effects.get('1')).toEqual({ effect: 'superseded', by: ds[1] })
    expect(results[0]!.effects.get('5')).toEqual({ effect: 'superseded', by: ds[3] }) // after the close
  })

  it('或签: the earliest decision counts; ties of time and counter break by node id', () => {
    const x = dec('x', 0, 'f', 'reject', 1_000, 'bbb')
    const y = dec('y', 0, 'm', 'approve', 1_000, 'aaa')
    expect(foldDecisions(chain, [x, y])).toMatchObject({ status: 'pending', currentStep: 1, waitingFor: ['d', 'f'] })
    expect(foldDecisions(chain, [dec('x', 0, 'f', 'reject', 999, 'zzz'), y])).toMatchObject({ status: 'rejected', currentStep: 0, waitingFor: [] })
  })

  it('会签 waits for all; a reject at any step ends it; nothing counts after', () => {
    const base = [dec('1', 0, 'm', 'approve', 1_000), dec('2', 1, 'd', 'approve', 2_000)]
    expect(foldDecisions(chain, base)).toMatchObject({ status: 'pending', currentStep: 1, waitingFor: ['f'] })
    const r = foldDecisions(chain, [...base, dec('3', 1, 'f', 'reject', 3_000), dec('4', 1, 'f', 'approve', 4_000)])
    expect(r).toMatchObject({ status: 'rejected', currentStep: 1 })
    expect(r.effects.get('4')).toMatchObject({ effect: 'superseded' })
  })

  it('ignores the submitter, strangers and steps not reached; recall counts only before any approval', () => {
    const selfish: FoldInstance = { submitterId: 's', steps: [{ mode: 'any', approverIds: ['s', 'm'] }] }
    const r = foldDecisions(selfish, [dec('1', 0, 's', 'approve', 1_000), dec('2', 0, 'x', 'approve', 1_100), dec('3', 1, 'm', 'approve', 1_200)])
    expect(r.status).toBe('pending')
    expect([...r.effects.values()].map((e) => e.effect)).toEqual(['ignored', 'ignored', 'ignored'])
    expect(foldDecisions(chain, [dec('r', 0, 's', 'recall', 1_000), dec('a', 0, 'm', 'approve', 2_000)])).toMatchObject({ status: 'recalled' })
    const late = foldDecisions(chain, [dec('a', 0, 'm', 'approve', 1_000), dec('r', 0, 's', 'recall', 2_000)])
    expect(late.status).toBe('pending')
    expect(late.effects.get('r')).toMatchObject({ effect: 'superseded', by: { id: 'a' } })
    expect(foldDecisions(chain, [dec('r', 0, 'm', 'recall', 1_000)]).effects.get('r')!.effect).toBe('ignored')
  })

  it('no steps: approved at once', () => {
    expect(foldDecisions({ submitterId: 's', steps: [] }, [])).toMatchObject({ status: 'approved', currentStep: 0, closedBy: null })
  })
})

describe('conditions and step resolution (pure)', () => {
  it('all given conditions must hold', () => {
    const facts = { title: 'q', amount: 50_000, maxDiscountPermille: 160, belowFloor: false, customerLevel: 'B' }
    expect(conditionsMatch({}, facts)).toBe(true)
    expect(conditionsMatch({ minAmount: 50_000, maxAmount: 50_000 }, facts)).toBe(true)
    expect(conditionsMatch({ minAmount: 50_001 }, facts)).toBe(false)
    expect(conditionsMatch({ discountOverPermille: 150 }, facts)).toBe(true)
    expect(conditionsMatch({ discountOverPermille: 160 }, facts)).toBe(false)
    expect(conditionsMatch({ belowFloor: true }, facts)).toBe(false)
    expect(conditionsMatch({ customerLevels: ['A', 'B'], minAmount: 1 }, facts)).toBe(true)
    expect(conditionsMatch({ customerLevels: ['A'] }, facts)).toBe(false)
    const flows = [
      { id: '2', name: 'b', enabled: true, priority: 5, conditions: {}, steps: [] },
      { id: '1', name: 'a', enabled: false, priority: 1, conditions: {}, steps: [] },
      { id: '3', name: 'c', enabled: true, priority: 2, conditions: { belowFloor: true }, steps: [] },
    ]
    expect(pickFlow(flows, facts)?.id).toBe('2')
    expect(pickFlow(flows, { ...facts, belowFloor: true })?.id).toBe('3')
  })

  const org: OrgSnapshot = {
    departments: [{ id: 'root', parentId: null }, { id: 'sales', parentId: 'root' }],
    users: [
      { id: 'boss', username: 'boss', managerId: null, departmentId: 'root', roleId: 'gm', disabled: false, canApprove: true },
      { id: 'mgr', username: 'mgr', managerId: 'boss', departmentId: 'sales', roleId: 'sm', disabled: false, canApprove: true },
      { id: 'rep', username: 'rep', managerId: 'mgr', departmentId: 'sales', roleId: 'sp', disabled: false, canApprove: false },
      { id: 'lone', username: 'lone', managerId: null, departmentId: 'sales', roleId: 'sp', disabled: false, canApprove: false },
      { id: 'gone', username: 'gone', managerId: 'boss', departmentId: 'sales', roleId: 'sm', disabled: true, canApprove: true },
      { id: 'under', username: 'under', managerId: 'gone', departmentId: 'sales', roleId: 'sp', disabled: false, canApprove: false },
    ],
  }

  it('supervisor: reporting line (skipping disabled accounts), else the department head; supervisor2 one level up', () => {
    expect(resolveSteps(org, 'rep', [{ kind: 'supervisor' }, { kind: 'supervisor2' }]).map((s) => s.approverIds)).toEqual([['mgr'], ['boss']])
    expect(resolveSteps(org, 'lone', [{ kind: 'supervisor' }])[0]!.approverIds).toEqual(['mgr'])
    expect(resolveSteps(org, 'under', [{ kind: 'supervisor' }])[0]!.approverIds).toEqual(['boss'])
    expect(resolveSteps(org, 'rep', [{ kind: 'role', roleId: 'sm' }])[0]).toMatchObject({ mode: 'any', approverIds: ['mgr'] })
    expect(() => resolveSteps(org, 'boss', [{ kind: 'supervisor' }])).toThrow(expect.objectContaining({ messageKey: 'errors.approvalNoApprover', details: { step: 1, kind: 'supervisor' } }))
    expect(() => resolveSteps(org, 'rep', [{ kind: 'user', userId: 'gone' }])).toThrow(expect.objectContaining({ messageKey: 'errors.approvalNoApprover' }))
  })

  it('the submitter is taken out of every step; a step left empty escalates to their supervisor', () => {
    expect(resolveSteps(org, 'mgr', [{ kind: 'user', userId: 'mgr' }])[0]).toMatchObject({ approverIds: ['boss'], escalated: true })
    expect(resolveSteps(org, 'mgr', [{ kind: 'allOf', userIds: ['mgr', 'boss'] }])[0]).toMatchObject({ mode: 'all', approverIds: ['boss'], escalated: false })
    expect(resolveSteps(org, 'mgr', [{ kind: 'role', roleId: 'sm' }])[0]).toMatchObject({ approverIds: ['boss'], escalated: true })
  })
})
