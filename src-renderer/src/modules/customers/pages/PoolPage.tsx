/*
 * 公海 customer pool: customers nobody owns (contact details hidden until claimed), claim
 * within the daily cap (offline claims stay pending until sync confirms), my claims with
 * their outcome, and the rules (administrators, system.settings) with "run sweep now".
 * Testids: page-title, pool-tab-<list|claims|rules>, pool-search, pool-list, pool-row-<id>,
 * pool-claim-<id>, pool-pending-<id>, claims-list, claim-row-<id>, pool-rules, rule-<name>,
 * pool-rules-save, pool-sweep.
 */
import { useState } from 'react'
import { Anchor, Badge, Button, Card, Center, Group, Table, Tabs, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconHandGrab, IconSearch } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { ClaimRow, PoolItem } from '../../../../../src-preload/contracts/pool'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { isMessageKey, useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { PoolRulesForm } from '../components/PoolRulesForm'
import { claimReasonParams } from '../lib/claim-reason'
import { levelLabel } from '../lib/labels'
import { usePaged, type Paged } from '../lib/paging'
import { customerPath } from '../lib/paths'

const CLAIM_COLORS: Record<ClaimRow['status'], string> = { pending: 'yellow', confirmed: 'teal', rejected: 'red' }

/** Pool customers open only for an 'all' data scope (main's rule); others see the row alone. */
function PoolList({ canClaim, canOpen }: { canClaim: boolean; canOpen: boolean }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const [claiming, setClaiming] = useState<string | null>(null)
  const list = usePaged((cursor) => api.pool.list({ search: q || undefined, cursor, limit: 100 }), [q])
  const levels = useQuery(() => api.customers.listLevels({}), [])

  const claim = async (c: PoolItem) => {
    setClaiming(c.id)
    try {
      const r = await api.pool.claim({ customerId: c.id })
      if (r.status === 'pending') {
        notify.success('customers.pool.claimPending', { name: c.name })
        list.update((items) => items.map((x) => (x.id === c.id ? { ...x, claimStatus: 'pending' } : x)))
      } else {
        notify.success('customers.pool.claimed', { name: c.name })
        list.update((items) => items.filter((x) => x.id !== c.id))
      }
    } catch (e) {
      notify.error(e)
    } finally {
      setClaiming(null)
    }
  }

  return (
    <Card withBorder radius="md" padding={0}>
      <Group p="md">
        <TextInput placeholder={t('customers.pool.searchPlaceholder')} leftSection={<IconSearch size={16} />} w={300} value={search}
          onChange={(e) => setSearch(e.currentTarget.value)} aria-label={t('common.search')} data-testid="pool-search" />
        <Text size="sm" c="dimmed">{t('customers.pool.hiddenHint')}</Text>
      </Group>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.loading && list.items.length === 0 && <LoadingState />}
      {!list.loading && list.items.length === 0 && <Empty testId="pool-empty" title={t('customers.pool.empty')} description={t('customers.pool.emptyHint')} />}
      {list.items.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="pool-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.fields.name')}</Table.Th>
                <Table.Th>{t('customers.fields.level')}</Table.Th>
                <Table.Th>{t('customers.fields.category')}</Table.Th>
                <Table.Th>{t('customers.fields.region')}</Table.Th>
                <Table.Th>{t('customers.pool.releasedAt')}</Table.Th>
                <Table.Th>{t('customers.pool.previousOwner')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id} data-testid={`pool-row-${c.id}`}>
                  <Table.Td>{canOpen ? <Anchor component={Link} to={customerPath(c.id)} size="sm" fw={600}>{c.name}</Anchor> : <Text size="sm" fw={600}>{c.name}</Text>}</Table.Td>
                  <Table.Td>{levelLabel(levels.data, c.level)}</Table.Td>
                  <Table.Td>{c.category}</Table.Td>
                  <Table.Td>{[c.province, c.city].filter(Boolean).join(' ')}</Table.Td>
                  <Table.Td><Text size="sm">{c.releasedAt ? fmt.dateTime(c.releasedAt) : '—'}</Text></Table.Td>
                  <Table.Td>{c.previousOwnerName ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    {c.claimStatus === 'pending'
                      ? <Badge color="yellow" variant="light" data-testid={`pool-pending-${c.id}`}>{t('customers.claims.status.pending')}</Badge>
                      : canClaim && (
                        <Button size="xs" variant="light" leftSection={<IconHandGrab size={14} />} loading={claiming === c.id} onClick={() => { void claim(c) }} data-testid={`pool-claim-${c.id}`}>
                          {t('customers.pool.claim')}
                        </Button>
                      )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasMore && <Center p="sm"><Button variant="subtle" loading={list.loadingMore} onClick={list.loadMore}>{t('customers.timelineUi.loadMore')}</Button></Center>}
    </Card>
  )
}

function ClaimsList({ page }: { page: Paged<ClaimRow> }) {
  const { t, fmt } = useI18n()
  const needsRules = page.items.some((c) => c.reasonKey && c.reasonKey !== 'errors.claimLost')
  const rules = useQuery(() => (needsRules ? api.pool.getRules({}) : Promise.resolve(null)), [needsRules])
  if (page.error && page.items.length === 0) return <ErrorState error={page.error} onRetry={page.reload} />
  if (page.loading && page.items.length === 0) return <LoadingState />
  if (page.items.length === 0) return <Empty testId="claims-empty" title={t('customers.claims.empty')} />
  return (
    <Card withBorder radius="md" padding={0}>
      <Table verticalSpacing="sm" data-testid="claims-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.fields.name')}</Table.Th>
            <Table.Th>{t('customers.claims.claimedAt')}</Table.Th>
            <Table.Th>{t('customers.claims.statusLabel')}</Table.Th>
            <Table.Th>{t('customers.claims.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.items.map((c) => (
            <Table.Tr key={c.id} data-testid={`claim-row-${c.id}`}>
              <Table.Td><Anchor component={Link} to={customerPath(c.customerId)} size="sm">{c.customerName}</Anchor></Table.Td>
              <Table.Td>{fmt.dateTime(c.claimedAt)}</Table.Td>
              <Table.Td><Badge color={CLAIM_COLORS[c.status]} variant="light">{t(`customers.claims.status.${c.status}`)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{c.reasonKey ? (isMessageKey(c.reasonKey) ? t(c.reasonKey, claimReasonParams(c.reasonKey, rules.data ?? null)) : c.reasonKey) : ''}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {page.hasMore && <Center p="sm"><Button variant="subtle" loading={page.loadingMore} onClick={page.loadMore}>{t('customers.timelineUi.loadMore')}</Button></Center>}
    </Card>
  )
}

export default function PoolPage() {
  const { t } = useI18n()
  const session = useSession()
  const [tab, setTab] = useState<string>('list')
  const claims = usePaged((cursor) => api.pool.myClaims({ cursor, limit: 100 }), [tab === 'claims'])
  const isAdmin = session.permissions.includes('system.settings')

  return (
    <>
      <PageHeader title={t('customers.pool.title')} subtitle={t('customers.pool.subtitle')} />
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'list')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="list" data-testid="pool-tab-list">{t('customers.pool.tabList')}</Tabs.Tab>
          <Tabs.Tab value="claims" data-testid="pool-tab-claims">{t('customers.pool.tabClaims')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="rules" data-testid="pool-tab-rules">{t('customers.pool.tabRules')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="list"><PoolList canClaim={session.permissions.includes('customers.edit')} canOpen={session.scopes.customers === 'all'} /></Tabs.Panel>
        <Tabs.Panel value="claims"><ClaimsList page={claims} /></Tabs.Panel>
        {isAdmin && <Tabs.Panel value="rules"><PoolRulesForm /></Tabs.Panel>}
      </Tabs>
    </>
  )
}
