/*
 * 提醒 reminders: next-step reminders from follow-ups and own ones; pending / done;
 * late ones (came due while the app was closed) and overdue ones marked; snooze with presets,
 * done. Follows 'reminder.due' and 'data.changed' to stay current (the shell shows the
 * notification itself).
 * Testids: page-title, reminders-status (pending | done | all), reminders-due-count,
 * reminder-new, reminders-list, reminder-<id> (data-late, data-overdue), reminder-done-<id>,
 * reminder-snooze-<id>, snooze-<preset> (15m, 1h, 3h, tomorrow, nextWeek), reminder-form,
 * reminder-title, reminder-due, reminder-body, reminder-save.
 */
import { useState } from 'react'
import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Modal, SegmentedControl, Stack, Text, Textarea, TextInput, ThemeIcon, Tooltip } from '@mantine/core'
import { IconAlarm, IconAlarmSnooze, IconBell, IconCheck, IconPlus } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ReminderRow } from '../../../../../src-preload/contracts/reminders'
import { api, useEvent, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { customerPath } from '../lib/paths'
import { fromLocalInput, HOUR_MS, SNOOZE_PRESETS, snoozeUntil, toLocalInput } from '../lib/time'

type Status = 'pending' | 'done' | 'all'

function NewReminderModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [title, setTitle] = useState('')
  const [due, setDue] = useState(() => toLocalInput(Date.now() + HOUR_MS))
  const [body, setBody] = useState('')
  const [touched, setTouched] = useState(false)
  const [pending, setPending] = useState(false)
  const dueAt = fromLocalInput(due)

  const save = async () => {
    setTouched(true)
    if (!title.trim() || dueAt === null) return
    setPending(true)
    try {
      await api.reminders.create({ title: title.trim(), dueAt, ...(body.trim() ? { body: body.trim() } : {}) })
      notify.success('customers.reminders.created')
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('customers.reminders.new')} data-testid="reminder-form">
      <form onSubmit={(e) => { e.preventDefault(); void save() }} noValidate>
        <Stack>
          <TextInput label={t('customers.reminders.titleLabel')} withAsterisk autoFocus maxLength={100} value={title} onChange={(e) => setTitle(e.currentTarget.value)}
            error={touched && !title.trim() ? t('validation.required') : undefined} data-testid="reminder-title" />
          <TextInput label={t('customers.reminders.dueAt')} withAsterisk type="datetime-local" value={due} onChange={(e) => setDue(e.currentTarget.value)}
            error={touched && dueAt === null ? t('validation.required') : undefined} data-testid="reminder-due" />
          <Textarea label={t('customers.reminders.body')} autosize minRows={2} maxLength={500} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="reminder-body" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="reminder-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function ReminderItem({ r, now, onDone, onSnooze }: { r: ReminderRow; now: number; onDone: () => void; onSnooze: (until: number) => void }) {
  const { t, fmt } = useI18n()
  const snoozed = r.status === 'pending' && r.snoozedUntil !== null && r.snoozedUntil > now
  // A snoozed reminder is due again only when the snooze ends.
  const dueAt = snoozed ? r.snoozedUntil! : r.dueAt
  const overdue = r.status === 'pending' && dueAt <= now
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`reminder-${r.id}`} data-late={r.late || undefined} data-overdue={overdue || undefined}
      style={overdue ? { borderLeft: '3px solid var(--mantine-color-orange-6)' } : undefined}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" miw={0}>
          <ThemeIcon variant="light" radius="xl" color={r.status === 'done' ? 'gray' : overdue ? 'orange' : 'indigo'}>{r.status === 'done' ? <IconCheck size={16} /> : <IconAlarm size={16} />}</ThemeIcon>
          <Stack gap={2} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600} size="sm" td={r.status === 'done' ? 'line-through' : undefined}>{r.title}</Text>
              {r.late && r.status === 'pending' && <Badge size="sm" color="red" variant="light">{t('customers.reminders.late')}</Badge>}
              {overdue && !r.late && <Badge size="sm" color="orange" variant="light">{t('customers.reminders.overdue')}</Badge>}
              {snoozed && <Badge size="sm" color="gray" variant="light">{t('customers.reminders.snoozedUntil', { at: fmt.dateTime(r.snoozedUntil!) })}</Badge>}
            </Group>
            {r.body && <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Text>}
            <Group gap="xs">
              <Text size="xs" c="dimmed">{t('customers.reminders.dueLabel', { at: fmt.dateTime(r.dueAt) })}</Text>
              {r.status === 'pending' && <Text size="xs" c={overdue ? 'orange' : 'dimmed'}>({fmt.relative(dueAt, now)})</Text>}
              {r.customerId && <Anchor component={Link} to={customerPath(r.customerId)} size="xs">{r.customerName ?? t('customers.reminders.customer')}</Anchor>}
            </Group>
          </Stack>
        </Group>
        {r.status === 'pending' && (
          <Group gap={4} wrap="nowrap">
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" aria-label={t('customers.reminders.snooze')} title={t('customers.reminders.snooze')} data-testid={`reminder-snooze-${r.id}`}><IconAlarmSnooze size={18} /></ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('customers.reminders.snooze')}</Menu.Label>
                {SNOOZE_PRESETS.map((p) => <Menu.Item key={p} onClick={() => onSnooze(snoozeUntil(p, Date.now()))} data-testid={`snooze-${p}`}>{t(`customers.reminders.presets.${p}`)}</Menu.Item>)}
              </Menu.Dropdown>
            </Menu>
            <Tooltip label={t('customers.reminders.done')}>
              <ActionIcon variant="light" color="teal" aria-label={t('customers.reminders.done')} onClick={onDone} data-testid={`reminder-done-${r.id}`}><IconCheck size={18} /></ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
    </Card>
  )
}

