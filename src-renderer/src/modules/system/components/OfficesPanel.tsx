import { useState } from 'react'
import { ActionIcon, Button, Group, Modal, ScrollArea, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconBuildingCommunity, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { saveOfficeInput, type DepartmentRow, type OfficeRow } from '../../../../../src-preload/contracts/admin'
import { api, toApiError } from '../../../api'
import { useI18n, useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'
import { Empty } from '../../../shared/states'
import { DepartmentSelect } from './DepartmentSelect'

/** Create / edit an office. Testids: office-name, office-region, office-department, office-save. */
function OfficeFormModal({ office, departments, onClose, onSaved }: { office: OfficeRow | null; departments: readonly DepartmentRow[]; onClose: () => void; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const form = useForm({
    initial: { name: office?.name ?? '', region: office?.region ?? '', departmentId: office?.departmentId ?? null as string | null },
    schema: saveOfficeInput,
    toInput: (v) => ({ id: office?.id, ...v }),
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      await api.admin.saveOffice(input)
      notify.success('common.saved')
      onSaved()
    } catch (err) {
      const e = toApiError(err)
      if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  return (
    <Modal opened onClose={onClose} title={t(office ? 'org.editOffice' : 'org.newOffice')} data-testid="office-form">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput label={t('org.officeName')} withAsterisk autoFocus data-testid="office-name" {...form.text('name')} />
          <TextInput label={t('org.region')} data-testid="office-region" {...form.text('region')} />
          <DepartmentSelect label={t('org.department')} departments={departments} data-testid="office-department" {...form.field('departmentId')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="office-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** 办事处 offices table with create / edit / delete. Testids: offices-new, offices-table, office-row-<name>, office-edit, office-delete. */
export function OfficesPanel({ offices, departments, onChanged }: { offices: readonly OfficeRow[]; departments: readonly DepartmentRow[]; onChanged: () => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const [editing, setEditing] = useState<{ office: OfficeRow | null } | null>(null)
  const departmentName = new Map(departments.map((d) => [d.id, d.name]))

  const remove = (o: OfficeRow) => confirm({
    title: t('org.deleteOffice'),
    message: t('org.deleteOfficeConfirm', { name: o.name }),
    confirmLabel: t('common.delete'),
    danger: true,
    onConfirm: () => { api.admin.deleteOffice({ id: o.id }).then(() => { notify.success('common.deleted'); onChanged() }, notify.error) },
  })

  const newButton = <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ office: null })} data-testid="offices-new">{t('org.newOffice')}</Button>

  return (
    <Stack gap="md">
      {offices.length > 0 && <Group justify="flex-end">{newButton}</Group>}
      {offices.length === 0 ? (
        <Empty title={t('org.noOffices')} description={t('org.noOfficesHint')} icon={<IconBuildingCommunity size={32} stroke={1.5} />} action={newButton} testId="offices-empty" />
      ) : (
        <ScrollArea>
          <Table highlightOnHover verticalSpacing="sm" miw={560} data-testid="offices-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('org.officeName')}</Table.Th>
                <Table.Th>{t('org.region')}</Table.Th>
                <Table.Th>{t('org.department')}</Table.Th>
                <Table.Th ta="right">{t('org.users')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offices.map((o) => (
                <Table.Tr key={o.id} data-testid={`office-row-${o.name}`}>
                  <Table.Td><Text size="sm" fw={500}>{o.name}</Text></Table.Td>
                  <Table.Td><Text size="sm">{o.region ?? t('common.none')}</Text></Table.Td>
                  <Table.Td><Text size="sm">{(o.departmentId && departmentName.get(o.departmentId)) || t('common.none')}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="sm">{fmt.number(o.userCount)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing({ office: o })} data-testid="office-edit"><IconPencil size={18} /></ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('org.deleteOffice')}>
                        <ActionIcon variant="subtle" color="red" aria-label={t('org.deleteOffice')} onClick={() => remove(o)} data-testid="office-delete"><IconTrash size={18} /></ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {editing && <OfficeFormModal office={editing.office} departments={departments} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); onChanged() }} />}
    </Stack>
  )
}
