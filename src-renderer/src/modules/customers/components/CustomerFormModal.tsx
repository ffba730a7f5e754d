import { useState } from 'react'
import { Alert, Button, Divider, Group, Modal, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconCopy } from '@tabler/icons-react'
import { CUSTOMER_STATUSES, contactInput, createCustomerInput, updateCustomerInput, type CustomerDetail, type CustomerStatus, type DuplicateMatch, type FieldRow, type LevelRow } from '../../../../../src-preload/contracts/customers'
import { api, toApiError, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { statusLabel } from '../lib/labels'
import { staffOptions, type StaffMember } from '../lib/staff'
import { pathErrors, type PathErrors } from '../lib/validation'
import { ContactsEditor, newContact, type ContactDraft } from './ContactsEditor'
import { CustomFieldInputs, type CustomValues } from './CustomFieldInputs'
import { DuplicateList, matchesOf } from './DuplicateList'

const TEXT_FIELDS = ['name', 'creditCode', 'category', 'industry', 'source', 'province', 'city', 'address', 'phone', 'website', 'notes'] as const
type TextField = (typeof TEXT_FIELDS)[number]
type Draft = Record<TextField, string> & { level: string | null; status: CustomerStatus; tags: string[]; ownerId: string | null; custom: CustomValues; contacts: ContactDraft[] }

function initialDraft(c: CustomerDetail | null, selfId: string): Draft {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, c?.[f] ?? ''])) as Record<TextField, string>
  return {
    ...text, level: c?.level ?? null, status: c?.status ?? 'potential', tags: c?.tags ?? [], ownerId: c?.ownerId ?? selfId,
    custom: { ...(c?.custom ?? {}) },
    contacts: c ? c.contacts.map((k) => ({
      key: k.id, id: k.id, name: k.name, title: k.title ?? '', mobile: k.mobile ?? '', phone: k.phone ?? '', email: k.email ?? '',
      wechat: k.wechat ?? '', birthday: k.birthday ?? '', isPrimary: k.isPrimary,
    })) : [newContact(true)],
  }
}

function contactPayload(c: ContactDraft) {
  return { name: c.name, title: c.title, mobile: c.mobile, phone: c.phone, email: c.email, wechat: c.wechat, birthday: c.birthday, isPrimary: c.isPrimary }
}

function sameContact(a: ContactDraft, b: ContactDraft): boolean {
  return JSON.stringify(contactPayload(a)) === JSON.stringify(contactPayload(b))
}

export interface CustomerFormProps {
  /** null: a new customer. */
  customer: CustomerDetail | null
  levels: readonly LevelRow[]
  fields: readonly FieldRow[]
  staff: readonly StaffMember[]
  onClose: () => void
  onSaved: (c: CustomerDetail) => void
}

/**
 * Create / edit a customer with its contacts and custom fields. Warns live about likely
 * duplicates; when main refuses a duplicate, offers "save anyway" (confirmDuplicate).
 * Testids: customer-form, customer-form-<field> (name, creditCode, level, status, category,
 * industry, source, tags, phone, website, province, city, address, notes, owner),
 * customer-form-contact-add, contact-<field>-<i>, duplicate-warning, customer-save,
 * duplicate-confirm, duplicate-save-anyway.
 */