export default function RemindersPage() {
  const { t } = useI18n()
  const notify = useNotify()
  const [status, setStatus] = useState<Status>('pending')
  const [creating, setCreating] = useState(false)
  const list = useQuery(() => api.reminders.list({ status, limit: 500 }), [status])
  const due = useQuery(() => api.reminders.dueCount({}), [])
  const [now, setNow] = useState(() => Date.now())
  const refresh = () => { setNow(Date.now()); list.reload(); due.reload() }

  useEvent('reminder.due', refresh)
  useEvent('data.changed', (p) => { if (p.tables.some((x) => x.includes('reminder'))) refresh() })

  const act = async (fn: () => Promise<unknown>, key: 'customers.reminders.doneOk' | 'customers.reminders.snoozed') => {
    try {
      await fn()
      notify.success(key)
      refresh()
    } catch (e) {
      notify.error(e)
    }
  }

  const items = list.data ?? []
  return (
    <>
      <PageHeader
        title={t('customers.reminders.title')}
        subtitle={t('customers.reminders.subtitle')}
        actions={
          <>
            {due.data && due.data.due > 0 && <Badge size="lg" color="orange" leftSection={<IconBell size={14} />} data-testid="reminders-due-count">{t('customers.reminders.dueCount', { count: due.data.due })}</Badge>}
            <SegmentedControl value={status} onChange={(v) => setStatus(v as Status)} data-testid="reminders-status"
              data={(['pending', 'done', 'all'] as const).map((s) => ({ value: s, label: t(`customers.reminders.status.${s}`) }))} />
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="reminder-new">{t('customers.reminders.new')}</Button>
          </>
        }
      />
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <LoadingState />}
      <Stack gap="sm" data-testid="reminders-list">
        {list.data && items.length === 0 && <Empty testId="reminders-empty" title={t('customers.reminders.empty')} description={t('customers.reminders.emptyHint')} />}
        {items.map((r) => (
          <ReminderItem key={r.id} r={r} now={now}
            onDone={() => { void act(() => api.reminders.done({ id: r.id }), 'customers.reminders.doneOk') }}
            onSnooze={(until) => { void act(() => api.reminders.snooze({ id: r.id, until }), 'customers.reminders.snoozed') }} />
        ))}
      </Stack>
      {creating && <NewReminderModal onClose={() => setCreating(false)} onSaved={() => { setCreating(false); refresh() }} />}
    </>
  )
}
