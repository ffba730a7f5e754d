/*
 * 销售动态: "what did my people do this week" — a manager picks a salesperson (within
 * their customers data scope; everyone may see their own) and a week, and reads that person's
 * timeline across customers.
 * Testids: page-title, activity-user, activity-prev-week, activity-next-week,
 * activity-this-week, activity-week, timeline-list, timeline-entry.
 */
import { useState } from 'react'
import { ActionIcon, Alert, Button, Card, Group, Select, Text, Tooltip } from '@mantine/core'
import { IconChevronLeft, IconChevronRight, IconInfoCircle } from '@tabler/icons-react'
import { api } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { TimelineList } from '../components/TimelineList'
import { staffOptions, useStaff } from '../lib/staff'
import { addDays, startOfWeek } from '../lib/time'

export default function ActivityPage() {
  const { t, fmt } = useI18n()
  const session = useSession()
  const { staff, complete } = useStaff()
  const [userId, setUserId] = useState<string>(session.user.id)
  const [thisWeek] = useState(() => startOfWeek(new Date()).getTime())
  const [weekStart, setWeekStart] = useState(thisWeek)
  const from = weekStart
  const to = addDays(new Date(weekStart), 7).getTime() - 1

  return (
    <>
      <PageHeader
        title={t('customers.activity.title')}
        subtitle={t('customers.activity.subtitle')}
        actions={
          <Group gap="xs">
            <Select w={200} searchable allowDeselect={false} data={staffOptions(staff, session.user.id, t('customers.common.me'))} value={userId}
              onChange={(v) => { if (v) setUserId(v) }} aria-label={t('customers.activity.person')} data-testid="activity-user" />
            <Tooltip label={t('customers.activity.prevWeek')}>
              <ActionIcon variant="default" size="lg" aria-label={t('customers.activity.prevWeek')} onClick={() => setWeekStart(addDays(new Date(weekStart), -7).getTime())} data-testid="activity-prev-week"><IconChevronLeft size={18} /></ActionIcon>
            </Tooltip>
            <Text size="sm" fw={600} miw={190} ta="center" data-testid="activity-week">{t('customers.activity.week', { from: fmt.date(from), to: fmt.date(to) })}</Text>
            <Tooltip label={t('customers.activity.nextWeek')}>
              <ActionIcon variant="default" size="lg" aria-label={t('customers.activity.nextWeek')} disabled={weekStart >= thisWeek} onClick={() => setWeekStart(addDays(new Date(weekStart), 7).getTime())} data-testid="activity-next-week"><IconChevronRight size={18} /></ActionIcon>
            </Tooltip>
            {weekStart !== thisWeek && <Button variant="subtle" onClick={() => setWeekStart(thisWeek)} data-testid="activity-this-week">{t('customers.activity.thisWeek')}</Button>}
          </Group>
        }
      />
      {!complete && <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />} mb="md">{t('customers.assign.partialStaff')}</Alert>}
      <Card withBorder radius="md">
        <TimelineList showCustomer fetchPage={(cursor) => api.timeline.user({ userId, from, to, cursor, limit: 100 })} deps={[userId, from, to]} />
      </Card>
    </>
  )
}
