/*
 * 用户管理 Users: list with search and include-disabled, create/edit, disable/enable,
 * reset password, unlock.
 * Testids: page-title, users-new, users-search, users-include-disabled, users-table,
 * user-row-<username> (with data-disabled / data-locked), and inside a row: user-edit,
 * user-reset, user-unlock, user-toggle. Form: see UserFormModal / ResetPasswordModal.
 * Confirmation: confirm-ok / confirm-cancel.
 */
import { useState } from 'react'
import { ActionIcon, Badge, Button, Card, Group, ScrollArea, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconKey, IconLockOpen, IconPencil, IconPlus, IconSearch, IconUserCheck, IconUserOff } from '@tabler/icons-react'
import type { UserRow } from '../../../../../src-preload/contracts/admin'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { roleLabel, useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { joinParts } from '../../../shared/text'
import { ResetPasswordModal } from '../components/ResetPasswordModal'
import { UserFormModal } from '../components/UserFormModal'

type Editing = { kind: 'create' } | { kind: 'edit'; user: UserRow } | { kind: 'reset'; user: UserRow } | null

export default function UsersPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const notify = useNotify()
  const confirm = useConfirm()
  const [search, setSearch] = useState('')
  const [includeDisabled, setIncludeDisabled] = useState(false)
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const [editing, setEditing] = useState<Editing>(null)

  const users = useQuery(() => api.admin.listUsers({ search: debounced || undefined, includeDisabled }), [debounced, includeDisabled])
  const allUsers = useQuery(() => api.admin.listUsers({}), [])
  const roles = useQuery(() => api.admin.listRoles({}), [])
  const departments = useQuery(() => api.admin.listDepartments({}), [])
  const offices = useQuery(() => api.admin.listOffices({}), [])

  const refresh = () => { users.reload(); allUsers.reload() }

  const run = async (action: () => Promise<unknown>, done: () => void) => {
    try {
      await action()
      done()
      refresh()
    } catch (err) {
      notify.error(err)
    }
  }

  const toggleDisabled = (u: UserRow) => {
    if (u.disabled) {
      void run(() => api.admin.setUserDisabled({ id: u.id, disabled: false }), () => notify.success('users.enabledDone', { name: u.displayName }))
      return
    }
    confirm({
      title: t('users.disableTitle'),
      message: t('users.disableConfirm', { name: u.displayName }),
      confirmLabel: t('users.disable'),
      danger: true,
      onConfirm: () => { void run(() => api.admin.setUserDisabled({ id: u.id, disabled: true }), () => notify.success('users.disabledDone', { name: u.displayName })) },
    })
  }

  const unlock = (u: UserRow) => { void run(() => api.admin.unlockUser({ id: u.id }), () => notify.success('users.unlocked', { name: u.displayName })) }

  const rows = users.data ?? []

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ kind: 'create' })} data-testid="users-new">{t('users.new')}</Button>}
      />
      <Card withBorder radius="md" padding={0}>
        <Group p="md" justify="space-between" wrap="wrap" gap="sm">
          <TextInput
            placeholder={t('users.searchPlaceholder')} leftSection={<IconSearch size={16} />} w={320} maw="100%"
            value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label={t('common.search')} data-testid="users-search"
          />
          <Group gap="md">
            <Switch label={t('users.includeDisabled')} checked={includeDisabled} onChange={(e) => setIncludeDisabled(e.currentTarget.checked)} data-testid="users-include-disabled" />
            <Text size="sm" c="dimmed">{t('common.total', { count: rows.length })}</Text>
          </Group>
        </Group>
        {users.error && <ErrorState error={users.error} onRetry={users.reload} />}
        {!users.data && users.loading && <LoadingState />}
        {users.data && rows.length === 0 && <Empty title={t('users.empty')} description={t('users.emptyHint')} />}
        {rows.length > 0 && (
          <ScrollArea>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" miw={900} data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.displayName')}</Table.Th>
                  <Table.Th>{t('users.role')}</Table.Th>
                  <Table.Th>{t('users.department')}</Table.Th>
                  <Table.Th>{t('users.office')}</Table.Th>
                  <Table.Th>{t('users.manager')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('users.lastLogin')}</Table.Th>
                  <Table.Th ta="right">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={u.id} data-testid={`user-row-${u.username}`} data-disabled={u.disabled || undefined} data-locked={u.locked || undefined} opacity={u.disabled ? 0.6 : 1}>
                    <Table.Td>
                      <Text size="sm" fw={600}>{u.displayName}</Text>
                      <Text size="xs" c="dimmed">{joinParts(u.username, u.title)}</Text>
                    </Table.Td>
                    <Table.Td><Badge variant="light" radius="sm">{roleLabel(t, u.roleCode, u.roleName)}</Badge></Table.Td>
                    <Table.Td><Text size="sm">{u.departmentName ?? t('common.none')}</Text></Table.Td>
                    <Table.Td><Text size="sm">{u.officeName ?? t('common.none')}</Text></Table.Td>
                    <Table.Td><Text size="sm">{u.managerName ?? t('common.none')}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.disabled ? <Badge color="gray" variant="light">{t('users.disabled')}</Badge> : <Badge color="teal" variant="light">{t('users.active')}</Badge>}
                        {u.locked && <Badge color="orange" variant="light">{t('users.locked')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm" c="dimmed">{u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : t('users.never')}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('common.edit')}>
                          <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing({ kind: 'edit', user: u })} data-testid="user-edit"><IconPencil size={18} /></ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('users.resetPassword')}>
                          <ActionIcon variant="subtle" aria-label={t('users.resetPassword')} onClick={() => setEditing({ kind: 'reset', user: u })} data-testid="user-reset"><IconKey size={18} /></ActionIcon>
                        </Tooltip>
                        {u.locked && (
                          <Tooltip label={t('users.unlock')}>
                            <ActionIcon variant="subtle" color="orange" aria-label={t('users.unlock')} onClick={() => unlock(u)} data-testid="user-unlock"><IconLockOpen size={18} /></ActionIcon>
                          </Tooltip>
                        )}
                        {u.id !== session.user.id && (
                          <Tooltip label={t(u.disabled ? 'users.enable' : 'users.disable')}>
                            <ActionIcon variant="subtle" color={u.disabled ? 'teal' : 'red'} aria-label={t(u.disabled ? 'users.enable' : 'users.disable')} onClick={() => toggleDisabled(u)} data-testid="user-toggle">
                              {u.disabled ? <IconUserCheck size={18} /> : <IconUserOff size={18} />}
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Card>
      {(editing?.kind === 'create' || editing?.kind === 'edit') && (
        <UserFormModal
          user={editing.kind === 'edit' ? editing.user : null}
          users={allUsers.data ?? []}
          roles={roles.data ?? []}
          departments={departments.data ?? []}
          offices={offices.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => { setEditing(null); refresh() }}
        />
      )}
      {editing?.kind === 'reset' && <ResetPasswordModal user={editing.user} onClose={() => setEditing(null)} />}
    </>
  )
}
