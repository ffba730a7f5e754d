import { useState } from 'react'
import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core'
import { saveDepartmentInput, type DepartmentRow } from '../../../../../src-preload/contracts/admin'
import { api, toApiError } from '../../../api'
import { useT } from '../../../app/i18n'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'
import { departmentWithDescendants } from '../../../shared/org'
import { DepartmentSelect } from './DepartmentSelect'

export type DepartmentEdit = { mode: 'create'; parentId: string | null } | { mode: 'edit'; row: DepartmentRow }

/** Create or edit a department (name, parent, order). Testids: dept-name, dept-parent, dept-sort, dept-save. */
export function DepartmentFormModal({ edit, departments, onClose, onSaved }: { edit: DepartmentEdit; departments: readonly DepartmentRow[]; onClose: () => void; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const row = edit.mode === 'edit' ? edit.row : null
  const form = useForm({
    initial: { name: row?.name ?? '', parentId: row ? row.parentId : (edit.mode === 'create' ? edit.parentId : null), sort: row?.sort ?? 0 },
    schema: saveDepartmentInput,
    toInput: (v) => ({ id: row?.id, name: v.name, parentId: v.parentId, sort: v.sort }),
  })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      await api.admin.saveDepartment(input)
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
    <Modal opened onClose={onClose} title={t(row ? 'org.rename' : edit.mode === 'create' && edit.parentId ? 'org.addChild' : 'org.newDepartment')} data-testid="dept-form">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput label={t('org.departmentName')} withAsterisk autoFocus data-testid="dept-name" {...form.text('name')} />
          <DepartmentSelect
            label={t('org.parent')} placeholder={t('org.topLevel')} departments={departments} data-testid="dept-parent"
            exclude={row ? departmentWithDescendants(departments, row.id) : undefined}
            {...form.field('parentId')}
          />
          <NumberInput
            label={t('org.sort')} min={0} max={100_000} allowDecimal={false} w={160} data-testid="dept-sort"
            value={form.values.sort} onChange={(v) => form.set('sort', typeof v === 'number' ? v : 0)} error={form.error('sort')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="dept-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
