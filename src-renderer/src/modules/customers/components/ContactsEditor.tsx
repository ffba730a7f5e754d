import { ActionIcon, Button, Card, Checkbox, Group, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useT } from '../../../app/i18n'
import type { PathErrors } from '../lib/validation'

export interface ContactDraft {
  /** Local key for React; contacts saved before also carry their id. */
  key: string
  id?: string
  name: string; title: string; mobile: string; phone: string; email: string; wechat: string; birthday: string
  isPrimary: boolean
}

let nextKey = 0
export function newContact(isPrimary: boolean): ContactDraft {
  nextKey += 1
  return { key: `new-${nextKey}`, name: '', title: '', mobile: '', phone: '', email: '', wechat: '', birthday: '', isPrimary }
}

type TextField = Exclude<keyof ContactDraft, 'key' | 'id' | 'isPrimary'>
const FIELDS: { field: TextField; type?: string }[] = [
  { field: 'name' }, { field: 'title' }, { field: 'mobile', type: 'tel' }, { field: 'phone', type: 'tel' },
  { field: 'email', type: 'email' }, { field: 'wechat' }, { field: 'birthday', type: 'date' },
]

/**
 * Any number of contacts, one card each; exactly one may be primary (ticking one clears the
 * others). Testids: customer-form-contact-add, contact-<field>-<i>, contact-primary-<i>,
 * contact-remove-<i>.
 */
export function ContactsEditor({ contacts, onChange, errors }: { contacts: ContactDraft[]; onChange: (next: ContactDraft[]) => void; errors: PathErrors }) {
  const t = useT()
  const set = (i: number, patch: Partial<ContactDraft>) => onChange(contacts.map((c, j) => {
    if (j === i) return { ...c, ...patch }
    return patch.isPrimary ? { ...c, isPrimary: false } : c
  }))
  const remove = (i: number) => {
    const next = contacts.filter((_, j) => j !== i)
    if (contacts[i]?.isPrimary && next[0]) next[0] = { ...next[0], isPrimary: true }
    onChange(next)
  }
  const err = (i: number, f: string) => {
    const e = errors[`contacts.${i}.${f}`]
    return e ? t(e.key, e.params) : undefined
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>{t('customers.form.contacts')}</Text>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...contacts, newContact(contacts.length === 0)])} data-testid="customer-form-contact-add">
          {t('customers.form.addContact')}
        </Button>
      </Group>
      {contacts.length === 0 && <Text size="sm" c="dimmed">{t('customers.form.noContacts')}</Text>}
      {contacts.map((c, i) => (
        <Card key={c.key} withBorder padding="sm" radius="md" data-testid={`contact-card-${i}`}>
          <Group justify="space-between" mb="xs">
            <Checkbox
              label={t('customers.contact.primary')} checked={c.isPrimary}
              onChange={(e) => set(i, { isPrimary: e.currentTarget.checked })} data-testid={`contact-primary-${i}`}
            />
            <Tooltip label={t('customers.form.removeContact')}>
              <ActionIcon variant="subtle" color="red" aria-label={t('customers.form.removeContact')} onClick={() => remove(i)} data-testid={`contact-remove-${i}`}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="xs">
            {FIELDS.map(({ field, type }) => (
              <TextInput
                key={field} size="xs" type={type} label={t(`customers.contact.${field}`)} withAsterisk={field === 'name'}
                value={c[field]} onChange={(e) => set(i, { [field]: e.currentTarget.value })} error={err(i, field)}
                data-testid={`contact-${field}-${i}`}
              />
            ))}
          </SimpleGrid>
        </Card>
      ))}
    </Stack>
  )
}
