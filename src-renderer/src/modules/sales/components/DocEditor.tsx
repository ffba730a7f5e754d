import { useState, type ReactNode } from 'react'
import { Alert, Button, Card, Grid, Group, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core'
import { useI18n } from '../../../app/i18n'
import { CustomerPicker } from '../../customers/components/CustomerPicker'
import { newLine, parseLine, totalsOf, type EditLine } from '../lib/lines'
import type { LineInput } from '../../../../../src-preload/contracts/sales'
import { LinesEditor, TotalsBlock } from './LinesEditor'
import { PartyPickers, type Parties } from './PartyPickers'
import { PriceHistoryPanel } from './PriceHistoryPanel'

export interface DocHead extends Parties { customerId: string | null; customerName: string | null; date: string; date2: string; priceIncludesTax: boolean; text1: string; text2: string }

/**
 * The editor shared by quotes and orders: customer, two dates, tax mode, lines with the price
 * history panel beside them, live totals, two text fields, and the save buttons. Labels of the
 * dates and texts come from the caller; `parties` says which pickers the document has (contact
 * always, opportunity for quotes, salesperson for orders: PartyPickers). Testids: doc-editor, doc-date, doc-date2, doc-text1,
 * doc-text2, doc-tax-mode, save-draft, save-submit, editor-error.
 */
export function DocEditor({ head: initialHead, lines: initialLines, customerFixed, labels, excludeId, extra, busy, onSave, parties }: {
  head: DocHead; lines: EditLine[]; customerFixed: boolean; excludeId?: string; extra?: ReactNode; busy: boolean
  parties: { opportunity: boolean; salesperson: boolean }
  labels: { date: string; date2: string; text1: string; text2: string }
  onSave: (head: DocHead, lines: LineInput[], submit: boolean) => void
}) {
  const { t } = useI18n()
  const [head, setHead] = useState(initialHead)
  const [lines, setLines] = useState<EditLine[]>(initialLines.length ? initialLines : [newLine()])
  const [active, setActive] = useState<string | null>(lines[0]?.key ?? null)
  const [problem, setProblem] = useState<string | null>(null)
  const parsed = lines.map((l) => parseLine(l, head.priceIncludesTax))
  const totals = totalsOf(parsed)
  const current = lines.find((l) => l.key === active) ?? null

  const save = (submit: boolean) => {
    const inputs = parsed.map((p) => p.input)
    if (!head.customerId || inputs.some((i) => i === null) || inputs.length === 0) { setProblem(t('sales.editor.needsLines')); return }
    setProblem(null)
    onSave(head, inputs as LineInput[], submit)
  }

  return (
    <Stack gap="md" data-testid="doc-editor">
      <Card withBorder>
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}>
            {customerFixed
              ? <TextInput label={t('sales.fields.customer')} value={head.customerName ?? ''} readOnly />
              : <CustomerPicker label={t('sales.fields.customer')} value={head.customerId} onChange={(id, name) => setHead({ ...head, customerId: id, customerName: name, contactId: null, opportunityId: null })} />}
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}><TextInput type="date" label={labels.date} value={head.date} onChange={(e) => setHead({ ...head, date: e.currentTarget.value })} withAsterisk data-testid="doc-date" /></Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}><TextInput type="date" label={labels.date2} value={head.date2} onChange={(e) => setHead({ ...head, date2: e.currentTarget.value })} data-testid="doc-date2" /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Switch mt={30} label={t('sales.fields.priceIncludesTax')} checked={head.priceIncludesTax} onChange={(e) => setHead({ ...head, priceIncludesTax: e.currentTarget.checked })} data-testid="doc-tax-mode" />
          </Grid.Col>
          <Grid.Col span={12}>
            <PartyPickers customerId={head.customerId} value={head} onChange={(p) => setHead({ ...head, ...p })} opportunity={parties.opportunity} salesperson={parties.salesperson} />
          </Grid.Col>
          {extra && <Grid.Col span={12}>{extra}</Grid.Col>}
        </Grid>
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card withBorder>
            <LinesEditor lines={lines} onChange={setLines} priceIncludesTax={head.priceIncludesTax} active={active} onActivate={setActive} />
            <TotalsBlock {...totals} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <PriceHistoryPanel productId={current?.productId ?? null} productLabel={current?.productLabel ?? ''} customerId={head.customerId} excludeId={excludeId} />
        </Grid.Col>
      </Grid>
      <Card withBorder>
        <Stack gap="sm">
          <Textarea label={labels.text1} value={head.text1} onChange={(e) => setHead({ ...head, text1: e.currentTarget.value })} autosize minRows={2} maxLength={2000} data-testid="doc-text1" />
          <Textarea label={labels.text2} value={head.text2} onChange={(e) => setHead({ ...head, text2: e.currentTarget.value })} autosize minRows={2} maxLength={2000} data-testid="doc-text2" />
        </Stack>
      </Card>
      {problem && <Alert color="red" variant="light" data-testid="editor-error"><Text size="sm">{problem}</Text></Alert>}
      <Group justify="flex-end">
        <Button variant="default" loading={busy} onClick={() => save(false)} data-testid="save-draft">{t('sales.editor.saveDraft')}</Button>
        <Button loading={busy} onClick={() => save(true)} data-testid="save-submit">{t('sales.editor.saveSubmit')}</Button>
      </Group>
    </Stack>
  )
}
