import { useState } from 'react'
import { ActionIcon, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import type { FieldRow } from '../../../../../src-preload/contracts/customers'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'

const TYPES = ['text', 'number', 'date', 'option'] as const
type FieldType = (typeof TYPES)[number]
const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/

function FieldModal({ field, nextSort, onClose, onSaved }: { field: FieldRow | null; nextSort: number; onClose: () => void; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [key, setKey] = useState(field?.key ?? '')
  const [label, setLabel] = useState(field?.label ?? '')
  const [type, setType] = useState<FieldType>(field?.type ?? 'text')
  const [options, setOptions] = useState<string[]>(field?.options ?? [])
  const [sort, setSort] = useState<number>(field?.sort ?? nextSort)
  const [touched, setTouched] = useState(false)
  const [pending, setPending] = useState(false)
  const keyError = !KEY_RE.test(key) ? (key ? t('customers.settings.fieldKeyFormat') : t('validation.required')) : undefined
  const optionsError = type === 'option' && options.length === 0 ? t('customers.settings.optionsRequired') : undefined

  const save = async () => {
    setTouched(true)
    if (keyError || !label.trim() || optionsError) return
    setPending(true)
    try {
      await api.customers.saveField({ ...(field ? { id: field.id } : {}), key, label: label.trim(), type, options: type === 'option' ? options : [], sort })
      notify.success('customers.settings.fieldSaved', { name: label.trim() })
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t(field ? 'customers.settings.editField' : 'customers.settings.newField')} data-testid="field-form">
      <form onSubmit={(e) => { e.preventDefault(); void save() }} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label={t('customers.settings.fieldLabel')} withAsterisk maxLength={40} value={label} onChange={(e) => setLabel(e.currentTarget.value)}
              error={touched && !label.trim() ? t('validation.required') : undefined} data-testid="field-label" />
            <TextInput label={t('customers.settings.fieldKey')} description={t('customers.settings.fieldKeyHint')} withAsterisk disabled={field !== null} maxLength={40}
              value={key} onChange={(e) => setKey(e.currentTarget.value)} error={touched ? keyError : undefined} data-testid="field-key" />
            <Select label={t('customers.settings.fieldType')} allowDeselect={false} disabled={field !== null} value={type} onChange={(v) => { if (v) setType(v as FieldType) }}
              data={TYPES.map((x) => ({ value: x, label: t(`customers.settings.types.${x}`) }))} data-testid="field-type" />
            <NumberInput label={t('customers.settings.sort')} min={0} max={1000} allowDecimal={false} value={sort} onChange={(v) => setSort(typeof v === 'number' ? v : 0)} data-testid="field-sort" />
          </SimpleGrid>
          {type === 'option' && (
            <TagsInput label={t('customers.settings.options')} description={t('customers.settings.optionsHint')} value={options} onChange={setOptions}
              error={touched ? optionsError : undefined} data-testid="field-options" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="field-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** 自定义字段 of customers (text, number, date, option). Testids: fields-table, field-new, field-row-<key>, field-edit-<key>, field-remove-<key>, field-form. */
export function FieldsPanel() {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const fields = useQuery(() => api.customers.listFields({}), [])
  const [editing, setEditing] = useState<FieldRow | 'new' | null>(null)
  const rows = [...(fields.data ?? [])].sort((a, b) => a.sort - b.sort)

  const remove = (f: FieldRow) => confirm({
    title: t('customers.settings.removeFieldTitle'), message: t('customers.settings.removeFieldText', { name: f.label }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { api.customers.removeField({ id: f.id }).then(() => { notify.success('common.deleted'); fields.reload() }, (e: unknown) => notify.error(e)) },
  })

  return (
    <Card withBorder radius="md" padding={0}>
      <Group justify="space-between" p="md">
        <Text size="sm" c="dimmed">{t('customers.settings.fieldsHint')}</Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="field-new">{t('customers.settings.newField')}</Button>
      </Group>
      {fields.error && <ErrorState error={fields.error} onRetry={fields.reload} />}
      {!fields.data && fields.loading && <LoadingState />}
      {fields.data && rows.length === 0 && <Empty title={t('customers.settings.noFields')} description={t('customers.settings.noFieldsHint')} />}
      {rows.length > 0 && (
        <Table verticalSpacing="sm" data-testid="fields-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.settings.fieldLabel')}</Table.Th>
              <Table.Th>{t('customers.settings.fieldKey')}</Table.Th>
              <Table.Th>{t('customers.settings.fieldType')}</Table.Th>
              <Table.Th>{t('customers.settings.options')}</Table.Th>
              <Table.Th>{t('customers.settings.sort')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr key={f.id} data-testid={`field-row-${f.key}`}>
                <Table.Td fw={600}>{f.label}</Table.Td>
                <Table.Td ff="monospace">{f.key}</Table.Td>
                <Table.Td>{t(`customers.settings.types.${f.type}`)}</Table.Td>
                <Table.Td><Group gap={4}>{f.options.map((o) => <Badge key={o} size="sm" variant="outline">{o}</Badge>)}</Group></Table.Td>
                <Table.Td>{f.sort}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label={t('common.edit')}>
                      <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(f)} data-testid={`field-edit-${f.key}`}><IconPencil size={16} /></ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('common.delete')}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove(f)} data-testid={`field-remove-${f.key}`}><IconTrash size={16} /></ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <FieldModal field={editing === 'new' ? null : editing} nextSort={(rows[rows.length - 1]?.sort ?? 0) + 10}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); fields.reload() }} />
      )}
    </Card>
  )
}
