import { useState } from 'react'
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { PLAN_SCOPES, type PlanProgress, type PlanScope } from '../../../../../src-preload/contracts/plans'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { fenToYuan, yuanToFen } from '../../catalogue/lib/money'
import { buildTree, categoryOptions } from '../../catalogue/lib/tree'

/**
 * Sets a target: whom (salesperson, office or department), which products (optional category)
 * and how much, for the period shown. Saving the same target again replaces its amount.
 * Testids: plan-form, plan-scope, plan-target, plan-category, plan-amount, plan-note, plan-save.
 */
export function PlanFormModal({ period, plan, onClose, onSaved }: { period: string; plan: PlanProgress | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const { permissions } = useSession()
  const [scope, setScope] = useState<PlanScope>(plan?.scope ?? 'user')
  const [targetId, setTargetId] = useState<string | null>(plan?.targetId ?? null)
  const [categoryId, setCategoryId] = useState<string | null>(plan?.categoryId ?? null)
  const [amount, setAmount] = useState(plan ? fenToYuan(plan.amount) : '')
  const [note, setNote] = useState(plan?.note ?? '')
  const [bad, setBad] = useState(false)
  const [busy, setBusy] = useState(false)
  const targets = useQuery(async () => {
    if (scope === 'user') return (await api.admin.listStaff({})).map((u) => ({ value: u.id, label: u.displayName }))
    if (scope === 'office') return (await api.admin.listOffices({})).map((o) => ({ value: o.id, label: o.name }))
    return (await api.admin.listDepartments({})).map((d) => ({ value: d.id, label: d.name }))
  }, [scope])
  const categories = useQuery(() => (permissions.includes('catalogue.view') ? api.catalogue.categoryTree({}) : Promise.resolve(null)), [])
  const categoryData = categories.data ? categoryOptions(buildTree(categories.data.nodes)) : []

  const save = async () => {
    const fen = yuanToFen(amount)
    if (typeof fen !== 'number') { setBad(true); return }
    if (!targetId) return
    setBusy(true)
    try {
      await api.plans.save({ period, scope, targetId, categoryId, amount: fen, note: note.slice(0, 200) })
      notify.success('plans.saved')
      onSaved()
    } catch (e) { notify.error(e) } finally { setBusy(false) }
  }

  return (
    <Modal opened onClose={onClose} title={`${t('plans.set')} · ${period}`}>
      <Stack data-testid="plan-form">
        <Select label={t('plans.target')} allowDeselect={false} disabled={plan !== null} data={PLAN_SCOPES.map((s) => ({ value: s, label: t(`plans.scope.${s}`) }))}
          value={scope} onChange={(v) => { if (v) { setScope(v as PlanScope); setTargetId(null) } }} data-testid="plan-scope" />
        <Select label={t(`plans.scope.${scope}`)} withAsterisk searchable disabled={plan !== null} data={targets.data ?? []} value={targetId} onChange={setTargetId} data-testid="plan-target" />
        <Select label={t('plans.category')} placeholder={t('plans.allProducts')} clearable disabled={plan !== null} data={categoryData} value={categoryId} onChange={setCategoryId} data-testid="plan-category" />
        <TextInput label={t('plans.amount')} withAsterisk inputMode="decimal" value={amount} error={bad ? t('plans.invalidAmount') : undefined}
          onChange={(e) => { setAmount(e.currentTarget.value); setBad(false) }} data-testid="plan-amount" />
        <TextInput label={t('plans.note')} maxLength={200} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="plan-note" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={busy} disabled={!targetId || !amount} onClick={() => { void save() }} data-testid="plan-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
