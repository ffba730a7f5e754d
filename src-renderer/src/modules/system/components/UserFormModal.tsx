import { useState } from 'react'
import { Button, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { createUserInput, updateUserInput, type DepartmentRow, type OfficeRow, type RoleRow, type UserRow } from '../../../../../src-preload/contracts/admin'
import { api, toApiError } from '../../../api'
import { roleLabel, useT } from '../../../app/i18n'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'
import { DepartmentSelect } from './DepartmentSelect'

export interface UserFormProps {
  /** null: create a new user. */
  user: UserRow | null
  users: readonly UserRow[]
  roles: readonly RoleRow[]
  departments: readonly DepartmentRow[]
  offices: readonly OfficeRow[]
  onClose: () => void
  onSaved: (user: UserRow) => void
}

const editSchema = updateUserInput.omit({ id: true })

/**
 * Create / edit a user. Testids: user-username, user-displayname, user-password, user-role,
 * user-department, user-office, user-manager, user-email, user-phone, user-title, user-save.
 */
export function UserFormModal({ user, users, roles, departments, offices, onClose, onSaved }: UserFormProps) {
  const t = useT()
  const notify = useNotify()
  const [pending, setPending] = useState(false)
  const isNew = user === null
  const form = useForm({
    initial: {
      username: user?.username ?? '', password: '', displayName: user?.displayName ?? '',
      roleId: user?.roleId ?? null as string | null, departmentId: user?.departmentId ?? null as string | null,
      officeId: user?.officeId ?? null as string | null, managerId: user?.managerId ?? null as string | null,
      email: user?.email ?? '', phone: user?.phone ?? '', title: user?.title ?? '',
    },
    schema: isNew ? createUserInput : editSchema,
    toInput: ({ username, password, roleId, ...rest }) => (isNew ? { username, password, roleId: roleId ?? '', ...rest } : { roleId: roleId ?? '', ...rest }),
    messages: { username: 'validation.username', roleId: 'validation.required' },
  })

  const onSubmit = form.submit(async () => {
    const v = form.values
    const fields = {
      displayName: v.displayName, roleId: v.roleId ?? '', departmentId: v.departmentId, officeId: v.officeId, managerId: v.managerId,
      email: v.email, phone: v.phone, title: v.title,
    }
    setPending(true)
    try {
      const saved = user ? await api.admin.updateUser({ id: user.id, ...fields }) : await api.admin.createUser({ username: v.username, password: v.password, ...fields })
      notify.success(user ? 'users.updated' : 'users.created')
      onSaved(saved)
    } catch (err) {
      const e = toApiError(err)
      if (e.messageKey === 'errors.usernameTaken') form.setErrors({ username: { key: 'errors.usernameTaken', params: { username: v.username } } })
      else if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  const managers = users.filter((u) => u.id !== user?.id && !u.disabled).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))

  return (
    <Modal opened onClose={onClose} title={t(isNew ? 'users.new' : 'users.edit')} size="lg" data-testid="user-form">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('users.username')} withAsterisk={isNew} disabled={!isNew} autoFocus={isNew} autoComplete="off" data-testid="user-username" {...form.text('username')} />
            <TextInput label={t('users.displayName')} withAsterisk autoFocus={!isNew} data-testid="user-displayname" {...form.text('displayName')} />
          </SimpleGrid>
          {isNew && <PasswordInput label={t('users.password')} withAsterisk autoComplete="new-password" data-testid="user-password" {...form.text('password')} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('users.role')} withAsterisk searchable data-testid="user-role"
              data={roles.map((r) => ({ value: r.id, label: roleLabel(t, r.code, r.name) }))}
              {...form.field('roleId')}
            />
            <DepartmentSelect label={t('users.department')} departments={departments} data-testid="user-department" {...form.field('departmentId')} />
            <Select label={t('users.office')} clearable searchable data-testid="user-office" data={offices.map((o) => ({ value: o.id, label: o.name }))} {...form.field('officeId')} />
            <Select label={t('users.manager')} clearable searchable data-testid="user-manager" data={managers} {...form.field('managerId')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('users.email')} type="email" data-testid="user-email" {...form.text('email')} />
            <TextInput label={t('users.phone')} data-testid="user-phone" {...form.text('phone')} />
            <TextInput label={t('users.jobTitle')} data-testid="user-title" {...form.text('title')} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="user-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
