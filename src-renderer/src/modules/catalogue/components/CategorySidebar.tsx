import { useState, type ReactNode } from 'react'
import { ActionIcon, Badge, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react'
import type { CategoryTree } from '../../../../../src-preload/contracts/catalogue'
import { useI18n } from '../../../app/i18n'
import { buildTree, flatten } from '../lib/tree'

/** undefined = all products; 'none' = uncategorized; else a category id. */
export type CategoryPick = string | undefined

/**
 * The category tree beside the product list, with product counts (including subcategories).
 * Testids: category-all, category-none, category-node-<id>, category-toggle-<id>.
 */
export function CategorySidebar({ tree, value, onChange }: { tree: CategoryTree | undefined; value: CategoryPick; onChange: (v: CategoryPick) => void }) {
  const { t, fmt } = useI18n()
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const items = flatten(buildTree(tree?.nodes ?? []), collapsed)
  const toggle = (id: string) => setCollapsed((c) => { const n = new Set(c); if (n.has(id)) n.delete(id); else n.add(id); return n })

  const entry = (key: string, label: string, count: number, selected: boolean, onClick: () => void, depth = 0, chevron?: ReactNode) => (
    <Group key={key} gap={2} wrap="nowrap" pl={depth * 14}>
      <span style={{ width: 22, display: 'inline-flex' }}>{chevron}</span>
      <UnstyledButton onClick={onClick} aria-pressed={selected} data-testid={key} px={6} py={4} style={{ flex: 1, borderRadius: 4, background: selected ? 'var(--mantine-primary-color-light)' : undefined }}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="sm" fw={selected ? 600 : 400} truncate>{label}</Text>
          <Badge size="xs" variant="light" color="gray">{fmt.number(count)}</Badge>
        </Group>
      </UnstyledButton>
    </Group>
  )

  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">{t('catalogue.list.categoriesLabel')}</Text>
      <ScrollArea.Autosize mah="calc(100dvh - 260px)" type="auto">
        <Stack gap={2} role="tree" aria-label={t('catalogue.list.categoriesLabel')}>
          {entry('category-all', t('catalogue.list.allCategories'), tree?.total ?? 0, value === undefined, () => onChange(undefined))}
          {items.map((it) => entry(`category-node-${it.node.id}`, it.node.name, it.node.totalCount, value === it.node.id, () => onChange(it.node.id), it.depth,
            it.children.length > 0 ? (
              <ActionIcon size="xs" variant="subtle" color="gray" onClick={() => toggle(it.node.id)} aria-expanded={!collapsed.has(it.node.id)} aria-label={it.node.name} data-testid={`category-toggle-${it.node.id}`}>
                {collapsed.has(it.node.id) ? <IconChevronRight size={14} /> : <IconChevronDown size={14} />}
              </ActionIcon>
            ) : undefined))}
          {entry('category-none', t('catalogue.list.uncategorized'), tree?.uncategorized ?? 0, value === 'none', () => onChange('none'))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  )
}
