import { useState, type MouseEvent } from 'react'
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconBookmark, IconBookmarkPlus, IconChevronDown, IconTrash } from '@tabler/icons-react'
import type { SavedViewRow } from '../../../../../src-preload/contracts/customers'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { cleanFilters, type ListFilters, type ListSort } from '../lib/filters'

/**
 * Saved views of the customer list: pick one to apply its filters and sort, save the current
 * ones under a name, delete. Testids: views-menu, view-<id>, view-remove-<id>, view-save,
 * view-name, view-save-submit.
 */
export function SavedViewsMenu({ filters, sort, onApply }: { filters: ListFilters; sort: ListSort; onApply: (v: SavedViewRow) => void }) {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const views = useQuery(() => api.customers.listViews({}), [])
  const [saving, setSaving] = useState(false)
  const [name, setName] = useState('')
  const [pending, setPending] = useState(false)

  const save = async () => {
    if (!name.trim()) return
    setPending(true)
    try {
      const existing = views.data?.find((v) => v.name === name.trim())
      await api.customers.saveView({ ...(existing ? { id: existing.id } : {}), name: name.trim(), query: { ...cleanFilters(filters), sort } })
      notify.success('customers.views.saved', { name: name.trim() })
      setSaving(false)
      setName('')
      views.reload()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  const remove = (v: SavedViewRow) => confirm({
    title: t('customers.views.removeTitle'), message: t('customers.views.removeText', { name: v.name }), confirmLabel: t('common.delete'), danger: true,
    onConfirm: () => { api.customers.removeView({ id: v.id }).then(() => views.reload(), (e: unknown) => notify.error(e)) },
  })

  return (
    <>
      <Menu position="bottom-start" withinPortal width={260}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="views-menu">{t('customers.views.button')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(views.data ?? []).length === 0 && <Text size="sm" c="dimmed" px="sm" py={6}>{t('customers.views.none')}</Text>}
          {(views.data ?? []).map((v) => (
            <Menu.Item key={v.id} onClick={() => onApply(v)} data-testid={`view-${v.id}`}
              rightSection={
                <ActionIcon component="span" size="sm" variant="subtle" color="red" aria-label={t('common.delete')} data-testid={`view-remove-${v.id}`}
                  onClick={(e: MouseEvent) => { e.stopPropagation(); remove(v) }}>
                  <IconTrash size={14} />
                </ActionIcon>
              }>
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmarkPlus size={16} />} onClick={() => setSaving(true)} data-testid="view-save">{t('customers.views.saveCurrent')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('customers.views.saveCurrent')} size="sm">
        <form onSubmit={(e) => { e.preventDefault(); void save() }}>
          <Stack>
            <TextInput label={t('customers.views.name')} withAsterisk autoFocus maxLength={40} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="view-name" />
            <Text size="xs" c="dimmed">{t('customers.views.saveHint')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>{t('common.cancel')}</Button>
              <Button type="submit" loading={pending} disabled={!name.trim()} data-testid="view-save-submit">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  )
}
