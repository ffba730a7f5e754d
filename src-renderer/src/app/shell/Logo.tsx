import { Group, Text, ThemeIcon } from '@mantine/core'
import { useT } from '../i18n'

/** The 莱邦 word mark: a square mark with the first character and the name beside it. */
export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const t = useT()
  const big = size === 'lg'
  return (
    <Group gap="xs" wrap="nowrap" data-testid="logo">
      <ThemeIcon size={big ? 44 : 34} radius="md" variant="gradient" gradient={{ from: 'indigo.7', to: 'cyan.6', deg: 135 }} aria-hidden>
        <Text fw={800} fz={big ? 22 : 18} c="white" lh={1}>{t('app.name').slice(0, 1)}</Text>
      </ThemeIcon>
      <div>
        <Text fw={800} fz={big ? 24 : 20} lh={1.1} style={{ letterSpacing: 2 }}>{t('app.name')}</Text>
        <Text fz="xs" c="dimmed" lh={1.1} style={{ letterSpacing: 1 }}>{t('app.latin')}</Text>
      </div>
    </Group>
  )
}
