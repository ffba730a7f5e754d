import { Avatar, Box, Group, Menu, Text, UnstyledButton } from '@mantine/core'
import { IconChevronDown, IconKey, IconLogout, IconUser, IconUserEdit } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { useNotify } from '../../shared/notify'
import { useAuth, useSession } from '../auth/AuthProvider'
import { roleLabel, useT } from '../i18n'
import { canOpen, pageByKey } from '../routes'

/** Display name and role; profile, change password, log out. Testids user-menu, menu-profile, menu-password, logout. */
export function UserMenu() {
  const t = useT()
  const session = useSession()
  const { logout } = useAuth()
  const navigate = useNavigate()
  const notify = useNotify()
  const { user } = session
  const profile = pageByKey('profile')
  const password = pageByKey('password')

  const doLogout = async () => {
    try {
      await logout()
      notify.success('header.loggedOut')
    } catch (err) {
      notify.error(err)
    }
  }

  return (
    <Menu position="bottom-end" shadow="md" width={220}>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label={t('header.userMenu')} px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={34}><IconUser size={18} /></Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.1 }}>
              <Text size="sm" fw={600} data-testid="user-menu-name">{user.displayName}</Text>
              <Text size="xs" c="dimmed" data-testid="user-menu-role">{roleLabel(t, user.roleCode, user.roleName)}</Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.username}</Menu.Label>
        {profile && canOpen(profile, session.permissions) && (
          <Menu.Item leftSection={<IconUserEdit size={16} />} onClick={() => { void navigate(profile.path) }} data-testid="menu-profile">{t('nav.profile')}</Menu.Item>
        )}
        {password && canOpen(password, session.permissions) && (
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => { void navigate(password.path) }} data-testid="menu-password">{t('nav.password')}</Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => { void doLogout() }} data-testid="logout">{t('header.logout')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
