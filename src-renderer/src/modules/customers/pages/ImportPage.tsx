/*
 * 导入客户: CSV (UTF-8, UTF-8 BOM, GBK/GB18030 as Excel and WPS save them) or .xlsx.
 * Step 1 preview (encoding, sample, suggested mapping), step 2 column mapping, step 3
 * validation report per row with the duplicate mode (skip / update / create), then an
 * all-or-nothing commit. Also: download the template, import contacts from a vCard.
 * Testids: page-title, import-file, import-choose, import-template-csv, import-template-xlsx,
 * import-vcard-file, import-vcard-choose, import-encoding, import-sample, import-next,
 * import-back, import-mapping-<column index>, import-missing, import-duplicate-mode,
 * import-report, import-commit, import-result, import-again.
 */
import { useRef, useState } from 'react'
import { Alert, Badge, Button, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Table, Text, ThemeIcon, Title } from '@mantine/core'
import { IconAddressBook, IconCheck, IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react'
import { Link } from 'react-router'
import { IMPORT_DUPLICATE_MODES, IMPORT_TARGETS, type ImportPreview, type ImportResult } from '../../../../../src-preload/contracts/customers-io'
import { api, useQuery } from '../../../api'
import { isMessageKey, useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { ImportReport } from '../components/ImportReport'
import { downloadFile, readFileInput } from '../lib/files'
import { importTargetLabel } from '../lib/labels'
import { CUSTOMERS_PATH } from '../lib/paths'

type DuplicateMode = (typeof IMPORT_DUPLICATE_MODES)[number]
interface FileData { fileName: string; contentBase64: string }

export default function ImportPage() {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const fileRef = useRef<HTMLInputElement>(null)
  const vcardRef = useRef<HTMLInputElement>(null)
  const [step, setStep] = useState(0)
  const [file, setFile] = useState<FileData | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [mapping, setMapping] = useState<Record<string, string>>({})
  const [mode, setMode] = useState<DuplicateMode>('skip')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ImportResult | null>(null)
  const fields = useQuery(() => api.customers.listFields({}), [])
  const customLabels = new Map((fields.data ?? []).map((f) => [f.key, f.label]))
  const targetOptions = [
    { value: '', label: t('customers.import.ignore') },
    ...IMPORT_TARGETS.map((x) => ({ value: x, label: importTargetLabel(t, x, customLabels) })),
    ...(fields.data ?? []).map((f) => ({ value: `custom.${f.key}`, label: f.label })),
  ]

  const call = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    try {
      return await fn()
    } catch (e) {
      notify.error(e)
      return undefined
    } finally {
      setBusy(false)
    }
  }

  const choose = async (f: File | undefined) => {
    if (!f) return
    const data = await readFileInput(f)
    const p = await call(() => api.customers.importPreview(data))
    if (!p) return
    setFile(data)
    setPreview(p)
    setMapping(p.mapping)
    setResult(null)
    setStep(1)
  }

  const validate = async (m: DuplicateMode = mode) => {
    if (!file) return
    const p = await call(() => api.customers.importPreview({ ...file, mapping, duplicateMode: m }))
    if (!p) return
    setPreview(p)
    setStep(3)
  }

  const commit = async () => {
    if (!file) return
    const r = await call(() => api.customers.importCommit({ ...file, mapping, duplicateMode: mode }))
    if (!r) return
    setResult(r)
    setStep(4)
  }

  const template = (format: 'csv' | 'xlsx') => { void call(async () => downloadFile(await api.customers.importTemplate({ format }))) }
  const vcard = async (f: File | undefined) => {
    if (!f) return
    const data = await readFileInput(f)
    const r = await call(() => api.customers.importVcard(data))
    if (r) notify.success('customers.import.vcardDone', { contacts: r.contacts, created: r.created, updated: r.updated })
  }
  const restart = () => { setStep(0); setFile(null); setPreview(null); setMapping({}); setResult(null); if (fileRef.current) fileRef.current.value = '' }
  const mappedName = Object.values(mapping).includes('name')
  const encodingLabel = (e: string) => { const k = `customers.import.encodings.${e}`; return isMessageKey(k) ? t(k) : e }

  return (
    <>
      <PageHeader title={t('customers.import.title')} subtitle={t('customers.import.subtitle')} />
      <Card withBorder radius="md" padding="lg">
        <Stepper active={step} onStepClick={(s) => { if (s < step && step < 4) setStep(s) }} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label={t('customers.import.steps.upload')}>
            <Stack gap="lg" mt="md">
              <input ref={fileRef} type="file" hidden accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => { void choose(e.currentTarget.files?.[0]) }} data-testid="import-file" />
              <Card withBorder radius="md" padding="xl" style={{ borderStyle: 'dashed', textAlign: 'center' }}>
                <Stack align="center" gap="sm">
                  <ThemeIcon size={56} radius="xl" variant="light"><IconFileSpreadsheet size={30} /></ThemeIcon>
                  <Text fw={600}>{t('customers.import.chooseTitle')}</Text>
                  <Text size="sm" c="dimmed" maw={520}>{t('customers.import.chooseHint')}</Text>
                  <Button leftSection={busy ? <Loader size={14} color="white" /> : <IconUpload size={16} />} disabled={busy} onClick={() => fileRef.current?.click()} data-testid="import-choose">
                    {t('customers.import.choose')}
                  </Button>
                </Stack>
              </Card>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Card withBorder radius="md">
                  <Text fw={600} mb={4}>{t('customers.import.templateTitle')}</Text>
                  <Text size="sm" c="dimmed" mb="sm">{t('customers.import.templateHint')}</Text>
                  <Group gap="xs">
                    <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={() => template('xlsx')} data-testid="import-template-xlsx">{t('customers.import.templateXlsx')}</Button>
                    <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={() => template('csv')} data-testid="import-template-csv">{t('customers.import.templateCsv')}</Button>
                  </Group>
                </Card>
                <Card withBorder radius="md">
                  <Text fw={600} mb={4}>{t('customers.import.vcardTitle')}</Text>
                  <Text size="sm" c="dimmed" mb="sm">{t('customers.import.vcardHint')}</Text>
                  <input ref={vcardRef} type="file" hidden accept=".vcf,text/vcard" onChange={(e) => { void vcard(e.currentTarget.files?.[0]); e.currentTarget.value = '' }} data-testid="import-vcard-file" />
                  <Button variant="default" size="xs" leftSection={<IconAddressBook size={14} />} disabled={busy} onClick={() => vcardRef.current?.click()} data-testid="import-vcard-choose">{t('customers.import.vcardChoose')}</Button>
                </Card>
              </SimpleGrid>
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={t('customers.import.steps.preview')}>
            {preview && (
              <Stack gap="md" mt="md">
                <Group gap="xs" data-testid="import-encoding">
                  <Badge variant="light">{file?.fileName}</Badge>
                  <Badge variant="light" color="gray">{t('customers.import.fileType', { type: preview.fileType.toUpperCase() })}</Badge>
                  <Badge variant="light" color="gray">{t('customers.import.encoding', { encoding: encodingLabel(preview.encoding) })}</Badge>
                  {preview.delimiter && <Badge variant="light" color="gray">{t('customers.import.delimiter', { delimiter: preview.delimiter === '\t' ? 'Tab' : preview.delimiter })}</Badge>}
                  <Badge variant="light" color="gray">{t('customers.import.rowsRead', { rows: fmt.number(preview.totals.rows) })}</Badge>
                </Group>
                <Table.ScrollContainer minWidth={Math.max(600, preview.columns.length * 140)}>
                  <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" data-testid="import-sample">
                    <Table.Thead>
                      <Table.Tr>
                        {preview.columns.map((c, i) => (
                          <Table.Th key={i}>
                            <Text size="sm" fw={600}>{c}</Text>
                            <Text size="xs" c={preview.mapping[c] ? 'indigo' : 'dimmed'}>→ {importTargetLabel(t, preview.mapping[c] ?? '', customLabels)}</Text>
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.sampleRows.map((r, i) => <Table.Tr key={i}>{preview.columns.map((_, j) => <Table.Td key={j}>{r[j] ?? ''}</Table.Td>)}</Table.Tr>)}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Text size="sm" c="dimmed">{t('customers.import.previewHint')}</Text>
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Step label={t('customers.import.steps.mapping')}>
            {preview && (
              <Stack gap="md" mt="md">
                <Text size="sm" c="dimmed">{t('customers.import.mappingHint')}</Text>
                <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                  {preview.columns.map((c, i) => (
                    <Select key={i} label={c} description={preview.sampleRows[0]?.[i] ? t('customers.import.example', { value: preview.sampleRows[0][i] ?? '' }) : undefined}
                      data={targetOptions} value={mapping[c] ?? ''} allowDeselect={false} searchable
                      onChange={(v) => setMapping((m) => ({ ...m, [c]: v ?? '' }))} data-testid={`import-mapping-${i}`} />
                  ))}
                </SimpleGrid>
                {!mappedName && <Alert color="red" variant="light" data-testid="import-missing">{t('customers.import.nameRequired')}</Alert>}
                <Stack gap={4}>
                  <Text size="sm" fw={500}>{t('customers.import.duplicateMode')}</Text>
                  <SegmentedControl w="fit-content" value={mode} onChange={(v) => setMode(v as DuplicateMode)} data-testid="import-duplicate-mode"
                    data={IMPORT_DUPLICATE_MODES.map((m) => ({ value: m, label: t(`customers.import.modes.${m}`) }))} />
                  <Text size="xs" c="dimmed">{t(`customers.import.modeHints.${mode}`)}</Text>
                </Stack>
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Step label={t('customers.import.steps.validate')}>
            {preview && (
              <Stack gap="md" mt="md">
                {preview.missingRequired.length > 0 && <Alert color="red" variant="light" data-testid="import-missing">{t('customers.import.nameRequired')}</Alert>}
                <Group justify="space-between" align="flex-end">
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>{t('customers.import.duplicateMode')}</Text>
                    <SegmentedControl value={mode} onChange={(v) => { setMode(v as DuplicateMode); void validate(v as DuplicateMode) }} data-testid="import-duplicate-mode"
                      data={IMPORT_DUPLICATE_MODES.map((m) => ({ value: m, label: t(`customers.import.modes.${m}`) }))} />
                  </Stack>
                  {preview.totals.error > 0
                    ? <Alert color="red" variant="light" py={6}>{t('customers.import.fixErrors', { count: preview.totals.error })}</Alert>
                    : <Alert color="teal" variant="light" py={6}>{t('customers.import.ready', { create: preview.totals.create, update: preview.totals.update, skip: preview.totals.skip })}</Alert>}
                </Group>
                <ImportReport preview={preview} customLabels={customLabels} />
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Completed>
            {result && (
              <Stack align="center" gap="md" py="xl" data-testid="import-result">
                <ThemeIcon size={64} radius="xl" color="teal" variant="light"><IconCheck size={36} /></ThemeIcon>
                <Title order={3}>{t('customers.import.doneTitle')}</Title>
                <Text>{t('customers.import.doneText', { created: result.created, updated: result.updated, skipped: result.skipped, contacts: result.contacts })}</Text>
                <Group>
                  <Button component={Link} to={CUSTOMERS_PATH}>{t('customers.import.toList')}</Button>
                  <Button variant="default" onClick={restart} data-testid="import-again">{t('customers.import.again')}</Button>
                </Group>
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>

        {step > 0 && step < 4 && (
          <Group justify="space-between" mt="xl">
            <Button variant="default" onClick={() => (step === 1 ? restart() : setStep(step - 1))} disabled={busy} data-testid="import-back">{t('customers.import.back')}</Button>
            {step === 1 && <Button onClick={() => setStep(2)} data-testid="import-next">{t('customers.import.next')}</Button>}
            {step === 2 && <Button onClick={() => { void validate() }} loading={busy} disabled={!mappedName} data-testid="import-next">{t('customers.import.check')}</Button>}
            {step === 3 && (
              <Button color="teal" onClick={() => { void commit() }} loading={busy} disabled={preview === null || preview.totals.error > 0 || preview.rows.length === 0} data-testid="import-commit">
                {t('customers.import.commit')}
              </Button>
            )}
          </Group>
        )}
      </Card>
    </>
  )
}
