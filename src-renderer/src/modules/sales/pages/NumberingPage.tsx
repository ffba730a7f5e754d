/*
 * 编号规则: prefix + date + serial per document type, serial reset daily / monthly / yearly /
 * never. Everyone may read (the example shows the next number's shape); system.settings saves.
 * Testids: numbering-rule-<type> (prefix-<type>, datepart-<type>, width-<type>, reset-<type>,
 * separator-<type>, example-<type>, save-<type>).
 */
import { useState } from 'react'
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core'
import { NUMBER_DATE_PARTS, NUMBER_RESETS, type NumberingRuleRow } from '../../../../../src-preload/contracts/sales'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { ErrorState, LoadingState } from '../../../shared/states'

const SEPARATORS = ['-', '', '/', '_'] as const

export default function NumberingPage() {
  const { t } = useI18n()
  const rules = useQuery(() => api.sales.getNumberingRules({}), [])
  const { permissions } = useSession()
  const canEdit = permissions.includes('system.settings')
  return (
    <Stack>
      <PageHeader title={t('sales.numbering.title')} subtitle={t('sales.numbering.subtitle')} />
      {!canEdit && <Alert variant="light">{t('sales.numbering.readOnly')}</Alert>}
      {rules.error && <ErrorState error={rules.error} onRetry={rules.reload} />}
      {!rules.data && !rules.error && <LoadingState />}
      {rules.data?.map((r) => <RuleCard key={`${r.id}-${r.example}`} rule={r} canEdit={canEdit} onSaved={rules.reload} />)}
    </Stack>
  )
}

function RuleCard({ rule, canEdit, onSaved }: { rule: NumberingRuleRow; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [r, setR] = useState(rule)
  const [busy, setBusy] = useState(false)
  const type = rule.documentType
  // The example follows the form as typed (today's date, serial 1), like main's.
  const d = new Date()
  const p2 = (n: number) => String(n).padStart(2, '0')
  const date = r.datePart === 'YYYY' ? `${d.getFullYear()}` : r.datePart === 'YYYYMM' ? `${d.getFullYear()}${p2(d.getMonth() + 1)}` : r.datePart === 'YYYYMMDD' ? `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}` : ''
  const example = [r.prefix, date, '1'.padStart(r.serialWidth, '0')].filter((x) => x !== '').join(r.separator)
  const save = async () => {
    setBusy(true)
    try {
      await api.sales.saveNumberingRule({ documentType: type, prefix: r.prefix, datePart: r.datePart, serialWidth: r.serialWidth, reset: r.reset, separator: r.separator })
      notify.success('sales.numbering.saved')
      onSaved()
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card withBorder data-testid={`numbering-rule-${type}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t(`sales.numbering.docTypes.${type}`)}{!rule.saved ? ` · ${t('sales.numbering.default')}` : ''}</Text>
          <Text ff="monospace" data-testid={`example-${type}`}>{t('sales.numbering.example')}: {example}</Text>
        </Group>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('sales.numbering.prefix')} value={r.prefix} maxLength={20} disabled={!canEdit} w={120} onChange={(e) => setR({ ...r, prefix: e.currentTarget.value })} data-testid={`prefix-${type}`} />
          <Select label={t('sales.numbering.datePart')} value={r.datePart} disabled={!canEdit} w={200} allowDeselect={false}
            data={NUMBER_DATE_PARTS.map((v) => ({ value: v, label: t(`sales.numbering.dateParts.${v}`) }))} onChange={(v) => v && setR({ ...r, datePart: v as NumberingRuleRow['datePart'] })} data-testid={`datepart-${type}`} />
          <NumberInput label={t('sales.numbering.serialWidth')} value={r.serialWidth} min={1} max={12} disabled={!canEdit} w={130} onChange={(v) => setR({ ...r, serialWidth: typeof v === 'number' ? Math.min(12, Math.max(1, v)) : r.serialWidth })} data-testid={`width-${type}`} />
          <Select label={t('sales.numbering.reset')} value={r.reset} disabled={!canEdit} w={140} allowDeselect={false}
            data={NUMBER_RESETS.map((v) => ({ value: v, label: t(`sales.numbering.resets.${v}`) }))} onChange={(v) => v && setR({ ...r, reset: v as NumberingRuleRow['reset'] })} data-testid={`reset-${type}`} />
          <Select label={t('sales.numbering.separator')} value={r.separator === '' ? 'none' : r.separator} disabled={!canEdit} w={110} allowDeselect={false}
            data={SEPARATORS.map((v) => ({ value: v === '' ? 'none' : v, label: v === '' ? t('sales.numbering.separators.none') : v }))}
            onChange={(v) => v && setR({ ...r, separator: (v === 'none' ? '' : v) as NumberingRuleRow['separator'] })} data-testid={`separator-${type}`} />
          {canEdit && <Button loading={busy} onClick={() => { void save() }} data-testid={`save-${type}`}>{t('common.save')}</Button>}
        </Group>
      </Stack>
    </Card>
  )
}
