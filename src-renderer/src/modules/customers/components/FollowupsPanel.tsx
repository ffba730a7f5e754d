import { Badge, Button, Card, Center, Group, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconCalendarEvent, IconMail, IconMessage, IconMessageCircle, IconPhone, IconWalk, type TablerIcon } from '@tabler/icons-react'
import type { Page } from '../../../../../src-preload/contracts/define'
import type { FollowupRow, FollowupType } from '../../../../../src-preload/contracts/followups'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { joinParts } from '../../../shared/text'
import { followupTypeLabel, stageName } from '../lib/labels'
import { usePaged } from '../lib/paging'

export const FOLLOWUP_TYPE_ICONS: Record<FollowupType, TablerIcon> = { call: IconPhone, visit: IconWalk, email: IconMail, sms: IconMessage, wechat: IconMessageCircle, event: IconCalendarEvent }

/** 跟进 tab: the customer's follow-ups, newest first. Testids: followups-list, followup-item. */
/** `first`: the first page when the caller already has it (customers.page); later pages are fetched. */
export function FollowupsPanel({ customerId, version, stageNames, first }: { customerId: string; version: number; stageNames: ReadonlyMap<string, string>; first?: Promise<Page<FollowupRow>> }) {
  const { t, fmt } = useI18n()
  const list = usePaged((cursor) => (cursor || !first ? api.followups.list({ customerId, cursor, limit: 50 }) : first), [customerId, version])

  if (list.error && list.items.length === 0) return <ErrorState error={list.error} onRetry={list.reload} />
  if (list.loading && list.items.length === 0) return <LoadingState />
  if (list.items.length === 0) return <Empty testId="followups-empty" title={t('customers.followup.empty')} description={t('customers.followup.emptyHint')} />

  return (
    <Stack gap="sm" data-testid="followups-list">
      {list.items.map((f) => {
        const Icon = FOLLOWUP_TYPE_ICONS[f.type]
        return (
          <Card key={f.id} withBorder radius="md" padding="sm" data-testid="followup-item">
            <Group align="flex-start" wrap="nowrap" gap="sm">
              <ThemeIcon variant="light" radius="xl" size={32}><Icon size={18} /></ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>{followupTypeLabel(t, f.type)}</Text>
                  <Text size="xs" c="dimmed">{joinParts(fmt.dateTime(f.at), f.ownerName, f.contactName)}</Text>
                  {f.opportunityName && <Badge size="sm" variant="light" color="grape">{joinParts(f.opportunityName, f.stage ? stageName(t, stageNames.get(f.stage) ?? f.stage) : null)}</Badge>}
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{f.content}</Text>
                {(f.nextStep || f.nextAt) && (
                  <Text size="xs" c="indigo">
                    {f.nextAt ? t('customers.timelineUi.nextStepAt', { step: f.nextStep ?? '', at: fmt.dateTime(f.nextAt) }) : t('customers.timelineUi.nextStep', { step: f.nextStep ?? '' })}
                  </Text>
                )}
              </Stack>
            </Group>
          </Card>
        )
      })}
      {list.hasMore && <Center><Button variant="subtle" loading={list.loadingMore} onClick={list.loadMore}>{t('customers.timelineUi.loadMore')}</Button></Center>}
    </Stack>
  )
}
