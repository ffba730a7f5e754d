import { useState } from 'react'
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import type { CategoryNode } from '../../../../../src-preload/contracts/catalogue'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { categoryOptions, type TreeItem } from '../lib/tree'

const ROOT = '__root__'

/** Name a new category (under `parentId`) or rename one. Testids: category-form, category-name, category-save. */
export function CategoryNameModal({ node, parentId, onClose, onDone }: { node: CategoryNode | null; parentId: string | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [name, setName] = useState(node?.name ?? '')
  const save = () => {
    if (!name.trim()) return
    const input = node ? { id: node.id, name: name.trim() } : { name: name.trim(), parentId }
    api.catalogue.saveCategory(input).then(() => { notify.success(node ? 'catalogue.categories.saved' : 'catalogue.categories.created'); onDone() }, notify.error)
  }
  return (
    <Modal opened onClose={onClose} title={t(node ? 'catalogue.categories.rename' : parentId ? 'catalogue.categories.newChild' : 'catalogue.categories.new')} data-testid="category-form">
      <form onSubmit={(e) => { e.preventDefault(); save() }}>
        <Stack>
          <TextInput label={t('catalogue.categories.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={50} data-autofocus withAsterisk data-testid="category-name" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" disabled={!name.trim()} data-testid="category-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/**
 * Picks a target outside the item's subtree: for "move to…" (new parent) or for deleting a
 * non-empty category (where its subcategories and products go). Testids: category-target, category-target-ok.
 */
export function CategoryTargetModal({ item, tree, mode, onClose, onDone }: { item: TreeItem; tree: TreeItem[]; mode: 'move' | 'remove'; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [target, setTarget] = useState<string>(ROOT)
  const exclude = new Set<string>()
  const walk = (it: TreeItem) => { exclude.add(it.node.id); it.children.forEach(walk) }
  walk(item)
  const options = [{ value: ROOT, label: t(mode === 'move' ? 'catalogue.categories.topLevel' : 'catalogue.categories.moveToRoot') }, ...categoryOptions(tree, exclude)]
  const ok = () => {
    const call = mode === 'move'
      ? api.catalogue.moveCategory({ id: item.node.id, parentId: target === ROOT ? null : target, index: 100_000 }).then(() => notify.success('catalogue.categories.moved'))
      : api.catalogue.removeCategory({ id: item.node.id, moveTo: target === ROOT ? 'root' : target }).then(() => notify.success('catalogue.categories.removed'))
    call.then(onDone, notify.error)
  }
  return (
    <Modal opened onClose={onClose} title={t(mode === 'move' ? 'catalogue.categories.moveToTitle' : 'catalogue.categories.notEmptyTitle', { name: item.node.name })}>
      <Stack>
        {mode === 'remove' && <Text size="sm">{t('catalogue.categories.notEmptyText', { categories: item.node.childCount, products: item.node.productCount })}</Text>}
        <Select label={t(mode === 'move' ? 'catalogue.categories.parent' : 'catalogue.categories.moveContentsTo')} data={options} value={target} onChange={(v) => setTarget(v ?? ROOT)} allowDeselect={false} searchable data-testid="category-target" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color={mode === 'remove' ? 'red' : undefined} onClick={ok} data-testid="category-target-ok">{t(mode === 'move' ? 'common.confirm' : 'catalogue.categories.removeAndMove')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
