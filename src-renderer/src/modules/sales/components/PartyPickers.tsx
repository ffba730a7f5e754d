import { Grid, Select, Text } from '@mantine/core'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { stageName } from '../../customers/lib/labels'

export interface Parties { contactId: string | null; opportunityId: string | null; salespersonId: string | null }

/**
 * The people and deal a document is for: the customer's contact, an open opportunity of the
 * customer (quotes; accepting the quote wins it) and the salesperson credited (orders: the
 * people main lets the caller credit, self first). Main checks all three again.
 * Testids: doc-contact, doc-opportunity, doc-salesperson.
 */
export function PartyPickers({ customerId, value, onChange, opportunity, salesperson }: {
  customerId: string | null; value: Parties; onChange: (next: Parties) => void; opportunity: boolean; salesperson: boolean
}) {
  const { t } = useI18n()
  const session = useSession()
  const customer = useQuery(() => (customerId ? api.customers.get({ id: customerId }) : Promise.resolve(null)), [customerId])
  const opps = useQuery(() => (opportunity && customerId ? api.opportunities.list({ customerId, limit: 100 }) : Promise.resolve(null)), [customerId, opportunity])
  const people = useQuery(() => (salesperson ? api.sales.listSalespeople({}) : Promise.resolve(null)), [salesperson])

  const contacts = (customer.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }))
  // Open opportunities, plus the one already linked (it may have moved on since).
  const openOpps = (opps.data?.items ?? []).filter((o) => o.stageKind === 'open' || o.id === value.opportunityId)
    .map((o) => ({ value: o.id, label: `${o.name} · ${stageName(t, o.stageName)}` }))
  const staff = (people.data ?? []).map((u) => ({ value: u.id, label: u.id === session.user.id ? `${u.name} (${t('sales.editor.self')})` : u.name }))

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Select label={t('sales.fields.contact')} placeholder={t('sales.editor.pickContact')} clearable searchable disabled={!customerId}
          data={contacts} value={value.contactId} onChange={(v) => onChange({ ...value, contactId: v })}
          nothingFoundMessage={t('sales.editor.noContacts')} data-testid="doc-contact" />
      </Grid.Col>
      {opportunity && (
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select label={t('sales.fields.opportunity')} placeholder={t('sales.editor.pickOpportunity')} clearable searchable disabled={!customerId}
            data={openOpps} value={value.opportunityId} onChange={(v) => onChange({ ...value, opportunityId: v })}
            nothingFoundMessage={t('sales.editor.noOpportunities')} data-testid="doc-opportunity" />
          {value.opportunityId && <Text size="xs" c="dimmed" mt={4}>{t('sales.editor.wonOnAccept')}</Text>}
        </Grid.Col>
      )}
      {salesperson && (
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select label={t('sales.fields.salesperson')} searchable allowDeselect={false} data={staff}
            value={value.salespersonId ?? session.user.id} onChange={(v) => onChange({ ...value, salespersonId: v })} data-testid="doc-salesperson" />
        </Grid.Col>
      )}
    </Grid>
  )
}
