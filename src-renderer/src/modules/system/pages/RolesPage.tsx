/*
 * 角色权限 Roles & permissions: roles with user counts; edit a role's permissions and
 * data scopes; reset a built-in role to defaults; create and delete custom roles.
 * Testids: page-title, roles-new, roles-list, role-item-<code or id> (data-active), and the
 * editor's testids (RoleEditor): role-name, perm-<permission>, scope-<module>, role-save,
 * role-reset, role-delete; confirmation confirm-ok / confirm-cancel.
 */
import { useState } from 'react'
import { Badge, Button, Card, Grid, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconPlus, IconShieldLock } from '@tabler/icons-react'
import type { RoleRow } from '../../../../../src-preload/contracts/admin'
import { api, useQuery } from '../../../api'
import { roleLabel, useT } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { RoleEditor } from '../components/RoleEditor'
import classes from './RolesPage.module.css'

/** Which role the editor shows: an existing one (with the row main just returned), or a new one. */
type Selection = { kind: 'role'; id: string; fresh?: RoleRow } | { kind: 'new' } | null

/** Remounts the editor when the role's stored values change (after save or reset). */
const roleKey = (r: RoleRow | null) => (r ? `${r.id}|${r.name}|${r.permissions.join(',')}|${Object.values(r.scopes).join(',')}` : 'new')

export default function RolesPage() {
  const t = useT()
  const roles = useQuery(() => api.admin.listRoles({}), [])
  const [selection, setSelection] = useState<Selection>(null)
  const list = roles.data ?? []
  const selected = selection?.kind === 'role' ? selection.fresh ?? list.find((r) => r.id === selection.id) ?? null : null

  const afterSave = (r: RoleRow) => { setSelection({ kind: 'role', id: r.id, fresh: r }); roles.reload() }

  return (
    <>
      <PageHeader
        title={t('rolesPage.title')}
        subtitle={t('rolesPage.subtitle')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setSelection({ kind: 'new' })} data-testid="roles-new">{t('rolesPage.new')}</Button>}
      />
      {roles.error && <ErrorState error={roles.error} onRetry={roles.reload} />}
      {!roles.data && roles.loading && <LoadingState />}
      {roles.data && (
        <Grid gap="lg" align="flex-start">
          <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
            <Card withBorder radius="md" padding="xs">
              <ScrollArea.Autosize mah="calc(100dvh - 220px)">
                <Stack gap={4} data-testid="roles-list">
                  {list.map((r) => {
                    const active = selected?.id === r.id
                    return (
                      <UnstyledButton
                        key={r.id} className={classes.item} data-active={active || undefined}
                        onClick={() => setSelection({ kind: 'role', id: r.id })} data-testid={`role-item-${r.code ?? r.id}`}
                      >
                        <Group justify="space-between" wrap="nowrap" gap="xs">
                          <div style={{ minWidth: 0 }}>
                            <Text size="sm" fw={600} truncate>{roleLabel(t, r.code, r.name)}</Text>
                            <Text size="xs" c="dimmed">{t('rolesPage.userCount', { count: r.userCount })}</Text>
                          </div>
                          <Badge size="sm" variant="light" color={r.builtin ? 'gray' : 'indigo'}>{t(r.builtin ? 'rolesPage.builtin' : 'rolesPage.custom')}</Badge>
                        </Group>
                      </UnstyledButton>
                    )
                  })}
                </Stack>
              </ScrollArea.Autosize>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
            {selection === null || (selection.kind === 'role' && !selected) ? (
              <Card withBorder radius="md"><Empty title={t('rolesPage.selectHint')} icon={<IconShieldLock size={32} stroke={1.5} />} testId="role-select-hint" /></Card>
            ) : (
              <RoleEditor
                key={roleKey(selected)}
                role={selected}
                onSaved={afterSave}
                onDeleted={() => { setSelection(null); roles.reload() }}
              />
            )}
          </Grid.Col>
        </Grid>
      )}
    </>
  )
}
