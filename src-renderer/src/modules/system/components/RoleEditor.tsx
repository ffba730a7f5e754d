import { useState } from 'react'
import { Alert, Badge, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconInfoCircle, IconRestore, IconTrash } from '@tabler/icons-react'
import { saveRoleInput, type RoleRow } from '../../../../../src-preload/contracts/admin'
import {
  DATA_SCOPES, DEFAULT_ROLES, MODULES, PERMISSIONS, SCOPED_MODULES, permissionModule,
  type DataScope, type ModuleKey, type Permission, type ScopedModule, type ScopeMap,
} from '../../../../../src-preload/contracts/permissions'
import { api, toApiError } from '../../../api'
import { roleLabel, useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useForm } from '../../../shared/forms'
import { useNotify } from '../../../shared/notify'

const permissionsOf = (module: ModuleKey) => PERMISSIONS.filter((p) => permissionModule(p) === module)
const isScoped = (m: ModuleKey): m is ScopedModule => (SCOPED_MODULES as readonly string[]).includes(m)

export interface RoleEditorProps {
  /** null: a new custom role. */
  role: RoleRow | null
  onSaved: (role: RoleRow) => void
  onDeleted: () => void
}

/**
 * Edits one role: name, action permissions grouped by module, data scope per scoped module.
 * Testids: role-name, perm-<permission>, module-all-<module>, scope-<module>, role-save,
 * role-reset (built-in only), role-delete (custom only).
 */
export function RoleEditor({ role, onSaved, onDeleted }: RoleEditorProps) {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const [pending, setPending] = useState(false)
  const isAdmin = role?.code === 'administrator'
  const defaultName = role ? roleLabel(t, role.code, role.code ?? role.name) : ''
  const form = useForm({
    // A built-in role still named by its code shows an empty name: the UI language's name applies.
    initial: {
      name: role && role.code && role.name === role.code ? '' : (role?.name ?? ''),
      permissions: [...(role?.permissions ?? [])] as Permission[],
      scopes: { ...(role?.scopes ?? DEFAULT_ROLES.salesperson.scopes) } as ScopeMap,
    },
    schema: saveRoleInput,
    toInput: (v) => ({ id: role?.id, name: v.name.trim() || role?.code || '', permissions: v.permissions, scopes: v.scopes }),
  })
  const { permissions, scopes } = form.values

  const setPermission = (p: Permission, on: boolean) =>
    form.set('permissions', on ? [...permissions.filter((x) => x !== p), p] : permissions.filter((x) => x !== p))
  const setModule = (m: ModuleKey, on: boolean) => {
    const own = permissionsOf(m)
    form.set('permissions', on ? [...permissions.filter((x) => !own.includes(x)), ...own] : permissions.filter((x) => !own.includes(x)))
  }
  const setScope = (m: ScopedModule, s: DataScope) => form.set('scopes', { ...scopes, [m]: s })

  const onSubmit = form.submit(async (input) => {
    setPending(true)
    try {
      const saved = await api.admin.saveRole(input)
      notify.success('rolesPage.saved')
      onSaved(saved)
    } catch (err) {
      const e = toApiError(err)
      if (!form.applyServerError(e)) notify.error(e)
    } finally {
      setPending(false)
    }
  })

  const resetDefaults = () => {
    if (!role) return
    confirm({
      title: t('rolesPage.resetTitle'),
      message: t('rolesPage.resetConfirm', { name: defaultName }),
      confirmLabel: t('rolesPage.resetDefaults'),
      onConfirm: () => {
        api.admin.resetRoleDefaults({ id: role.id }).then((r) => { notify.success('rolesPage.resetDone'); onSaved(r) }, notify.error)
      },
    })
  }

  const remove = () => {
    if (!role) return
    confirm({
      title: t('rolesPage.deleteTitle'),
      message: t('rolesPage.deleteConfirm', { name: role.name }),
      confirmLabel: t('common.delete'),
      danger: true,
      onConfirm: () => {
        api.admin.deleteRole({ id: role.id }).then(() => { notify.success('common.deleted'); onDeleted() }, notify.error)
      },
    })
  }

  return (
    <form onSubmit={onSubmit} noValidate data-testid="role-editor">
      <Stack gap="md">
        <Card withBorder radius="md" padding="lg">
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <TextInput
              label={t('rolesPage.name')} withAsterisk={!role?.builtin} w={320} maw="100%" data-testid="role-name"
              placeholder={role?.builtin ? t('rolesPage.namePlaceholderBuiltin', { name: defaultName }) : undefined}
              {...form.text('name')}
            />
            <Group gap="sm">
              {role?.builtin && <Button variant="default" leftSection={<IconRestore size={16} />} onClick={resetDefaults} data-testid="role-reset">{t('rolesPage.resetDefaults')}</Button>}
              {role && !role.builtin && <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={remove} data-testid="role-delete">{t('common.delete')}</Button>}
              <Button type="submit" loading={pending} data-testid="role-save">{t('common.save')}</Button>
            </Group>
          </Group>
          {isAdmin && <Alert mt="md" variant="light" icon={<IconInfoCircle size={18} />}>{t('rolesPage.adminLocked')}</Alert>}
        </Card>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {MODULES.map((m) => {
            const own = permissionsOf(m)
            const checked = own.filter((p) => permissions.includes(p)).length
            return (
              <Card key={m} withBorder radius="md" padding="md" data-testid={`role-module-${m}`}>
                <Group justify="space-between" mb="sm">
                  <Checkbox
                    label={<Title order={5}>{t(`modules.${m}`)}</Title>}
                    checked={checked === own.length}
                    indeterminate={checked > 0 && checked < own.length}
                    disabled={isAdmin}
                    onChange={(e) => setModule(m, e.currentTarget.checked)}
                    data-testid={`module-all-${m}`}
                  />
                  <Badge variant="light" color={checked ? 'indigo' : 'gray'}>{t('rolesPage.countOf', { checked, total: own.length })}</Badge>
                </Group>
                <Stack gap={6} pl="md">
                  {own.map((p) => (
                    <Checkbox key={p} size="sm" label={t(`perm.${p}`)} checked={permissions.includes(p)} disabled={isAdmin} onChange={(e) => setPermission(p, e.currentTarget.checked)} data-testid={`perm-${p}`} />
                  ))}
                </Stack>
                {isScoped(m) && (
                  <Group mt="md" gap="xs" wrap="nowrap" align="center">
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('rolesPage.dataScope')}</Text>
                    <Select
                      size="xs" allowDeselect={false} w={200} aria-label={t('rolesPage.dataScope')} data-testid={`scope-${m}`}
                      data={DATA_SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) }))}
                      value={scopes[m]} onChange={(v) => { if (v) setScope(m, v as DataScope) }}
                    />
                  </Group>
                )}
              </Card>
            )
          })}
        </SimpleGrid>
      </Stack>
    </form>
  )
}
