/*
 * 导入产品: CSV (UTF-8, UTF-8 BOM, GBK as Excel/WPS save them) or .xlsx. Step 1 file (and the
 * template), step 2 column mapping (suggested from the headers), step 3 the per-row report with
 * what to do with existing codes, then an all-or-nothing commit.
 * Testids: page-title, import-file, import-choose, import-template-csv, import-template-xlsx,
 * import-mapping-<column index>, import-missing, import-next, import-back, import-duplicate-mode,
 * import-totals, import-report, import-report-row-<row>, import-commit, import-result.
 */
import { useRef, useState } from 'react'
import { Alert, Badge, Button, Card, Checkbox, Group, SegmentedControl, Select, Stack, Stepper, Table, Text } from '@mantine/core'
import { IconCheck, IconDownload, IconUpload } from '@tabler/icons-react'
import { Link } from 'react-router'
import { CATALOGUE_IMPORT_TARGETS, type CatalogueImportPreview, type CatalogueImportResult, type CatalogueImportTarget } from '../../../../../src-preload/contracts/catalogue'
import { api } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { isMessageKey, useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { downloadFile, readFileInput } from '../../customers/lib/files'
import { PRODUCTS_PATH } from '../lib/paths'

type Mode = 'skip' | 'update'
const STATUS_COLORS = { new: 'teal', duplicate: 'orange', error: 'red' } as const
const COST: readonly CatalogueImportTarget[] = ['floorPrice', 'standardCost']

export default function ProductImportPage() {
  const { t } = useI18n()
  const notify = useNotify()
  const session = useSession()
  const fileRef = useRef<HTMLInputElement>(null)
  const [step, setStep] = useState(0)
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null)
  const [preview, setPreview] = useState<CatalogueImportPreview | null>(null)
  const [mapping, setMapping] = useState<Record<string, CatalogueImportTarget | ''>>({})
  const [mode, setMode] = useState<Mode>('skip')
  const [onlyErrors, setOnlyErrors] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<CatalogueImportResult | null>(null)
  const targets = CATALOGUE_IMPORT_TARGETS.filter((x) => session.permissions.includes('catalogue.viewCost') || !COST.includes(x))

  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    try { return await fn() } catch (e) { notify.error(e); return undefined } finally { setBusy(false) }
  }
  const load = async (f: typeof file, m: typeof mapping | undefined, dm: Mode) => {
    if (!f) return
    const p = await run(() => api.catalogue.importPreview({ ...f, mapping: m, duplicateMode: dm }))
    if (p) { setPreview(p); setMapping(p.mapping) }
    return p
  }
  const choose = async (picked: File | undefined) => {
    if (!picked) return
    const f = await readFileInput(picked)
    setFile(f)
    setResult(null)
    if (await load(f, undefined, mode)) setStep(1)
  }
  const commit = async () => {
    if (!file) return
    const r = await run(() => api.catalogue.importCommit({ ...file, mapping, duplicateMode: mode }))
    if (r) { setResult(r); setStep(3) }
  }
  const issue = (i: { field: string; messageKey: string; params?: Record<string, string | number> }) =>
    t('catalogue.import.issue', { field: (CATALOGUE_IMPORT_TARGETS as readonly string[]).includes(i.field) ? t(`catalogue.fields.${i.field as CatalogueImportTarget}`) : i.field, text: isMessageKey(i.messageKey) ? t(i.messageKey, i.params) : i.messageKey })
  const rows = (preview?.rows ?? []).filter((r) => !onlyErrors || r.status === 'error')
  const committable = preview ? preview.totals.error === 0 && preview.missingRequired.length === 0 && preview.totals.rows > 0 : false

  return (
    <>
      <PageHeader title={t('catalogue.import.title')} subtitle={t('catalogue.import.subtitle')} />
      <Card withBorder radius="md">
        <Stepper active={step} onStepClick={(s) => { if (s < step && step < 3) setStep(s) }} allowNextStepsSelect={false}>
          <Stepper.Step label={t('catalogue.import.stepFile')}>
            <Group mt="md">
              <input ref={fileRef} type="file" hidden accept=".csv,.txt,.xlsx" onChange={(e) => { void choose(e.currentTarget.files?.[0]); e.currentTarget.value = '' }} data-testid="import-file" />
              <Button leftSection={<IconUpload size={16} />} loading={busy} onClick={() => fileRef.current?.click()} data-testid="import-choose">{t('catalogue.import.chooseFile')}</Button>
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => { api.catalogue.importTemplate({ format: 'xlsx' }).then(downloadFile, notify.error) }} data-testid="import-template-xlsx">{t('catalogue.import.templateXlsx')}</Button>
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => { api.catalogue.importTemplate({ format: 'csv' }).then(downloadFile, notify.error) }} data-testid="import-template-csv">{t('catalogue.import.templateCsv')}</Button>
            </Group>
          </Stepper.Step>
          <Stepper.Step label={t('catalogue.import.stepMapping')}>
            {preview && (
              <Stack mt="md">
                <Text size="sm" c="dimmed">{t('catalogue.import.encoding', { encoding: preview.encoding })}</Text>
                <Table withTableBorder>
                  <Table.Thead><Table.Tr><Table.Th>{t('catalogue.import.column')}</Table.Th><Table.Th>{t('catalogue.import.target')}</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {preview.columns.map((c, i) => (
                      <Table.Tr key={c}>
                        <Table.Td><Text size="sm" fw={600}>{c}</Text><Text size="xs" c="dimmed" truncate maw={360}>{preview.sampleRows.slice(0, 3).map((r) => r[i] ?? '').filter(Boolean).join(' · ')}</Text></Table.Td>
                        <Table.Td w={260}>
                          <Select value={mapping[c] ?? ''} allowDeselect={false} aria-label={c} data-testid={`import-mapping-${i}`} onChange={(v) => setMapping((m) => ({ ...m, [c]: (v ?? '') as CatalogueImportTarget | '' }))}
                            data={[{ value: '', label: t('catalogue.import.ignore') }, ...targets.map((x) => ({ value: x, label: t(`catalogue.fields.${x}`) }))]} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {!['code', 'name'].every((x) => Object.values(mapping).includes(x as CatalogueImportTarget)) && <Alert color="orange" data-testid="import-missing">{t('catalogue.import.missing')}</Alert>}
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(0)} data-testid="import-back">{t('catalogue.import.back')}</Button>
                  <Button loading={busy} onClick={() => { void load(file, mapping, mode).then((p) => { if (p && p.missingRequired.length === 0) setStep(2) }) }} data-testid="import-next">{t('catalogue.import.next')}</Button>
                </Group>
              </Stack>
            )}
          </Stepper.Step>
          <Stepper.Step label={t('catalogue.import.stepReport')}>
            {preview && (
              <Stack mt="md">
                <Group justify="space-between">
                  <Text size="sm" data-testid="import-totals">{t('catalogue.import.totals', { ...preview.totals })}</Text>
                  <Group>
                    <Text size="sm">{t('catalogue.import.duplicateMode')}</Text>
                    <SegmentedControl size="xs" value={mode} onChange={(v) => { setMode(v as Mode); void load(file, mapping, v as Mode) }} data-testid="import-duplicate-mode"
                      data={(['skip', 'update'] as const).map((m) => ({ value: m, label: t(`catalogue.import.modes.${m}`) }))} />
                  </Group>
                </Group>
                <Checkbox size="xs" label={t('catalogue.import.showErrors')} checked={onlyErrors} onChange={(e) => setOnlyErrors(e.currentTarget.checked)} />
                <Table.ScrollContainer minWidth={800} mah={480}>
                  <Table withTableBorder verticalSpacing="xs" data-testid="import-report">
                    <Table.Thead><Table.Tr><Table.Th w={70}>{t('catalogue.import.row')}</Table.Th><Table.Th>{t('catalogue.fields.code')}</Table.Th><Table.Th>{t('catalogue.fields.name')}</Table.Th><Table.Th w={120} /><Table.Th w={80} /><Table.Th>{t('catalogue.import.problems')}</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {rows.slice(0, 500).map((r) => (
                        <Table.Tr key={r.row} data-testid={`import-report-row-${r.row}`} data-status={r.status}>
                          <Table.Td ff="monospace">{r.row}</Table.Td><Table.Td ff="monospace">{r.code}</Table.Td><Table.Td>{r.name}</Table.Td>
                          <Table.Td><Badge variant="light" color={STATUS_COLORS[r.status]}>{t(`catalogue.import.rowStatus.${r.status}`)}</Badge></Table.Td>
                          <Table.Td>{r.action ? t(`catalogue.import.actions.${r.action}`) : '—'}</Table.Td>
                          <Table.Td>
                            {r.errors.map((e, i) => <Text key={`e${i}`} size="xs" c="red">{issue(e)}</Text>)}
                            {r.warnings.map((w, i) => <Text key={`w${i}`} size="xs" c="orange">{issue(w)}</Text>)}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(1)}>{t('catalogue.import.back')}</Button>
                  <Button loading={busy} disabled={!committable} onClick={() => { void commit() }} data-testid="import-commit">
                    {t('catalogue.import.commit', { count: preview.totals.create + preview.totals.update })}
                  </Button>
                </Group>
              </Stack>
            )}
          </Stepper.Step>
          <Stepper.Completed>
            {result && (
              <Stack mt="md" align="flex-start">
                <Alert color="teal" icon={<IconCheck size={18} />} data-testid="import-result">{t('catalogue.import.done', { ...result })}</Alert>
                <Group>
                  <Button component={Link} to={PRODUCTS_PATH}>{t('catalogue.import.toList')}</Button>
                  <Button variant="default" onClick={() => { setStep(0); setPreview(null); setFile(null); setResult(null) }}>{t('catalogue.import.again')}</Button>
                </Group>
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>
      </Card>
    </>
  )
}
