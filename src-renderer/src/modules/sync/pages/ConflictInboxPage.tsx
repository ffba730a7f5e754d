/*
 * 冲突处理 (issue 4): the conflict inbox (base / mine / theirs per field, restored records)
 * and 同步被拒 (changes the server refused, with retry and discard) as its second tab.
 * ?tab=rejected opens the second tab; ?record=<id> highlights (and for a conflict opens) the
 * entries of one record, as the record's 冲突 / 被拒 badge links here.
 * Testids: page-title, inbox-tab-conflicts, inbox-tab-rejected (each with a count badge
 * inbox-count-<tab>), and those of ConflictsPanel and RejectedPanel.
 */
import { useState } from 'react'
import { Badge, Tabs } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { ConflictsPanel } from '../components/ConflictsPanel'
import { RejectedPanel } from '../components/RejectedPanel'
import { useSyncStatus } from '../lib/status'

type Tab = 'conflicts' | 'rejected'

export default function ConflictInboxPage() {
  const { t, fmt } = useI18n()
  const [params, setParams] = useSearchParams()
  const tab: Tab = params.get('tab') === 'rejected' ? 'rejected' : 'conflicts'
  const record = params.get('record')
  const status = useSyncStatus()
  // Counts and lists move together: a change in the counts (sync brought a conflict) reloads.
  const [version, setVersion] = useState(0)
  const key = `${status.conflicts}:${status.rejected}:${version}`

  const count = (n: number, testId: string) => n > 0 ? <Badge size="sm" circle={n < 10} color="red" variant="filled" data-testid={testId}>{fmt.number(n)}</Badge> : null
  return (
    <>
      <PageHeader title={t('sync.inbox.title')} subtitle={t('sync.inbox.subtitle')} />
      <Tabs value={tab} keepMounted={false} onChange={(v) => setParams(v === 'rejected' ? { tab: 'rejected' } : {})}>
        <Tabs.List mb="md">
          <Tabs.Tab value="conflicts" rightSection={count(status.conflicts, 'inbox-count-conflicts')} data-testid="inbox-tab-conflicts">{t('sync.inbox.tabConflicts')}</Tabs.Tab>
          <Tabs.Tab value="rejected" rightSection={count(status.rejected, 'inbox-count-rejected')} data-testid="inbox-tab-rejected">{t('sync.inbox.tabRejected')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="conflicts"><ConflictsPanel focusRecord={record} version={key} onChanged={() => setVersion((v) => v + 1)} /></Tabs.Panel>
        <Tabs.Panel value="rejected"><RejectedPanel focusRecord={record} version={key} onChanged={() => setVersion((v) => v + 1)} /></Tabs.Panel>
      </Tabs>
    </>
  )
}
