/*
 * 商机阶段 (系统设置, system.settings): the pipeline stages with their probabilities (赢单率):
 * one won stage (100 %), one lost stage (0 %), at least one open stage; order by moving rows.
 * Default stages carry a translated name until renamed.
 * Testids: page-title, stages-table, stage-row-<i>, stage-key-<i>, stage-name-<i>,
 * stage-probability-<i>, stage-kind-<i>, stage-up-<i>, stage-down-<i>, stage-remove-<i>,
 * stage-add, stages-save, stages-reset.
 */
import { useState } from 'react'
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react'
import { opportunities, type StageRow } from '../../../../../src-preload/contracts/followups'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { ErrorState, LoadingState } from '../../../shared/states'
import { stageName } from '../lib/labels'
import { pathErrors, type PathErrors } from '../lib/validation'

interface Draft extends StageRow { isNew: boolean }
const KINDS = ['open', 'won', 'lost'] as const

function StagesEditor({ initial, onSaved }: { initial: StageRow[]; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const [rows, setRows] = useState<Draft[]>(() => [...initial].sort((a, b) => a.sort - b.sort).map((s) => ({ ...s, isNew: false })))
  const [errors, setErrors] = useState<PathErrors>({})
  const [pending, setPending] = useState(false)

  const set = (i: number, patch: Partial<Draft>) => setRows((r) => r.map((x, j) => {
    if (j !== i) return x
    const next = { ...x, ...patch }
    if (patch.kind === 'won') next.probability = 100
    if (patch.kind === 'lost') next.probability = 0
    return next
  }))
  const moveRow = (i: number, d: -1 | 1) => setRows((r) => {
    const n = [...r]
    const [x] = n.splice(i, 1)
    n.splice(i + d, 0, x!)
    return n
  })
  const err = (i: number, f: string) => { const e = errors[`stages.${i}.${f}`]; return e ? t(e.key, e.params) : undefined }

  const save = async () => {
    const stages = rows.map((r, i) => ({ key: r.key, name: r.name, probability: r.probability, sort: (i + 1) * 10, kind: r.kind }))
    const found = pathErrors(opportunities.saveStages.input.safeParse({ stages }))
    setErrors(found)
    if (Object.keys(found).length) return
    setPending(true)
    try {
      await api.opportunities.saveStages({ stages })
      notify.success('customers.stages.saved')
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <Card withBorder radius="md" padding={0}>
      <Alert variant="light" icon={<IconInfoCircle size={18} />} m="md">{t('customers.stages.hint')}</Alert>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" data-testid="stages-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('customers.stages.order')}</Table.Th>
              <Table.Th w={170}>{t('customers.stages.key')}</Table.Th>
              <Table.Th>{t('customers.stages.name')}</Table.Th>
              <Table.Th w={130}>{t('customers.stages.probability')}</Table.Th>
              <Table.Th w={140}>{t('customers.stages.kind')}</Table.Th>
              <Table.Th w={110} ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.isNew ? `new-${i}` : r.key} data-testid={`stage-row-${i}`}>
                <Table.Td><Text size="sm" c="dimmed">{i + 1}</Text></Table.Td>
                <Table.Td>
                  <TextInput size="xs" disabled={!r.isNew} value={r.key} onChange={(e) => set(i, { key: e.currentTarget.value })} error={err(i, 'key')}
                    aria-label={t('customers.stages.key')} data-testid={`stage-key-${i}`} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" value={stageName(t, r.name)} onChange={(e) => set(i, { name: e.currentTarget.value })} error={err(i, 'name')}
                    aria-label={t('customers.stages.name')} data-testid={`stage-name-${i}`} />
                </Table.Td>
                <Table.Td>
                  <NumberInput size="xs" min={0} max={100} suffix="%" allowDecimal={false} disabled={r.kind !== 'open'} value={r.probability}
                    onChange={(v) => set(i, { probability: typeof v === 'number' ? v : 0 })} error={err(i, 'probability')} aria-label={t('customers.stages.probability')} data-testid={`stage-probability-${i}`} />
                </Table.Td>
                <Table.Td>
                  <Select size="xs" allowDeselect={false} value={r.kind} onChange={(v) => { if (v) set(i, { kind: v as StageRow['kind'] }) }}
                    data={KINDS.map((k) => ({ value: k, label: t(`customers.stageKind.${k}`) }))} aria-label={t('customers.stages.kind')} data-testid={`stage-kind-${i}`} />
                </Table.Td>
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    <Tooltip label={t('customers.stages.up')}><ActionIcon variant="subtle" disabled={i === 0} onClick={() => moveRow(i, -1)} aria-label={t('customers.stages.up')} data-testid={`stage-up-${i}`}><IconArrowUp size={16} /></ActionIcon></Tooltip>
                    <Tooltip label={t('customers.stages.down')}><ActionIcon variant="subtle" disabled={i === rows.length - 1} onClick={() => moveRow(i, 1)} aria-label={t('customers.stages.down')} data-testid={`stage-down-${i}`}><IconArrowDown size={16} /></ActionIcon></Tooltip>
                    <Tooltip label={t('common.delete')}><ActionIcon variant="subtle" color="red" onClick={() => setRows((x) => x.filter((_, j) => j !== i))} aria-label={t('common.delete')} data-testid={`stage-remove-${i}`}><IconTrash size={16} /></ActionIcon></Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {errors.stages && <Text size="sm" c="red" px="md">{t(errors.stages.key, errors.stages.params)}</Text>}
      <Group justify="space-between" p="md">
        <Button variant="default" leftSection={<IconPlus size={16} />} disabled={rows.length >= 20}
          onClick={() => setRows((r) => { const lostAt = r.findIndex((x) => x.kind !== 'open'); const n = [...r]; n.splice(lostAt < 0 ? n.length : lostAt, 0, { key: '', name: '', probability: 50, sort: 0, kind: 'open', isNew: true }); return n })}
          data-testid="stage-add">{t('customers.stages.add')}</Button>
        <Group gap="xs">
          <Button variant="subtle" color="gray" onClick={() => { setRows([...initial].sort((a, b) => a.sort - b.sort).map((s) => ({ ...s, isNew: false }))); setErrors({}) }} data-testid="stages-reset">{t('customers.stages.reset')}</Button>
          <Button loading={pending} onClick={() => { void save() }} data-testid="stages-save">{t('common.save')}</Button>
        </Group>
      </Group>
    </Card>
  )
}

export default function StagesPage() {
  const t = useT()
  const stages = useQuery(() => api.opportunities.listStages({}), [])
  return (
    <>
      <PageHeader title={t('customers.stages.title')} subtitle={t('customers.stages.subtitle')} />
      {stages.error && !stages.data && <ErrorState error={stages.error} onRetry={stages.reload} />}
      {!stages.data && !stages.error && <LoadingState />}
      {stages.data && <StagesEditor key={JSON.stringify(stages.data)} initial={stages.data} onSaved={stages.reload} />}
    </>
  )
}
