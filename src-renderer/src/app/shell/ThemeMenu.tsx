import { ActionIcon, Menu, Tooltip, useComputedColorScheme, useMantineColorScheme, type MantineColorScheme } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import { useT } from '../i18n'

const OPTIONS: { value: MantineColorScheme; icon: typeof IconSun }[] = [
  { value: 'light', icon: IconSun },
  { value: 'dark', icon: IconMoon },
  { value: 'auto', icon: IconDeviceDesktop },
]

/** Light / dark / follow the system. Testids theme-toggle, theme-light|dark|auto. */
export function ThemeMenu() {
  const t = useT()
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  const computed = useComputedColorScheme('light')
  const Current = computed === 'dark' ? IconMoon : IconSun
  return (
    <Menu position="bottom-end" shadow="md" width={160}>
      <Menu.Target>
        <Tooltip label={t('theme.label')}>
          <ActionIcon variant="default" size="lg" radius="md" aria-label={t('theme.label')} data-testid="theme-toggle">
            <Current size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('theme.label')}</Menu.Label>
        {OPTIONS.map(({ value, icon: Icon }) => (
          <Menu.Item
            key={value}
            leftSection={<Icon size={16} />}
            onClick={() => setColorScheme(value)}
            fw={colorScheme === value ? 600 : undefined}
            c={colorScheme === value ? 'indigo' : undefined}
            data-testid={`theme-${value}`}
          >
            {t(`theme.${value}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
