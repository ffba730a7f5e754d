/*
 * One customer (CU-1, CU-3, X-4): header with actions, tabs 资料 (info + contacts, hidden in
 * the pool), 跟进 (follow-ups), 商机 (opportunities with win rate), 动态 (timeline), 分配记录
 * (transfers), and the sales module's 报价 / 销售单 / 费用 (CustomerDocsPanel). Route: #/customers?id=<uuid>[&tab=<tab>].
 * Testids: customer-detail, page-title, customer-name, customer-back, customer-edit, customer-claim,
 * customer-release, customer-transfer, customer-delete, customer-vcard, customer-vcard-import,
 * customer-tab-<info|followups|opportunities|timeline|transfers|quotes|orders|expenses>, followup-add, customer-new-quote,
 * opportunity-new, timeline-list. Modals: customer-form, followup-form, opportunity-form,
 * transfer-modal, release-modal, loss-reason-modal.
 */
import { useMemo, useState } from 'react'
import { ActionIcon, Badge, Button, FileButton, Group, Menu, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core'
import { IconAddressBook, IconArrowLeft, IconArrowsExchange, IconBriefcase, IconDots, IconFileDollar, IconFileImport, IconHandGrab, IconMessagePlus, IconPencil, IconSend, IconTrash } from '@tabler/icons-react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import type { CustomerPage } from '../../../../../src-preload/contracts/customers'
import type { OpportunityRow } from '../../../../../src-preload/contracts/followups'
import type { Permission } from '../../../../../src-preload/contracts/permissions'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { ErrorState, LoadingState } from '../../../shared/states'
import { CustomerFormModal } from '../components/CustomerFormModal'
import { CustomerInfoPanel } from '../components/CustomerInfoPanel'
import { FollowupFormModal } from '../components/FollowupFormModal'
import { FollowupsPanel } from '../components/FollowupsPanel'
import { OpportunitiesTable } from '../components/OpportunitiesTable'
import { OpportunityFormModal } from '../components/OpportunityFormModal'
import { ReleaseModal } from '../components/ReleaseModal'
import { TimelineList } from '../components/TimelineList'
import { TransferModal } from '../components/TransferModal'
import { TransfersTable } from '../components/TransfersTable'
import { useMoveStage } from '../components/useMoveStage'
import { downloadFile, readFileInput } from '../lib/files'
import { levelLabel, STATUS_COLORS, statusLabel } from '../lib/labels'
import { usePaged } from '../lib/paging'
import { CUSTOMERS_PATH } from '../lib/paths'
import { useStaff } from '../lib/staff'
import { RecordSyncBadges } from '../../sync/components/RecordSyncBadges'
import { CustomerDocsPanel } from '../../sales/components/CustomerDocsPanel'
import { CUSTOMER_DOC_KINDS, CUSTOMER_DOC_PERMISSION, type CustomerDocKind } from '../../sales/lib/customer-docs'
import { newQuotePath } from '../../sales/lib/paths'

const TABS = ['info', 'followups', 'opportunities', 'timeline', 'transfers'] as const
// 报价 / 销售单 / 费用 tabs come from the sales module (shown with their view permission).
const ALL_TABS: readonly string[] = [...TABS, ...CUSTOMER_DOC_KINDS]
type Tab = (typeof TABS)[number] | CustomerDocKind
type Dialog = { kind: 'edit' } | { kind: 'followup' } | { kind: 'opportunity'; opp: OpportunityRow | null } | { kind: 'transfer' } | { kind: 'release' } | null

/**
 * customers.page, split into its parts; a part nobody asks for (a tab never opened) must not
 * report its failure. `_version`: each version of the page's data is a new request.
 */
function openCustomerPage(id: string, _version: number) {
  const all = api.customers.page({ id })
  const part = <T,>(pick: (p: CustomerPage) => T): Promise<T> => {
    const p = all.then(pick)
    p.catch(() => {})
    return p
  }
  return { customer: part((p) => p.customer), timeline: part((p) => p.timeline), followups: part((p) => p.followups), opportunities: part((p) => p.opportunities) }
}

export function CustomerDetailPage({ id }: { id: string }) {
  const t = useT()
  const session = useSession()
  const notify = useNotify()
  const confirm = useConfirm()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const tab: Tab = ALL_TABS.includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'info'
  const [dialog, setDialog] = useState<Dialog>(null)
  const [version, setVersion] = useState(0)
  const can = (p: Permission) => session.permissions.includes(p)
  const { staff } = useStaff()

  // One call opens the page (customers.page: the customer and the first page of each list);
  // later pages come from each list's own method.
  const opening = useMemo(() => openCustomerPage(id, version), [id, version])
  const customer = useQuery(() => opening.customer, [id, version])
  const levels = useQuery(() => api.customers.listLevels({}), [])
  const fields = useQuery(() => api.customers.listFields({}), [])
  const stages = useQuery(() => api.opportunities.listStages({}), [])
  const opps = usePaged((cursor) => (cursor ? api.opportunities.list({ customerId: id, cursor, limit: 100 }) : opening.opportunities), [id, version])
  const transfers = usePaged((cursor) => api.pool.transfers({ customerId: id, cursor, limit: 100 }), [id, version])
  const changed = () => setVersion((v) => v + 1)
  const { move, modal: lossModal } = useMoveStage(changed)

  const c = customer.data
  if (customer.error && !c) return <ErrorState error={customer.error} onRetry={changed} />
  if (!c) return <LoadingState />

  const inPool = c.ownerId === null
  const isOwner = c.ownerId === session.user.id
  const stageNames = new Map((stages.data ?? []).map((s) => [s.key, s.name]))

  const claim = async () => {
    try {
      const r = await api.pool.claim({ customerId: c.id })
      notify.success(r.status === 'pending' ? 'customers.pool.claimPending' : 'customers.pool.claimed', { name: c.name })
      changed()
    } catch (e) {
      notify.error(e)
    }
  }
  const remove = () => confirm({
    title: t('customers.detail.deleteTitle'), message: t('customers.detail.deleteText', { name: c.name }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { api.customers.remove({ id: c.id }).then(() => { notify.success('customers.detail.deleted', { name: c.name }); void navigate(CUSTOMERS_PATH) }, (e: unknown) => notify.error(e)) },
  })
  const removeOpp = (o: OpportunityRow) => confirm({
    title: t('customers.opportunity.deleteTitle'), message: t('customers.opportunity.deleteText', { name: o.name }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { api.opportunities.remove({ id: o.id }).then(changed, (e: unknown) => notify.error(e)) },
  })
  const vcard = async () => {
    try { downloadFile(await api.customers.exportVcard({ ids: [c.id], version: '3.0' })) } catch (e) { notify.error(e) }
  }
  const importVcard = async (file: File | null) => {
    if (!file) return
    try {
      const r = await api.customers.importVcard({ ...(await readFileInput(file)), customerId: c.id })
      notify.success('customers.import.vcardDone', { contacts: r.contacts, created: r.created, updated: r.updated })
      changed()
    } catch (e) {
      notify.error(e)
    }
  }

  return (
    <Stack gap="md" data-testid="customer-detail">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm" align="center" wrap="nowrap" miw={0}>
          <Tooltip label={t('customers.detail.back')}>
            <ActionIcon component={Link} to={CUSTOMERS_PATH} variant="subtle" size="lg" aria-label={t('customers.detail.back')} data-testid="customer-back"><IconArrowLeft size={20} /></ActionIcon>
          </Tooltip>
          <Stack gap={4} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Title order={2} data-testid="page-title"><span data-testid="customer-name">{c.name}</span></Title>
              {c.level && <Badge variant="light" radius="sm">{levelLabel(levels.data, c.level)}</Badge>}
              <Badge variant="dot" color={STATUS_COLORS[c.status]}>{statusLabel(t, c.status)}</Badge>
              {inPool && <Badge color="orange" variant="light" data-testid="customer-in-pool">{t('customers.pool.inPool')}</Badge>}
              {c.locked && <Badge color="gray" variant="light">{t('customers.detail.locked')}</Badge>}
              <RecordSyncBadges id={c.id} size="sm" />
            </Group>
            <Text size="sm" c="dimmed">{inPool ? t('customers.detail.inPoolSince', { name: c.name }) : t('customers.detail.ownedBy', { name: c.ownerName ?? '' })}</Text>
          </Stack>
        </Group>
        <Group gap="xs">
          {inPool && can('customers.edit') && <Button leftSection={<IconHandGrab size={16} />} onClick={() => { void claim() }} data-testid="customer-claim">{t('customers.pool.claim')}</Button>}
          {!inPool && c.canEdit && <Button leftSection={<IconMessagePlus size={16} />} onClick={() => setDialog({ kind: 'followup' })} data-testid="followup-add">{t('customers.followup.add')}</Button>}
          {!inPool && can('quotes.edit') && <Button variant="light" leftSection={<IconFileDollar size={16} />} onClick={() => { void navigate(newQuotePath(c.id)) }} data-testid="customer-new-quote">{t('sales.customer.newQuote')}</Button>}
          {c.canEdit && <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setDialog({ kind: 'edit' })} data-testid="customer-edit">{t('common.edit')}</Button>}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label={t('common.actions')} data-testid="customer-more"><IconDots size={18} /></ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {!inPool && can('customers.assign') && <Menu.Item leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog({ kind: 'transfer' })} data-testid="customer-transfer">{t('customers.list.bulkTransfer')}</Menu.Item>}
              {!inPool && c.canEdit && (isOwner || can('customers.assign')) && <Menu.Item leftSection={<IconSend size={16} />} onClick={() => setDialog({ kind: 'release' })} data-testid="customer-release">{t('customers.pool.release')}</Menu.Item>}
              {c.contactsVisible && can('customers.export') && <Menu.Item leftSection={<IconAddressBook size={16} />} onClick={() => { void vcard() }} data-testid="customer-vcard">{t('customers.detail.exportVcard')}</Menu.Item>}
              {c.canEdit && can('customers.import') && (
                <FileButton accept=".vcf,text/vcard" onChange={(f) => { void importVcard(f) }}>
                  {(props) => <Menu.Item {...props} closeMenuOnClick={false} leftSection={<IconFileImport size={16} />} data-testid="customer-vcard-import">{t('customers.detail.importVcard')}</Menu.Item>}
                </FileButton>
              )}
              {can('customers.delete') && <><Menu.Divider /><Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove} data-testid="customer-delete">{t('common.delete')}</Menu.Item></>}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <Tabs value={tab} onChange={(v) => setParams((p) => { p.set('tab', v ?? 'info'); return p }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((k) => <Tabs.Tab key={k} value={k} data-testid={`customer-tab-${k}`}>{t(`customers.detail.tabs.${k}`)}</Tabs.Tab>)}
          {CUSTOMER_DOC_KINDS.filter((k) => can(CUSTOMER_DOC_PERMISSION[k])).map((k) => <Tabs.Tab key={k} value={k} data-testid={`customer-tab-${k}`}>{t(`sales.customer.tabs.${k}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="info"><CustomerInfoPanel c={c} levels={levels.data ?? []} fields={fields.data ?? []} /></Tabs.Panel>
        <Tabs.Panel value="followups">
          {!inPool && c.canEdit && (
            <Group justify="flex-end" mb="sm">
              <Button variant="light" leftSection={<IconMessagePlus size={16} />} onClick={() => setDialog({ kind: 'followup' })}>{t('customers.followup.add')}</Button>
            </Group>
          )}
          <FollowupsPanel customerId={c.id} version={version} stageNames={stageNames} first={opening.followups} />
        </Tabs.Panel>
        <Tabs.Panel value="opportunities">
          {!inPool && c.canEdit && (
            <Group justify="flex-end" mb="sm">
              <Button variant="light" leftSection={<IconBriefcase size={16} />} onClick={() => setDialog({ kind: 'opportunity', opp: null })} data-testid="opportunity-new">{t('customers.opportunity.new')}</Button>
            </Group>
          )}
          {opps.error && <ErrorState error={opps.error} onRetry={opps.reload} />}
          {opps.items.length === 0 && !opps.loading
            ? <Text size="sm" c="dimmed" ta="center" py="xl" data-testid="opportunities-empty">{t('customers.opportunity.empty')}</Text>
            : <OpportunitiesTable items={opps.items} stages={stages.data ?? []}
                onEdit={c.canEdit ? (o) => setDialog({ kind: 'opportunity', opp: o }) : undefined}
                onMove={c.canEdit ? move : undefined} onRemove={c.canEdit ? removeOpp : undefined} />}
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <TimelineList fetchPage={(cursor) => (cursor ? api.timeline.customer({ customerId: c.id, cursor, limit: 50 }) : opening.timeline)} deps={[c.id, version]} />
        </Tabs.Panel>
        <Tabs.Panel value="transfers"><TransfersTable page={transfers} /></Tabs.Panel>
        {CUSTOMER_DOC_KINDS.filter((k) => can(CUSTOMER_DOC_PERMISSION[k])).map((k) => <Tabs.Panel key={k} value={k}><CustomerDocsPanel kind={k} customerId={c.id} /></Tabs.Panel>)}
      </Tabs>

      {dialog?.kind === 'edit' && (
        <CustomerFormModal customer={c} levels={levels.data ?? []} fields={fields.data ?? []} staff={staff} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); changed() }} />
      )}
      {dialog?.kind === 'followup' && (
        <FollowupFormModal customerId={c.id} contacts={c.contacts} opportunities={opps.items} stages={stages.data ?? []}
          onClose={() => setDialog(null)} onSaved={() => { setDialog(null); changed() }} />
      )}
      {dialog?.kind === 'opportunity' && (
        <OpportunityFormModal opportunity={dialog.opp} customerId={c.id} stages={stages.data ?? []} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); changed() }} />
      )}
      {dialog?.kind === 'transfer' && <TransferModal customerIds={[c.id]} count={1} staff={staff} onClose={() => setDialog(null)} onDone={() => { setDialog(null); changed() }} />}
      {dialog?.kind === 'release' && <ReleaseModal customerIds={[c.id]} onClose={() => setDialog(null)} onDone={() => { setDialog(null); changed() }} />}
      {lossModal}
    </Stack>
  )
}