export function CustomerFormModal({ customer, levels, fields, staff, onClose, onSaved }: CustomerFormProps) {
  const t = useT()
  const notify = useNotify()
  const session = useSession()
  const isNew = customer === null
  const canAssign = session.permissions.includes('customers.assign')
  const showContacts = isNew || customer.contactsVisible
  const [draft, setDraft] = useState<Draft>(() => initialDraft(customer, session.user.id))
  const [errors, setErrors] = useState<PathErrors>({})
  const [pending, setPending] = useState(false)
  const [confirmMatches, setConfirmMatches] = useState<DuplicateMatch[] | null>(null)

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setErrors((e) => { const { [field]: _gone, ...rest } = e; return rest })
  }
  const err = (path: string) => (errors[path] ? t(errors[path].key, errors[path].params) : undefined)
  const text = (field: TextField) => ({
    value: draft[field], onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value), error: err(field),
    'data-testid': `customer-form-${field}`,
  })

  // Live duplicate check on name, phones and credit code (debounced; main searches all customers).
  const phones = [draft.phone, ...draft.contacts.flatMap((c) => [c.mobile, c.phone])].map((p) => p.trim()).filter((p) => p.replace(/\D/g, '').length >= 5)
  const probe = { name: draft.name.trim().length >= 2 ? draft.name.trim() : undefined, phones: phones.length ? phones : undefined, creditCode: draft.creditCode.trim().length === 18 ? draft.creditCode.trim() : undefined }
  const [probeKey] = useDebouncedValue(JSON.stringify(probe), 400)
  const dupes = useQuery(async () => {
    const p = JSON.parse(probeKey) as typeof probe
    if (!p.name && !p.phones && !p.creditCode) return []
    return api.customers.checkDuplicates({ ...p, excludeId: customer?.id })
  }, [probeKey, customer?.id])

  const fieldInput = () => {
    const base = Object.fromEntries(TEXT_FIELDS.map((f) => [f, draft[f]])) as Record<TextField, string>
    return { ...base, level: draft.level ?? '', status: draft.status, tags: draft.tags, custom: draft.custom }
  }

  const validate = (): boolean => {
    const found: PathErrors = isNew
      ? pathErrors(createCustomerInput.safeParse({ ...fieldInput(), ownerId: draft.ownerId ?? undefined, contacts: draft.contacts.map(contactPayload) }))
      : { ...pathErrors(updateCustomerInput.safeParse({ id: customer.id, ...fieldInput() })), ...Object.assign({}, ...draft.contacts.map((c, i) => pathErrors(contactInput.safeParse(contactPayload(c)), `contacts.${i}.`))) as PathErrors }
    setErrors(found)
    return Object.keys(found).length === 0
  }

  /** Edit mode: contacts are saved one by one (the update contract carries the customer only). */
  const saveContacts = async (id: string) => {
    const before = new Map(customer?.contacts.map((c) => [c.id, c]) ?? [])
    const original = initialDraft(customer, session.user.id).contacts
    for (const c of draft.contacts) {
      const was = c.id ? original.find((o) => o.id === c.id) : undefined
      if (!was || !sameContact(was, c)) await api.customers.saveContact({ customerId: id, ...(c.id ? { id: c.id } : {}), ...contactPayload(c) })
      if (c.id) before.delete(c.id)
    }
    for (const gone of before.keys()) await api.customers.removeContact({ id: gone })
  }

  const save = async (confirmDuplicate: boolean) => {
    if (!validate()) return
    setPending(true)
    try {
      let saved: CustomerDetail
      if (isNew) {
        saved = await api.customers.create({ ...fieldInput(), ownerId: canAssign && draft.ownerId ? draft.ownerId : undefined, contacts: draft.contacts.map(contactPayload), confirmDuplicate })
      } else {
        saved = await api.customers.update({ id: customer.id, ...fieldInput(), confirmDuplicate })
        if (showContacts) {
          await saveContacts(customer.id)
          saved = await api.customers.get({ id: customer.id })
        }
      }
      setConfirmMatches(null)
      notify.success(isNew ? 'customers.form.created' : 'customers.form.updated', { name: saved.name })
      onSaved(saved)
    } catch (e) {
      const error = toApiError(e)
      if (error.messageKey === 'errors.duplicateCustomer') setConfirmMatches(matchesOf(error.details))
      else {
        const paths = error.fieldPaths
        if (paths.length) setErrors(Object.fromEntries(paths.map((p) => [p, { key: 'validation.invalid' as const }])))
        if (error.messageKey === 'errors.invalidCreditCode') setErrors((x) => ({ ...x, creditCode: { key: 'errors.invalidCreditCode' } }))
        notify.error(error)
      }
    } finally {
      setPending(false)
    }
  }

  const levelOptions = [...levels].sort((a, b) => a.sort - b.sort).map((l) => ({ value: l.code, label: l.name }))
  const customErrors = Object.fromEntries(fields.map((f) => [f.key, err(`custom.${f.key}`)]))
  const matches = dupes.data ?? []

  return (
    <Modal opened onClose={onClose} title={t(isNew ? 'customers.form.newTitle' : 'customers.form.editTitle')} size="80rem" data-testid="customer-form">
      <form onSubmit={(e) => { e.preventDefault(); void save(false) }} noValidate>
        <Stack gap="md">
          {matches.length > 0 && (
            <Alert color="orange" variant="light" icon={<IconCopy size={18} />} title={t('customers.duplicates.title', { count: matches.length })} data-testid="duplicate-warning">
              <DuplicateList matches={matches} />
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <TextInput label={t('customers.fields.name')} withAsterisk autoFocus {...text('name')} />
            <TextInput label={t('customers.fields.creditCode')} placeholder={t('customers.form.creditCodeHint')} {...text('creditCode')} />
            <Select label={t('customers.fields.level')} clearable data={levelOptions} value={draft.level} onChange={(v) => set('level', v)} error={err('level')} data-testid="customer-form-level" />
            <Select
              label={t('customers.fields.status')} allowDeselect={false} data={CUSTOMER_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
              value={draft.status} onChange={(v) => { if (v) set('status', v as CustomerStatus) }} data-testid="customer-form-status"
            />
            <TextInput label={t('customers.fields.category')} {...text('category')} />
            <TextInput label={t('customers.fields.industry')} {...text('industry')} />
            <TextInput label={t('customers.fields.source')} {...text('source')} />
            <TagsInput label={t('customers.fields.tags')} value={draft.tags} onChange={(v) => set('tags', v)} maxTags={20} error={err('tags')} data-testid="customer-form-tags" />
            {isNew && canAssign && (
              <Select label={t('customers.fields.owner')} searchable data={staffOptions(staff, session.user.id, t('customers.common.me'))} value={draft.ownerId} onChange={(v) => set('ownerId', v)} data-testid="customer-form-owner" />
            )}
          </SimpleGrid>
          <Divider label={t('customers.form.address')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <TextInput label={t('customers.fields.phone')} type="tel" {...text('phone')} />
            <TextInput label={t('customers.fields.website')} {...text('website')} />
            <TextInput label={t('customers.fields.province')} {...text('province')} />
            <TextInput label={t('customers.fields.city')} {...text('city')} />
          </SimpleGrid>
          <TextInput label={t('customers.fields.address')} {...text('address')} />
          {fields.length > 0 && (
            <>
              <Divider label={t('customers.form.customFields')} labelPosition="left" />
              <CustomFieldInputs fields={fields} values={draft.custom} onChange={(v) => set('custom', v)} errors={customErrors} />
            </>
          )}
          <Divider />
          {showContacts
            ? <ContactsEditor contacts={draft.contacts} onChange={(v) => set('contacts', v)} errors={errors} />
            : <Text size="sm" c="dimmed">{t('customers.detail.contactsHidden')}</Text>}
          <Textarea label={t('customers.fields.notes')} autosize minRows={2} maxRows={6} {...text('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="customer-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
      <Modal opened={confirmMatches !== null} onClose={() => setConfirmMatches(null)} title={t('customers.duplicates.confirmTitle')} data-testid="duplicate-confirm">
        <Stack>
          <Text size="sm">{t('customers.duplicates.confirmText')}</Text>
          <DuplicateList matches={confirmMatches ?? []} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmMatches(null)}>{t('common.cancel')}</Button>
            <Button color="orange" loading={pending} onClick={() => { void save(true) }} data-testid="duplicate-save-anyway">{t('customers.duplicates.saveAnyway')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Modal>
  )
}
