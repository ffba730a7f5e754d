/*
 * 审批流程 editor (administrators): name, priority, enabled, conditions (amount range in 元,
 * largest discount in %, below floor price, customer levels) and the ordered steps, each with
 * its approver kind (主管 / 上一级主管 / 指定人员 / 或签 / 会签 / 角色). Amounts are converted to
 * integer fen and percentages to ‰ here; main validates again with the same schema.
 * Testids: flow-editor, flow-name, flow-priority, flow-enabled, flow-min-amount, flow-max-amount,
 * flow-discount, flow-below-floor, flow-levels, flow-step-<i>, flow-step-kind-<i>,
 * flow-step-user-<i>, flow-step-users-<i>, flow-step-role-<i>, flow-add-step, flow-save.
 */
import { useState } from 'react'
import { ActionIcon, Button, Card, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { APPROVAL_STEP_KINDS, saveFlowInput, type ApprovalFlowRow, type ApprovalStepDef, type ApprovalStepKind } from '../../../../../src-preload/contracts/approvals'
import { api, useQuery } from '../../../api'
import { roleLabel, useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'

interface StepDraft { kind: ApprovalStepKind; label: string; userId: string | null; userIds: string[]; roleId: string | null }
interface Draft {
  name: string; enabled: boolean; priority: number
  minYuan: number | ''; maxYuan: number | ''; discountPercent: number | ''; belowFloor: boolean; levels: string[]
  steps: StepDraft[]
}

const emptyStep = (kind: ApprovalStepKind = 'supervisor'): StepDraft => ({ kind, label: '', userId: null, userIds: [], roleId: null })

function toDraft(f: ApprovalFlowRow | null): Draft {
  if (!f) return { name: '', enabled: true, priority: 10, minYuan: '', maxYuan: '', discountPercent: '', belowFloor: false, levels: [], steps: [emptyStep()] }
  const c = f.conditions
  return {
    name: f.name, enabled: f.enabled, priority: f.priority,
    minYuan: c.minAmount != null ? c.minAmount / 100 : '', maxYuan: c.maxAmount != null ? c.maxAmount / 100 : '',
    discountPercent: c.discountOverPermille != null ? c.discountOverPermille / 10 : '', belowFloor: !!c.belowFloor, levels: c.customerLevels ?? [],
    steps: f.steps.map((s) => ({
      ...emptyStep(s.kind), label: s.label ?? '',
      ...(s.kind === 'user' ? { userId: s.userId } : s.kind === 'anyOf' || s.kind === 'allOf' ? { userIds: s.userIds } : s.kind === 'role' ? { roleId: s.roleId } : {}),
    })),
  }
}

function stepDef(s: StepDraft): ApprovalStepDef {
  const label = s.label.trim() || undefined
  switch (s.kind) {
    case 'user': return { kind: 'user', label, userId: s.userId ?? '' }
    case 'anyOf': return { kind: 'anyOf', label, userIds: s.userIds }
    case 'allOf': return { kind: 'allOf', label, userIds: s.userIds }
    case 'role': return { kind: 'role', label, roleId: s.roleId ?? '' }
    default: return { kind: s.kind, label }
  }
}

/** Yuan (may have 2 decimals) → integer fen without floating-point drift. */
const toFen = (yuan: number | ''): number | null => (yuan === '' ? null : Math.round(Number(yuan) * 100))

export function FlowEditor({ documentType, flow, onClose, onSaved }: { documentType: string; flow: ApprovalFlowRow | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [d, setD] = useState<Draft>(() => toDraft(flow))
  const [saving, setSaving] = useState(false)
  const [invalid, setInvalid] = useState(false)
  const staff = useQuery(() => api.admin.listStaff({}), [])
  const roles = useQuery(() => api.admin.listRoles({}), [])
  const levels = useQuery(() => api.customers.listLevels({}), [])
  const people = (staff.data ?? []).map((u) => ({ value: u.id, label: u.departmentName ? `${u.displayName}（${u.departmentName}）` : u.displayName }))
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(t, r.code, r.name) }))
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }))
  const setStep = (i: number, patch: Partial<StepDraft>) => setD((x) => ({ ...x, steps: x.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }))
  const move = (i: number, by: number) => setD((x) => {
    const steps = [...x.steps]
    const [s] = steps.splice(i, 1)
    steps.splice(i + by, 0, s!)
    return { ...x, steps }
  })

  const save = async () => {
    const input = {
      ...(flow ? { id: flow.id } : {}), documentType, name: d.name, enabled: d.enabled, priority: d.priority,
      conditions: {
        minAmount: toFen(d.minYuan), maxAmount: toFen(d.maxYuan),
        discountOverPermille: d.discountPercent === '' ? null : Math.round(Number(d.discountPercent) * 10),
        belowFloor: d.belowFloor, customerLevels: d.levels,
      },
      steps: d.steps.map(stepDef),
    }
    if (!saveFlowInput.safeParse(input).success) { setInvalid(true); return }
    setSaving(true)
    try {
      await api.approvals.saveFlow(input)
      notify.success('approvals.flows.saved')
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal opened onClose={onClose} size="xl" title={flow ? t('approvals.flows.edit') : t('approvals.flows.create')} data-testid="flow-editor">
      <Stack gap="md">
        <Group grow align="flex-start">
          <TextInput label={t('approvals.flows.name')} required maxLength={60} value={d.name} onChange={(e) => set({ name: e.currentTarget.value })}
            error={invalid && !d.name.trim() ? t('validation.required') : undefined} data-testid="flow-name" />
          <NumberInput label={t('approvals.flows.priority')} description={t('approvals.flows.priorityHint')} min={0} max={10_000} allowDecimal={false}
            value={d.priority} onChange={(v) => set({ priority: typeof v === 'number' ? v : 0 })} data-testid="flow-priority" />
        </Group>
        <Switch label={t('approvals.flows.enabled')} checked={d.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} data-testid="flow-enabled" />

        <Text fw={600}>{t('approvals.flows.conditions')}</Text>
        <Group grow align="flex-start">
          <NumberInput label={t('approvals.flows.minAmount')} min={0} decimalScale={2} thousandSeparator="," value={d.minYuan} onChange={(v) => set({ minYuan: v === '' ? '' : Number(v) })} data-testid="flow-min-amount" />
          <NumberInput label={t('approvals.flows.maxAmount')} min={0} decimalScale={2} thousandSeparator="," value={d.maxYuan} onChange={(v) => set({ maxYuan: v === '' ? '' : Number(v) })} data-testid="flow-max-amount" />
          <NumberInput label={t('approvals.flows.discountOver')} min={0} max={100} decimalScale={1} value={d.discountPercent} onChange={(v) => set({ discountPercent: v === '' ? '' : Number(v) })} data-testid="flow-discount" />
        </Group>
        <Group grow align="flex-end">
          <MultiSelect label={t('approvals.flows.customerLevels')} data={(levels.data ?? []).map((l) => ({ value: l.code, label: l.name }))} value={d.levels} onChange={(v) => set({ levels: v })} clearable data-testid="flow-levels" />
          <Checkbox label={t('approvals.flows.belowFloor')} checked={d.belowFloor} onChange={(e) => set({ belowFloor: e.currentTarget.checked })} data-testid="flow-below-floor" />
        </Group>

        <Text fw={600}>{t('approvals.flows.steps')}</Text>
        {d.steps.map((s, i) => (
          <Card key={i} withBorder padding="sm" data-testid={`flow-step-${i}`}>
            <Group align="flex-end" wrap="wrap" gap="sm">
              <Text fw={600} w={24}>{i + 1}</Text>
              <Select label={t('approvals.flows.stepKind')} w={220} allowDeselect={false} data={APPROVAL_STEP_KINDS.map((k) => ({ value: k, label: t(`approvals.kinds.${k}`) }))}
                value={s.kind} onChange={(v) => setStep(i, { kind: (v ?? 'supervisor') as ApprovalStepKind })} data-testid={`flow-step-kind-${i}`} />
              {s.kind === 'user' && <Select label={t('approvals.flows.approver')} w={220} searchable data={people} value={s.userId} onChange={(v) => setStep(i, { userId: v })}
                error={invalid && !s.userId ? t('validation.required') : undefined} data-testid={`flow-step-user-${i}`} />}
              {(s.kind === 'anyOf' || s.kind === 'allOf') && <MultiSelect label={t('approvals.flows.approvers')} w={300} searchable maxValues={20} data={people} value={s.userIds}
                onChange={(v) => setStep(i, { userIds: v })} error={invalid && s.userIds.length === 0 ? t('validation.required') : undefined} data-testid={`flow-step-users-${i}`} />}
              {s.kind === 'role' && <Select label={t('approvals.flows.role')} w={220} data={roleOptions} value={s.roleId} onChange={(v) => setStep(i, { roleId: v })}
                error={invalid && !s.roleId ? t('validation.required') : undefined} data-testid={`flow-step-role-${i}`} />}
              <TextInput label={t('approvals.flows.stepLabel')} w={180} maxLength={40} value={s.label} onChange={(e) => setStep(i, { label: e.currentTarget.value })} />
              <Group gap={4} ml="auto">
                <ActionIcon variant="subtle" aria-label={t('approvals.flows.moveUp')} disabled={i === 0} onClick={() => move(i, -1)}><IconArrowUp size={16} /></ActionIcon>
                <ActionIcon variant="subtle" aria-label={t('approvals.flows.moveDown')} disabled={i === d.steps.length - 1} onClick={() => move(i, 1)}><IconArrowDown size={16} /></ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={t('approvals.flows.removeStep')} disabled={d.steps.length === 1}
                  onClick={() => setD((x) => ({ ...x, steps: x.steps.filter((_, j) => j !== i) }))}><IconTrash size={16} /></ActionIcon>
              </Group>
            </Group>
          </Card>
        ))}
        <Group justify="space-between">
          <Button variant="light" leftSection={<IconPlus size={16} />} disabled={d.steps.length >= 10} onClick={() => set({ steps: [...d.steps, emptyStep()] })} data-testid="flow-add-step">
            {t('approvals.flows.addStep')}
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button loading={saving} onClick={() => { void save() }} data-testid="flow-save">{t('common.save')}</Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
