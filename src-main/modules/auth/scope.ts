import type { DataScope } from '../../../src-preload/contracts/permissions'

export interface OrgGraph {
  users: { id: string; managerId: string | null; departmentId: string | null }[]
  departments: { id: string; parentId: string | null }[]
}

/**
 * Which owners' records a user may see under a data scope. 'all' means no owner filter.
 * Reporting lines and department trees are walked breadth-first; cycles are tolerated.
 */
export function visibleOwners(graph: OrgGraph, userId: string, scope: DataScope): Set<string> | 'all' {
  if (scope === 'all') return 'all'
  const me = graph.users.find((u) => u.id === userId)
  const result = new Set<string>([userId])
  if (scope === 'own' || !me) return result
  if (scope === 'own_sub') {
    const reports = new Map<string, string[]>()
    for (const u of graph.users) if (u.managerId) reports.set(u.managerId, [...(reports.get(u.managerId) ?? []), u.id])
    const queue = [userId]
    while (queue.length) {
      for (const r of reports.get(queue.shift()!) ?? []) if (!result.has(r)) { result.add(r); queue.push(r) }
    }
    return result
  }
  if (!me.departmentId) return result
  const depts = scope === 'dept' ? new Set([me.departmentId]) : departmentSubtree(graph, me.departmentId)
  for (const u of graph.users) if (u.departmentId && depts.has(u.departmentId)) result.add(u.id)
  return result
}

export function departmentSubtree(graph: Pick<OrgGraph, 'departments'>, rootId: string): Set<string> {
  const children = new Map<string, string[]>()
  for (const d of graph.departments) if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id])
  const out = new Set([rootId])
  const queue = [rootId]
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) if (!out.has(c)) { out.add(c); queue.push(c) }
  }
  return out
}

/** True when making `candidateParent` the parent of `id` would close a loop. */
export function wouldCycle(parentOf: Map<string, string | null>, id: string, candidateParent: string | null): boolean {
  let cur = candidateParent
  const seen = new Set<string>()
  while (cur) {
    if (cur === id || seen.has(cur)) return true
    seen.add(cur)
    cur = parentOf.get(cur) ?? null
  }
  return false
}
