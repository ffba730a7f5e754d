import type { DepartmentRow, UserRow } from '../../../src-preload/contracts/admin'

/**
 * Presentation helpers for parent/child lists the backend returns flat. They only arrange
 * rows for display (indentation, nesting); counts and rules come from main.
 */
export interface DepartmentNode { row: DepartmentRow; depth: number; children: DepartmentNode[] }

const bySortThenName = (a: DepartmentRow, b: DepartmentRow) => a.sort - b.sort || a.name.localeCompare(b.name)

export function departmentTree(rows: readonly DepartmentRow[]): DepartmentNode[] {
  const ids = new Set(rows.map((r) => r.id))
  const build = (parentId: string | null, depth: number): DepartmentNode[] =>
    rows
      .filter((r) => (parentId === null ? r.parentId === null || !ids.has(r.parentId) : r.parentId === parentId))
      .sort(bySortThenName)
      .map((row) => ({ row, depth, children: build(row.id, depth + 1) }))
  return build(null, 0)
}

/** Depth-first order with depth, for indented lists and selects. */
export function flattenDepartments(rows: readonly DepartmentRow[]): { row: DepartmentRow; depth: number }[] {
  const out: { row: DepartmentRow; depth: number }[] = []
  const walk = (nodes: DepartmentNode[]) => { for (const n of nodes) { out.push({ row: n.row, depth: n.depth }); walk(n.children) } }
  walk(departmentTree(rows))
  return out
}

/** The department and everything below it (a department cannot move under these). */
export function departmentWithDescendants(rows: readonly DepartmentRow[], id: string): Set<string> {
  const out = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const r of rows) if (r.parentId && out.has(r.parentId) && !out.has(r.id)) { out.add(r.id); grew = true }
  }
  return out
}

export interface ReportNode { user: UserRow; children: ReportNode[] }

/** Who reports to whom, from each user's managerId. */
export function reportTree(users: readonly UserRow[]): ReportNode[] {
  const ids = new Set(users.map((u) => u.id))
  const seen = new Set<string>()
  const build = (managerId: string | null): ReportNode[] =>
    users
      .filter((u) => !seen.has(u.id) && (managerId === null ? u.managerId === null || !ids.has(u.managerId) : u.managerId === managerId))
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map((user) => { seen.add(user.id); return { user, children: build(user.id) } })
  return build(null)
}
