import { useState } from 'react'
import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Text } from '@mantine/core'
import { IconInfoCircle, IconRecycle } from '@tabler/icons-react'
import { poolRulesInput, type PoolRules } from '../../../../../src-preload/contracts/pool'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { ErrorState, LoadingState } from '../../../shared/states'
import { pathErrors, type PathErrors } from '../lib/validation'

type NumberRule = 'defaultDays' | 'warnDaysBefore' | 'dailyClaimCap' | 'holdCap' | 'reclaimBlockDays'
type BoolRule = 'exemptWon' | 'exemptLocked' | 'holdCapCountsWon'
const NUMBERS: NumberRule[] = ['defaultDays', 'warnDaysBefore', 'dailyClaimCap', 'holdCap', 'reclaimBlockDays']
const BOOLS: BoolRule[] = ['exemptWon', 'exemptLocked', 'holdCapCountsWon']

function RulesEditor({ initial, onSaved }: { initial: PoolRules; onSaved: () => void }) {
  const t = useT()
  const notify = useNotify()
  const confirm = useConfirm()
  const [rules, setRules] = useState<PoolRules>(initial)
  const [errors, setErrors] = useState<PathErrors>({})
  const [pending, setPending] = useState(false)
  const [sweeping, setSweeping] = useState(false)
  const set = <K extends keyof PoolRules>(k: K, v: PoolRules[K]) => setRules((r) => ({ ...r, [k]: v }))

  const save = async () => {
    const found = pathErrors(poolRulesInput.safeParse(rules))
    setErrors(found)
    if (Object.keys(found).length) return
    setPending(true)
    try {
      await api.pool.setRules(rules)
      notify.success('customers.rules.saved')
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setPending(false)
    }
  }

  const sweep = () => confirm({
    title: t('customers.rules.sweepTitle'), message: t('customers.rules.sweepText'), confirmLabel: t('customers.rules.sweep'),
    onConfirm: () => {
      setSweeping(true)
      api.pool.sweep({}).then((r) => notify.success('customers.rules.sweepDone', { reclaimed: r.reclaimed, warned: r.warned }), (e: unknown) => notify.error(e)).finally(() => setSweeping(false))
    },
  })

  return (
    <Stack gap="md" data-testid="pool-rules">
      <Card withBorder radius="md">
        <Stack gap="md">
          <Switch label={t('customers.rules.autoReclaim')} description={t('customers.rules.autoReclaimHint')} checked={rules.autoReclaim}
            onChange={(e) => set('autoReclaim', e.currentTarget.checked)} data-testid="rule-autoReclaim" />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {NUMBERS.map((k) => (
              <NumberInput key={k} label={t(`customers.rules.${k}`)} description={t(`customers.rules.${k}Hint`)} min={0} allowDecimal={false}
                value={rules[k]} onChange={(v) => set(k, typeof v === 'number' ? v : 0)} error={errors[k] ? t(errors[k].key, errors[k].params) : undefined} data-testid={`rule-${k}`} />
            ))}
          </SimpleGrid>
          <Group gap="xl">
            {BOOLS.map((k) => <Switch key={k} label={t(`customers.rules.${k}`)} checked={rules[k]} onChange={(e) => set(k, e.currentTarget.checked)} data-testid={`rule-${k}`} />)}
          </Group>
          <Alert variant="light" icon={<IconInfoCircle size={18} />}>{t('customers.rules.levelHint')}</Alert>
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconRecycle size={16} />} loading={sweeping} onClick={sweep} data-testid="pool-sweep">{t('customers.rules.sweep')}</Button>
            <Button loading={pending} onClick={() => { void save() }} data-testid="pool-rules-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </Card>
      <Text size="xs" c="dimmed">{t('customers.rules.nextSweep')}</Text>
    </Stack>
  )
}

/** 公海规则 for administrators (system.settings): reclaim, warnings, claim caps; "run sweep now". */
export function PoolRulesForm() {
  const rules = useQuery(() => api.pool.getRules({}), [])
  if (rules.error && !rules.data) return <ErrorState error={rules.error} onRetry={rules.reload} />
  if (!rules.data) return <LoadingState />
  return <RulesEditor key={JSON.stringify(rules.data)} initial={rules.data} onSaved={rules.reload} />
}
