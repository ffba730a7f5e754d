import type { ReactNode } from 'react'
import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconEyeOff, IconStarFilled } from '@tabler/icons-react'
import type { CustomerDetail, FieldRow, LevelRow } from '../../../../../src-preload/contracts/customers'
import { useI18n } from '../../../app/i18n'
import { levelLabel, statusLabel } from '../lib/labels'

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>{children ?? '—'}</Text>
    </div>
  )
}

/** 资料 tab: the customer's fields, custom fields and contacts (hidden while in the pool). Testids: customer-info, contacts-table, contacts-hidden. */
export function CustomerInfoPanel({ c, levels, fields }: { c: CustomerDetail; levels: readonly LevelRow[]; fields: readonly FieldRow[] }) {
  const { t, fmt } = useI18n()
  const v = (s: string | null) => (s ? s : null)
  const customValue = (f: FieldRow) => {
    const x = c.custom[f.key]
    return x === null || x === undefined || x === '' ? null : String(x)
  }

  return (
    <Stack gap="md" data-testid="customer-info">
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md" verticalSpacing="md">
          <Field label={t('customers.fields.creditCode')}>{v(c.creditCode)}</Field>
          <Field label={t('customers.fields.level')}>{levelLabel(levels, c.level)}</Field>
          <Field label={t('customers.fields.status')}>{statusLabel(t, c.status)}</Field>
          <Field label={t('customers.fields.owner')}>{c.ownerName ?? t('customers.pool.poolName')}</Field>
          <Field label={t('customers.fields.category')}>{v(c.category)}</Field>
          <Field label={t('customers.fields.industry')}>{v(c.industry)}</Field>
          <Field label={t('customers.fields.source')}>{v(c.source)}</Field>
          <Field label={t('customers.fields.tags')}>{c.tags.length ? <Group gap={4}>{c.tags.map((x) => <Badge key={x} size="sm" variant="outline">{x}</Badge>)}</Group> : null}</Field>
          <Field label={t('customers.fields.phone')}>{v(c.phone)}</Field>
          <Field label={t('customers.fields.website')}>{c.website ? <Anchor href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noreferrer" size="sm">{c.website}</Anchor> : null}</Field>
          <Field label={t('customers.fields.region')}>{v([c.province, c.city].filter(Boolean).join(' '))}</Field>
          <Field label={t('customers.fields.address')}>{v(c.address)}</Field>
          <Field label={t('customers.fields.lastFollowupAt')}>{c.lastFollowupAt ? fmt.dateTime(c.lastFollowupAt) : t('customers.list.never')}</Field>
          <Field label={t('customers.fields.createdAt')}>{fmt.dateTime(c.createdAt)}</Field>
          <Field label={t('customers.fields.updatedAt')}>{fmt.dateTime(c.updatedAt)}</Field>
          {fields.map((f) => <Field key={f.key} label={f.label}>{customValue(f)}</Field>)}
        </SimpleGrid>
        {c.notes && (
          <Stack gap={2} mt="md">
            <Text size="xs" c="dimmed">{t('customers.fields.notes')}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text>
          </Stack>
        )}
      </Card>
      <Card withBorder radius="md">
        <Title order={5} mb="sm">{t('customers.form.contacts')}</Title>
        {!c.contactsVisible
          ? <Alert variant="light" color="gray" icon={<IconEyeOff size={18} />} data-testid="contacts-hidden">{t('customers.detail.contactsHidden')}</Alert>
          : c.contacts.length === 0
            ? <Text size="sm" c="dimmed">{t('customers.form.noContacts')}</Text>
            : (
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="xs" data-testid="contacts-table">
                  <Table.Thead>
                    <Table.Tr>
                      {(['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'birthday'] as const).map((f) => <Table.Th key={f}>{t(`customers.contact.${f}`)}</Table.Th>)}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.contacts.map((k) => (
                      <Table.Tr key={k.id} data-testid={`contact-row-${k.id}`}>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Text size="sm" fw={600}>{k.name}</Text>
                            {k.isPrimary && <IconStarFilled size={12} color="var(--mantine-color-yellow-6)" aria-label={t('customers.contact.primary')} />}
                          </Group>
                        </Table.Td>
                        <Table.Td>{k.title}</Table.Td>
                        <Table.Td>{k.mobile}</Table.Td>
                        <Table.Td>{k.phone}</Table.Td>
                        <Table.Td>{k.email}</Table.Td>
                        <Table.Td>{k.wechat}</Table.Td>
                        <Table.Td>{k.birthday}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
      </Card>
    </Stack>
  )
}
