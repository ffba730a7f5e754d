/*
 * 演示数据 on the dashboard: an offer to load the demo company when the device has no
 * customers (administrators only), and while demo data is present a badge and a way to
 * remove it. Testids: demo-offer, demo-load, demo-loading, demo-present, demo-badge, demo-remove.
 */
import { Alert, Badge, Button, Card, Group, Loader, Text, Title } from '@mantine/core'
import { IconFlask } from '@tabler/icons-react'
import { useCallback } from 'react'
import { api, useMutation, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'

export function DemoDataCard({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n()
  const confirm = useConfirm()
  const notify = useNotify()
  const status = useQuery(() => api.system.demoStatus({}), [])
  const done = useCallback(() => { status.reload(); onChanged?.() }, [status, onChanged])
  const load = useMutation(() => api.system.loadDemoData({}), {
    onSuccess: (r) => { notify.success('dashboard.demo.loaded', { customers: r.customers, followups: r.followups }); done() },
    onError: (e) => notify.error(e),
  })
  const remove = useMutation(() => api.system.removeDemoData({}), {
    onSuccess: (r) => { notify.success('dashboard.demo.removed', { removed: r.removed, kept: r.kept }); done() },
    onError: (e) => notify.error(e),
  })
  const s = status.data
  if (!s || (!s.present && !s.canLoad)) return null

  if (s.present) {
    return (
      <Alert color="grape" variant="light" radius="md" mb="lg" icon={<IconFlask size={20} />} data-testid="demo-present"
        title={<Group gap="xs">{t('dashboard.demo.presentTitle')}<Badge color="grape" variant="filled" data-testid="demo-badge">{t('dashboard.demo.badge')}</Badge></Group>}>
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Text size="sm" maw={720}>{t('dashboard.demo.presentText')}</Text>
          {s.canRemove && (
            <Button color="red" variant="light" loading={remove.pending} data-testid="demo-remove"
              onClick={() => confirm({ title: t('dashboard.demo.confirmRemoveTitle'), message: t('dashboard.demo.confirmRemoveText'), confirmLabel: t('dashboard.demo.remove'), danger: true, onConfirm: () => void remove.mutate(undefined) })}>
              {t('dashboard.demo.remove')}
            </Button>
          )}
        </Group>
      </Alert>
    )
  }
  return (
    <Card withBorder radius="md" padding="lg" mb="lg" data-testid="demo-offer">
      <Group justify="space-between" align="center" wrap="wrap" gap="md">
        <div style={{ flex: 1, minWidth: 260 }}>
          <Group gap="xs" mb={4}><IconFlask size={20} /><Title order={4}>{t('dashboard.demo.offerTitle')}</Title></Group>
          <Text size="sm" c="dimmed">{t('dashboard.demo.offerText')}</Text>
        </div>
        {load.pending
          ? <Group gap="xs" data-testid="demo-loading"><Loader size="sm" /><Text size="sm">{t('dashboard.demo.loading')}</Text></Group>
          : (
            <Button data-testid="demo-load" leftSection={<IconFlask size={16} />}
              onClick={() => confirm({ title: t('dashboard.demo.confirmLoadTitle'), message: t('dashboard.demo.confirmLoadText'), confirmLabel: t('dashboard.demo.load'), onConfirm: () => void load.mutate(undefined) })}>
              {t('dashboard.demo.load')}
            </Button>
          )}
      </Group>
    </Card>
  )
}
