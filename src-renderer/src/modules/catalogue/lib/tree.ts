import type { CategoryNode } from '../../../../../src-preload/contracts/catalogue'

export interface TreeItem { node: CategoryNode; depth: number; children: TreeItem[] }

/** The flat node list (ordered by parent, sort) as a tree; nodes whose parent is missing go to the top. */
export function buildTree(nodes: readonly CategoryNode[]): TreeItem[] {
  const items = new Map(nodes.map((n) => [n.id, { node: n, depth: 0, children: [] as TreeItem[] }]))
  const roots: TreeItem[] = []
  for (const n of nodes) {
    const item = items.get(n.id)!
    const parent = n.parentId ? items.get(n.parentId) : undefined
    if (parent) parent.children.push(item)
    else roots.push(item)
  }
  const byOrder = (a: TreeItem, b: TreeItem) => a.node.sort - b.node.sort || a.node.name.localeCompare(b.node.name, 'zh-CN')
  const fix = (list: TreeItem[], depth: number, seen: Set<string>) => {
    list.sort(byOrder)
    for (const it of list) {
      if (seen.has(it.node.id)) continue
      seen.add(it.node.id)
      it.depth = depth
      fix(it.children, depth + 1, seen)
    }
  }
  fix(roots, 0, new Set())
  return roots
}

/** Depth-first order of the visible items (children of collapsed ids left out). */
export function flatten(tree: TreeItem[], collapsed: ReadonlySet<string> = new Set()): TreeItem[] {
  const out: TreeItem[] = []
  const walk = (list: TreeItem[]) => { for (const it of list) { out.push(it); if (!collapsed.has(it.node.id)) walk(it.children) } }
  walk(tree)
  return out
}

/** Ids of a category and all its descendants. */
export function subtreeIds(item: TreeItem): Set<string> {
  const out = new Set<string>()
  const walk = (it: TreeItem) => { out.add(it.node.id); it.children.forEach(walk) }
  walk(item)
  return out
}

/** "电子产品 / 手机" labels for pickers, in tree order. */
export function categoryOptions(tree: TreeItem[], exclude: ReadonlySet<string> = new Set()): { value: string; label: string }[] {
  return flatten(tree).filter((it) => !exclude.has(it.node.id)).map((it) => ({ value: it.node.id, label: `${'\u3000'.repeat(it.depth)}${it.node.name}` }))
}
