/*
 * 产品分类 (WH-1): the tree with product counts (own / including subcategories). Drag a row
 * onto the top or bottom edge of another to place it before or after, onto its middle to put
 * it inside. Keyboard and buttons do the same: Alt+↑/↓ reorder, Alt+→ indent under the
 * category above, Alt+← outdent; "move to…" picks any parent. Deleting a non-empty category
 * asks where its subcategories and products go. Main refuses moves into its own subtree.
 * Testids: page-title, categories-new, category-row-<id>, category-up/down/indent/outdent/
 * child/rename/move/delete-<id>, categories-empty.
 */
import { useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react'
import { ActionIcon, Badge, Button, Card, Group, Stack, Text, Tooltip } from '@mantine/core'
import {
  IconArrowBarToRight, IconArrowDown, IconArrowUp, IconCornerLeftUp, IconFolderPlus, IconGripVertical, IconPencil, IconPlus, IconTransfer, IconTrash,
} from '@tabler/icons-react'
import { api, useQuery } from '../../../api'
import { useI18n, type MessageKey } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { CategoryNameModal, CategoryTargetModal } from '../components/CategoryDialogs'
import { buildTree, flatten, subtreeIds, type TreeItem } from '../lib/tree'

type Drop = { id: string; where: 'before' | 'after' | 'inside' }
type Dialog = { kind: 'name'; item: TreeItem | null; parentId: string | null } | { kind: 'move' | 'remove'; item: TreeItem } | null

export default function CategoriesPage() {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const tree = useQuery(() => api.catalogue.categoryTree({}), [])
  const [dialog, setDialog] = useState<Dialog>(null)
  const [dragId, setDragId] = useState<string | null>(null)
  const [drop, setDrop] = useState<Drop | null>(null)
  const roots = buildTree(tree.data?.nodes ?? [])
  const rows = flatten(roots)
  const byId = new Map(rows.map((r) => [r.node.id, r]))
  const siblingsOf = (parentId: string | null) => (parentId ? byId.get(parentId)?.children ?? [] : roots)

  const move = (id: string, parentId: string | null, index: number) => {
    api.catalogue.moveCategory({ id, parentId, index: Math.max(0, index) }).then(() => { notify.success('catalogue.categories.moved'); tree.reload() }, notify.error)
  }
  /** Position among the new siblings once the moved category is taken out (as main counts). */
  const indexAt = (parentId: string | null, id: string, targetId: string, after: boolean) => {
    const sibs = siblingsOf(parentId).filter((s) => s.node.id !== id)
    return sibs.findIndex((s) => s.node.id === targetId) + (after ? 1 : 0)
  }
  const step = (it: TreeItem, action: 'up' | 'down' | 'indent' | 'outdent') => {
    const parentId = it.node.parentId
    const sibs = siblingsOf(parentId)
    const pos = sibs.findIndex((s) => s.node.id === it.node.id)
    if (action === 'up' && pos > 0) move(it.node.id, parentId, pos - 1)
    if (action === 'down' && pos < sibs.length - 1) move(it.node.id, parentId, pos + 1)
    if (action === 'indent' && pos > 0) move(it.node.id, sibs[pos - 1]!.node.id, sibs[pos - 1]!.children.length)
    if (action === 'outdent' && parentId) {
      const parent = byId.get(parentId)
      if (parent) move(it.node.id, parent.node.parentId, indexAt(parent.node.parentId, it.node.id, parent.node.id, true))
    }
  }
  const onKey = (it: TreeItem) => (e: KeyboardEvent) => {
    if (!e.altKey) return
    const action = ({ ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'indent', ArrowLeft: 'outdent' } as const)[e.key as 'ArrowUp']
    if (action) { e.preventDefault(); step(it, action) }
  }

  const onDragOver = (it: TreeItem) => (e: DragEvent<HTMLDivElement>) => {
    if (!dragId || subtreeIds(byId.get(dragId)!).has(it.node.id)) return
    e.preventDefault()
    const r = e.currentTarget.getBoundingClientRect()
    const y = (e.clientY - r.top) / r.height
    setDrop({ id: it.node.id, where: y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside' })
  }
  const onDrop = (it: TreeItem) => (e: DragEvent) => {
    e.preventDefault()
    if (dragId && drop && drop.id === it.node.id) {
      if (drop.where === 'inside') move(dragId, it.node.id, it.children.filter((c) => c.node.id !== dragId).length)
      else move(dragId, it.node.parentId, indexAt(it.node.parentId, dragId, it.node.id, drop.where === 'after'))
    }
    setDragId(null)
    setDrop(null)
  }

  const remove = (it: TreeItem) => {
    if (it.node.childCount > 0 || it.node.productCount > 0) { setDialog({ kind: 'remove', item: it }); return }
    confirm({
      title: t('catalogue.categories.removeTitle'), message: t('catalogue.categories.removeConfirm', { name: it.node.name }), confirmLabel: t('common.delete'), danger: true,
      onConfirm: () => { api.catalogue.removeCategory({ id: it.node.id }).then(() => { notify.success('catalogue.categories.removed'); tree.reload() }, notify.error) },
    })
  }

  const button = (it: TreeItem, key: string, label: MessageKey, icon: ReactNode, onClick: () => void, disabled = false) => (
    <Tooltip label={t(label)} key={key}>
      <ActionIcon variant="subtle" color={key === 'delete' ? 'red' : 'gray'} onClick={onClick} disabled={disabled} aria-label={`${t(label)} ${it.node.name}`} data-testid={`category-${key}-${it.node.id}`}>{icon}</ActionIcon>
    </Tooltip>
  )

  return (
    <>
      <PageHeader title={t('catalogue.categories.title')} subtitle={t('catalogue.categories.subtitle')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'name', item: null, parentId: null })} data-testid="categories-new">{t('catalogue.categories.new')}</Button>} />
      <Card withBorder radius="md">
        {tree.error && <ErrorState error={tree.error} onRetry={tree.reload} />}
        {tree.loading && !tree.data && <LoadingState />}
        {tree.data && rows.length === 0 && <Empty testId="categories-empty" title={t('catalogue.categories.empty')} description={t('catalogue.categories.emptyHint')} />}
        {rows.length > 0 && (
          <Stack gap={0} role="tree" aria-label={t('catalogue.categories.title')}>
            <Text size="xs" c="dimmed" mb="xs">{t('catalogue.categories.keyboardHint')}</Text>
            {rows.map((it) => {
              const sibs = siblingsOf(it.node.parentId)
              const pos = sibs.findIndex((s) => s.node.id === it.node.id)
              const d = drop?.id === it.node.id ? drop.where : null
              return (
                <Group key={it.node.id} role="treeitem" aria-level={it.depth + 1} tabIndex={0} onKeyDown={onKey(it)} wrap="nowrap" justify="space-between" py={4} pr="xs"
                  pl={it.depth * 24} draggable onDragStart={(e) => { setDragId(it.node.id); e.dataTransfer.effectAllowed = 'move' }} onDragEnd={() => { setDragId(null); setDrop(null) }}
                  onDragOver={onDragOver(it)} onDragLeave={() => setDrop(null)} onDrop={onDrop(it)} data-testid={`category-row-${it.node.id}`}
                  style={{
                    borderTop: d === 'before' ? '2px solid var(--mantine-primary-color-filled)' : '2px solid transparent',
                    borderBottom: d === 'after' ? '2px solid var(--mantine-primary-color-filled)' : '1px solid var(--mantine-color-default-border)',
                    background: d === 'inside' ? 'var(--mantine-primary-color-light)' : dragId === it.node.id ? 'var(--mantine-color-default-hover)' : undefined,
                  }}>
                  <Group gap={6} wrap="nowrap">
                    <IconGripVertical size={16} color="var(--mantine-color-dimmed)" style={{ cursor: 'grab' }} aria-hidden />
                    <Text size="sm" fw={it.depth === 0 ? 600 : 400}>{it.node.name}</Text>
                    <Tooltip label={t('catalogue.categories.countsHint')}>
                      <Badge size="sm" variant="light" color="gray">{t('catalogue.categories.counts', { own: fmt.number(it.node.productCount), total: fmt.number(it.node.totalCount) })}</Badge>
                    </Tooltip>
                  </Group>
                  <Group gap={2} wrap="nowrap">
                    {button(it, 'up', 'catalogue.categories.moveUp', <IconArrowUp size={16} />, () => step(it, 'up'), pos <= 0)}
                    {button(it, 'down', 'catalogue.categories.moveDown', <IconArrowDown size={16} />, () => step(it, 'down'), pos >= sibs.length - 1)}
                    {button(it, 'outdent', 'catalogue.categories.outdent', <IconCornerLeftUp size={16} />, () => step(it, 'outdent'), !it.node.parentId)}
                    {button(it, 'indent', 'catalogue.categories.indent', <IconArrowBarToRight size={16} />, () => step(it, 'indent'), pos <= 0)}
                    {button(it, 'move', 'catalogue.categories.moveTo', <IconTransfer size={16} />, () => setDialog({ kind: 'move', item: it }))}
                    {button(it, 'child', 'catalogue.categories.newChild', <IconFolderPlus size={16} />, () => setDialog({ kind: 'name', item: null, parentId: it.node.id }))}
                    {button(it, 'rename', 'catalogue.categories.rename', <IconPencil size={16} />, () => setDialog({ kind: 'name', item: it, parentId: it.node.parentId }))}
                    {button(it, 'delete', 'common.delete', <IconTrash size={16} />, () => remove(it))}
                  </Group>
                </Group>
              )
            })}
          </Stack>
        )}
      </Card>
      {dialog?.kind === 'name' && (
        <CategoryNameModal node={dialog.item?.node ?? null} parentId={dialog.parentId} onClose={() => setDialog(null)} onDone={() => { setDialog(null); tree.reload() }} />
      )}
      {(dialog?.kind === 'move' || dialog?.kind === 'remove') && (
        <CategoryTargetModal item={dialog.item} tree={roots} mode={dialog.kind} onClose={() => setDialog(null)} onDone={() => { setDialog(null); tree.reload() }} />
      )}
    </>
  )
}
