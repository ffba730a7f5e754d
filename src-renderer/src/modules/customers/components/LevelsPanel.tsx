import { useState } from 'react'
import { ActionIcon, Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPencil, IconPlus } from '@tabler/icons-react'
import type { LevelRow } from '../../../../../src-preload/contracts/customers'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'

function LevelModal({ level, nextSort, onClose, onSaved }: { level: LevelRow | null; nextSort: number; onClose: () => void; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [code, setCode] = useState(level?.code ?? '')
  const [name, setName] = useState(level?.name ?? '')
  const [sort, setSort] = useState<number>(level?.sort ?? nextSort)
  const [poolDays, setPoolDays] = useState<number | string>(level?.poolDays ?? '')
  const [touched, setTouched] = useState(false)
  const [pending, setPending] = useState(false)

  const save = async () => {
    setTouched(true)
    if (!code.trim() || !name.trim()) return
    setPending(true)
    try {
      await api.customers.saveLevel({ ...(level ? { id: level.id } : {}), code: code.trim(), name: name.trim(), sort, poolDays: typeof poolDays === 'number' ? poolDays : null })
      notify.success('customers.settings.levelSaved', { name: name.trim() })
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={t(level ? 'customers.settings.editLevel' : 'customers.settings.newLevel')} data-testid="level-form">
      <form onSubmit={(e) => { e.preventDefault(); void save() }} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label={t('customers.settings.levelCode')} withAsterisk maxLength={20} value={code} onChange={(e) => setCode(e.currentTarget.value)}
              error={touched && !code.trim() ? t('validation.required') : undefined} data-testid="level-code" />
            <TextInput label={t('customers.settings.levelName')} withAsterisk maxLength={30} value={name} onChange={(e) => setName(e.currentTarget.value)}
              error={touched && !name.trim() ? t('validation.required') : undefined} data-testid="level-name" />
            <NumberInput label={t('customers.settings.sort')} min={0} max={1000} allowDecimal={false} value={sort} onChange={(v) => setSort(typeof v === 'number' ? v : 0)} data-testid="level-sort" />
            <NumberInput label={t('customers.settings.poolDays')} description={t('customers.settings.poolDaysHint')} min={1} max={3650} allowDecimal={false} value={poolDays} onChange={setPoolDays} data-testid="level-pool-days" />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={pending} data-testid="level-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** 客户级别 (A/B/C…) with the pool's reclaim days per level. Testids: levels-table, level-new, level-row-<code>, level-edit-<code>, level-form. */
export function LevelsPanel() {
  const t = useT()
  const levels = useQuery(() => api.customers.listLevels({}), [])
  const [editing, setEditing] = useState<LevelRow | 'new' | null>(null)
  const rows = [...(levels.data ?? [])].sort((a, b) => a.sort - b.sort)

  return (
    <Card withBorder radius="md" padding={0}>
      <Group justify="space-between" p="md">
        <Text size="sm" c="dimmed">{t('customers.settings.levelsHint')}</Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="level-new">{t('customers.settings.newLevel')}</Button>
      </Group>
      {levels.error && <ErrorState error={levels.error} onRetry={levels.reload} />}
      {!levels.data && levels.loading && <LoadingState />}
      {levels.data && rows.length === 0 && <Empty title={t('customers.settings.noLevels')} />}
      {rows.length > 0 && (
        <Table verticalSpacing="sm" data-testid="levels-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.settings.levelCode')}</Table.Th>
              <Table.Th>{t('customers.settings.levelName')}</Table.Th>
              <Table.Th>{t('customers.settings.sort')}</Table.Th>
              <Table.Th>{t('customers.settings.poolDays')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={l.id} data-testid={`level-row-${l.code}`}>
                <Table.Td fw={600}>{l.code}</Table.Td>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.sort}</Table.Td>
                <Table.Td>{l.poolDays === null ? t('customers.settings.poolDaysDefault') : t('customers.settings.days', { days: l.poolDays })}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={t('common.edit')}>
                    <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(l)} data-testid={`level-edit-${l.code}`}><IconPencil size={16} /></ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <LevelModal level={editing === 'new' ? null : editing} nextSort={(rows[rows.length - 1]?.sort ?? 0) + 10}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); levels.reload() }} />
      )}
    </Card>
  )
}
