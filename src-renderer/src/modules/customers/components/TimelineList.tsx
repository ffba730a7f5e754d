import { Anchor, Button, Center, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core'
import {
  IconArrowsExchange, IconBriefcase, IconCalendarEvent, IconFileImport, IconGitMerge, IconMail, IconMessage, IconMessageCircle,
  IconPencil, IconPhone, IconPoint, IconUserPlus, IconWalk, type TablerIcon,
} from '@tabler/icons-react'
import { Link } from 'react-router'
import type { Page } from '../../../../../src-preload/contracts/define'
import type { TimelineEntry } from '../../../../../src-preload/contracts/timeline'
import { useI18n } from '../../../app/i18n'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { timelineDetails, timelineText } from '../lib/labels'
import { usePaged } from '../lib/paging'
import { customerPath } from '../lib/paths'

const FOLLOWUP_ICONS: Record<string, TablerIcon> = { call: IconPhone, visit: IconWalk, email: IconMail, sms: IconMessage, wechat: IconMessageCircle, event: IconCalendarEvent }
const KIND_ICONS: Record<string, TablerIcon> = {
  opportunity: IconBriefcase, transfer: IconArrowsExchange, release: IconArrowsExchange, claim: IconUserPlus, reclaim: IconArrowsExchange,
  edit: IconPencil, merge: IconGitMerge, import: IconFileImport,
}
const KIND_COLORS: Record<string, string> = { followup: 'indigo', opportunity: 'grape', transfer: 'orange', release: 'orange', claim: 'teal', reclaim: 'orange', edit: 'gray', merge: 'red' }

function entryIcon(e: TimelineEntry): TablerIcon {
  if (e.kind === 'followup') return FOLLOWUP_ICONS[String(e.params.type)] ?? IconPhone
  return KIND_ICONS[e.kind] ?? IconPoint
}

/**
 * The activity timeline (X-4), newest first, with keyset "load more". Each entry's sentence
 * comes from its summaryKey (unknown keys get a generic sentence, so later modules' entries
 * still show). Testids: timeline-list, timeline-entry (data-kind), timeline-more.
 */
export function TimelineList({ fetchPage, deps, showCustomer }: { fetchPage: (cursor: string | null) => Promise<Page<TimelineEntry>>; deps: readonly unknown[]; showCustomer?: boolean }) {
  const { t, fmt } = useI18n()
  const page = usePaged(fetchPage, deps)

  if (page.error && page.items.length === 0) return <ErrorState error={page.error} onRetry={page.reload} />
  if (page.loading && page.items.length === 0) return <LoadingState />
  if (page.items.length === 0) return <Empty testId="timeline-empty" title={t('customers.timelineUi.empty')} />

  return (
    <Stack gap="md" data-testid="timeline-list">
      <Timeline bulletSize={28} lineWidth={2}>
        {page.items.map((e) => {
          const Icon = entryIcon(e)
          const details = timelineDetails(t, fmt, e)
          return (
            <Timeline.Item key={e.id} data-testid="timeline-entry" data-kind={e.kind}
              bullet={<ThemeIcon size={28} radius="xl" variant="light" color={KIND_COLORS[e.kind] ?? 'gray'}><Icon size={16} /></ThemeIcon>}
              title={<Text size="sm" fw={600}>{timelineText(t, fmt, e)}</Text>}>
              <Group gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">{fmt.dateTime(e.at)}</Text>
                {e.actorName && <Text size="xs" c="dimmed">· {e.actorName}</Text>}
                {showCustomer && e.customerId && e.customerName && (
                  <Anchor component={Link} to={customerPath(e.customerId)} size="xs">· {e.customerName}</Anchor>
                )}
              </Group>
              {e.body && <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{e.body}</Text>}
              {details.map((d) => <Text key={d} size="xs" c="dimmed" mt={2}>{d}</Text>)}
            </Timeline.Item>
          )
        })}
      </Timeline>
      {page.hasMore && (
        <Center>
          <Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore} data-testid="timeline-more">{t('customers.timelineUi.loadMore')}</Button>
        </Center>
      )}
    </Stack>
  )
}
