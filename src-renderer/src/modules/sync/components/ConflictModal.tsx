import { useState } from 'react'
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, TextInput } from '@mantine/core'
import type { ConflictFieldView, ConflictItem } from '../../../../../src-preload/contracts/sync'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { fieldLabel, valueText } from '../lib/labels'

type Choice = 'mine' | 'theirs' | 'custom'

/** Text fields (every side text or empty) may take a typed value; main checks the same. */
function isText(f: ConflictFieldView): boolean {
  return [f.base, f.mine, f.theirs, f.current].every((v) => v === null || v === undefined || typeof v === 'string')
}

/** Preselects the side that is in the record now, so "resolve" without changes keeps it. */
function initialChoice(f: ConflictFieldView): Choice {
  return JSON.stringify(f.mine) === JSON.stringify(f.current) && JSON.stringify(f.theirs) !== JSON.stringify(f.current) ? 'mine' : 'theirs'
}

/**
 * One conflict: base / mine / theirs / current per field and a choice per field (mine, theirs
 * or a typed value). Resolving writes the choice as a normal edit that syncs everywhere.
 * Testids: conflict-modal, conflict-field-<field>, conflict-choice-<field>-<mine|theirs|custom>,
 * conflict-custom-<field>, conflict-resolve.
 */
export function ConflictModal({ item, title, onClose, onResolved }: { item: ConflictItem; title: string; onClose: () => void; onResolved: () => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const [choices, setChoices] = useState<Record<string, Choice>>(() => Object.fromEntries(item.fields.map((f) => [f.field, initialChoice(f)])))
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(item.fields.map((f) => [f.field, typeof f.current === 'string' ? f.current : ''])))
  const [busy, setBusy] = useState(false)

  const resolve = async () => {
    setBusy(true)
    try {
      const picked: Record<string, 'mine' | 'theirs'> = {}
      const typed: Record<string, string> = {}
      for (const f of item.fields) {
        const c = choices[f.field]
        if (c === 'custom') typed[f.field] = values[f.field] ?? ''
        else if (c) picked[f.field] = c
      }
      await api.sync.resolveConflict({ id: item.id, choices: picked, ...(Object.keys(typed).length ? { values: typed } : {}) })
      notify.success('sync.inbox.resolved')
      onResolved()
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }

  const cell = (field: string, v: unknown) => <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{valueText(t, fmt, field, v)}</Text>

  return (
    <Modal opened onClose={onClose} size="xl" title={t('sync.inbox.detailTitle', { name: title })} data-testid="conflict-modal">
      <Stack gap="md">
        <Text size="sm" c="dimmed">{t('sync.inbox.detailHint')}</Text>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.inbox.field')}</Table.Th>
                <Table.Th>{t('sync.inbox.base')}</Table.Th>
                <Table.Th>{t('sync.inbox.mine')}</Table.Th>
                <Table.Th>{t('sync.inbox.theirs')}</Table.Th>
                <Table.Th>{t('sync.inbox.current')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {item.fields.map((f) => (
                <Table.Tr key={f.field} data-testid={`conflict-field-${f.field}`}>
                  <Table.Td><Text size="sm" fw={600}>{fieldLabel(t, item.tableName, f.field)}</Text></Table.Td>
                  <Table.Td>{cell(f.field, f.base)}</Table.Td>
                  <Table.Td>{cell(f.field, f.mine)}</Table.Td>
                  <Table.Td>{cell(f.field, f.theirs)}</Table.Td>
                  <Table.Td>{cell(f.field, f.current)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {item.fields.map((f) => (
          <Radio.Group key={f.field} label={fieldLabel(t, item.tableName, f.field)} value={choices[f.field]} onChange={(v) => setChoices((c) => ({ ...c, [f.field]: v as Choice }))}>
            <Group gap="lg" mt={6} align="flex-start">
              <Radio value="mine" label={t('sync.inbox.choice', { side: t('sync.inbox.mine'), value: valueText(t, fmt, f.field, f.mine) })} data-testid={`conflict-choice-${f.field}-mine`} />
              <Radio value="theirs" label={t('sync.inbox.choice', { side: t('sync.inbox.theirs'), value: valueText(t, fmt, f.field, f.theirs) })} data-testid={`conflict-choice-${f.field}-theirs`} />
              {isText(f) && <Radio value="custom" label={t('sync.inbox.custom')} data-testid={`conflict-choice-${f.field}-custom`} />}
            </Group>
            {choices[f.field] === 'custom' && (
              <TextInput mt="xs" placeholder={t('sync.inbox.customPlaceholder')} value={values[f.field] ?? ''} maxLength={20_000}
                onChange={(e) => { const v = e.currentTarget.value; setValues((s) => ({ ...s, [f.field]: v })) }} data-testid={`conflict-custom-${f.field}`} />
            )}
          </Radio.Group>
        ))}
        {item.fields.length === 0 && <Alert variant="light">{t('sync.inbox.emptyHint')}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={busy} onClick={() => { void resolve() }} data-testid="conflict-resolve">{t('sync.inbox.resolve')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
