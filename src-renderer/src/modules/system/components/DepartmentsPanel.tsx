import { useState } from 'react'
import { ActionIcon, Badge, Box, Button, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconChevronRight, IconHierarchy2, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import type { DepartmentRow } from '../../../../../src-preload/contracts/admin'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { departmentTree, type DepartmentNode } from '../../../shared/org'
import { Empty } from '../../../shared/states'
import { DepartmentFormModal, type DepartmentEdit } from './DepartmentFormModal'
import classes from './DepartmentsPanel.module.css'

interface NodeProps {
  node: DepartmentNode
  collapsed: ReadonlySet<string>
  onToggle: (id: string) => void
  onEdit: (edit: DepartmentEdit) => void
  onDelete: (row: DepartmentRow) => void
}

function DepartmentItem({ node, collapsed, onToggle, onEdit, onDelete }: NodeProps) {
  const t = useT()
  const { row, children } = node
  const open = !collapsed.has(row.id)
  return (
    <li data-testid={`dept-node-${row.name}`}>
      <Group className={classes.row} justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" miw={0}>
          {children.length > 0 ? (
            <UnstyledButton onClick={() => onToggle(row.id)} aria-expanded={open} aria-label={row.name} className={classes.toggle} data-open={open || undefined}>
              <IconChevronRight size={16} />
            </UnstyledButton>
          ) : <Box w={22} />}
          <Text size="sm" fw={500} truncate>{row.name}</Text>
          <Badge size="sm" variant="light" color="gray">{t('org.userCount', { count: row.userCount })}</Badge>
        </Group>
        <Group gap={2} wrap="nowrap" className={classes.actions}>
          <Tooltip label={t('org.addChild')}>
            <ActionIcon variant="subtle" aria-label={t('org.addChild')} onClick={() => onEdit({ mode: 'create', parentId: row.id })} data-testid="dept-add-child"><IconPlus size={16} /></ActionIcon>
          </Tooltip>
          <Tooltip label={t('org.rename')}>
            <ActionIcon variant="subtle" aria-label={t('org.rename')} onClick={() => onEdit({ mode: 'edit', row })} data-testid="dept-edit"><IconPencil size={16} /></ActionIcon>
          </Tooltip>
          <Tooltip label={t('org.deleteDepartment')}>
            <ActionIcon variant="subtle" color="red" aria-label={t('org.deleteDepartment')} onClick={() => onDelete(row)} data-testid="dept-delete"><IconTrash size={16} /></ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {open && children.length > 0 && (
        <ul className={classes.children}>
          {children.map((c) => <DepartmentItem key={c.row.id} node={c} collapsed={collapsed} onToggle={onToggle} onEdit={onEdit} onDelete={onDelete} />)}
        </ul>
      )}
    </li>
  )
}

/** The department tree with add child / edit / delete. Testids: dept-new, dept-tree, dept-node-<name>, dept-add-child, dept-edit, dept-delete. */
export function DepartmentsPanel({ departments, onChanged }: { departments: readonly DepartmentRow[]; onChanged: () => void }) {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const [edit, setEdit] = useState<DepartmentEdit | null>(null)
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const tree = departmentTree(departments)

  const toggle = (id: string) => setCollapsed((prev) => {
    const next = new Set(prev)
    if (!next.delete(id)) next.add(id)
    return next
  })

  const remove = (row: DepartmentRow) => confirm({
    title: t('org.deleteDepartment'),
    message: t('org.deleteDepartmentConfirm', { name: row.name }),
    confirmLabel: t('common.delete'),
    danger: true,
    onConfirm: () => { api.admin.deleteDepartment({ id: row.id }).then(() => { notify.success('common.deleted'); onChanged() }, notify.error) },
  })

  const newButton = <Button leftSection={<IconPlus size={16} />} onClick={() => setEdit({ mode: 'create', parentId: null })} data-testid="dept-new">{t('org.newDepartment')}</Button>

  return (
    <Stack gap="md">
      {tree.length > 0 && <Group justify="flex-end">{newButton}</Group>}
      {tree.length === 0 ? (
        <Empty title={t('org.noDepartments')} description={t('org.noDepartmentsHint')} icon={<IconHierarchy2 size={32} stroke={1.5} />} action={newButton} testId="dept-empty" />
      ) : (
        <ul className={classes.tree} data-testid="dept-tree">
          {tree.map((n) => <DepartmentItem key={n.row.id} node={n} collapsed={collapsed} onToggle={toggle} onEdit={setEdit} onDelete={remove} />)}
        </ul>
      )}
      {edit && <DepartmentFormModal edit={edit} departments={departments} onClose={() => setEdit(null)} onSaved={() => { setEdit(null); onChanged() }} />}
    </Stack>
  )
}
