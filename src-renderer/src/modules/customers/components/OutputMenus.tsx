import { useState } from 'react'
import { Button, Menu } from '@mantine/core'
import { IconAddressBook, IconChevronDown, IconFileSpreadsheet, IconFileText, IconFileTypePdf, IconFileDownload, IconPhone, IconPrinter, IconTags } from '@tabler/icons-react'
import { PRINT_KINDS } from '../../../../../src-preload/contracts/customers-io'
import { api, runtime } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { downloadFile, printHtml } from '../lib/files'
import type { ListFilters, ListSort } from '../lib/filters'

/** What an export or print covers: the selected rows, or the whole filtered list. */
export interface Selection { ids?: string[]; filters: ListFilters; sort: ListSort }

const PRINT_ICONS = { addressList: IconAddressBook, phoneList: IconPhone, labels: IconTags } as const

/**
 * Export (CSV / Excel of the list view, vCard of the selection or view). Testids:
 * export-menu, export-csv, export-xlsx, export-csv-contacts, export-xlsx-contacts, export-vcard-3, export-vcard-4.
 */
export function ExportMenu({ selection, disabled }: { selection: Selection; disabled?: boolean }) {
  const { t } = useI18n()
  const notify = useNotify()
  const [busy, setBusy] = useState(false)

  const run = async (make: () => Promise<{ fileName: string; mime: string; contentBase64: string }>) => {
    setBusy(true)
    try {
      downloadFile(await make())
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }
  const sheet = (format: 'csv' | 'xlsx', contacts: 'primary' | 'all') => run(() => api.customers.export({ filters: selection.filters, sort: selection.sort, format, contacts }))
  const vcard = (version: '3.0' | '4.0') => run(() => api.customers.exportVcard({ ...(selection.ids ? { ids: selection.ids } : { filters: selection.filters }), version }))

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={busy} disabled={disabled} leftSection={<IconFileDownload size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="export-menu">
          {t('customers.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('customers.export.listView')}</Menu.Label>
        <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => { void sheet('csv', 'primary') }} data-testid="export-csv">{t('customers.export.csv')}</Menu.Item>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => { void sheet('xlsx', 'primary') }} data-testid="export-xlsx">{t('customers.export.xlsx')}</Menu.Item>
        <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => { void sheet('csv', 'all') }} data-testid="export-csv-contacts">{t('customers.export.csvContacts')}</Menu.Item>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => { void sheet('xlsx', 'all') }} data-testid="export-xlsx-contacts">{t('customers.export.xlsxContacts')}</Menu.Item>
        <Menu.Divider />
        <Menu.Label>{selection.ids ? t('customers.export.vcardSelected', { count: selection.ids.length }) : t('customers.export.vcardView')}</Menu.Label>
        <Menu.Item leftSection={<IconAddressBook size={16} />} onClick={() => { void vcard('3.0') }} data-testid="export-vcard-3">{t('customers.export.vcard3')}</Menu.Item>
        <Menu.Item leftSection={<IconAddressBook size={16} />} onClick={() => { void vcard('4.0') }} data-testid="export-vcard-4">{t('customers.export.vcard4')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

/**
 * Print an address list, a phone list or 2×7 A4 labels for the selection (or the view):
 * the browser's print dialog; in the desktop app also "save as PDF" through main's printing port.
 * Testids: print-menu, print-<kind>, pdf-<kind>.
 */
export function PrintMenu({ selection }: { selection: Selection }) {
  const { t, locale } = useI18n()
  const notify = useNotify()
  const [busy, setBusy] = useState(false)
  const target = selection.ids ? { ids: selection.ids } : { filters: selection.filters }

  const print = async (kind: (typeof PRINT_KINDS)[number]) => {
    setBusy(true)
    try {
      const r = await api.customers.printHtml({ ...target, kind, lang: locale })
      printHtml(r.html)
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }
  const pdf = async (kind: (typeof PRINT_KINDS)[number]) => {
    setBusy(true)
    try {
      downloadFile(await api.customers.printPdf({ ...target, kind, lang: locale }))
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={busy} leftSection={<IconPrinter size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="print-menu">
          {t('customers.print.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{selection.ids ? t('customers.print.selected', { count: selection.ids.length }) : t('customers.print.view')}</Menu.Label>
        {PRINT_KINDS.map((kind) => {
          const Icon = PRINT_ICONS[kind]
          return <Menu.Item key={kind} leftSection={<Icon size={16} />} onClick={() => { void print(kind) }} data-testid={`print-${kind}`}>{t(`customers.print.${kind}`)}</Menu.Item>
        })}
        {runtime === 'electron' && (
          <>
            <Menu.Divider />
            <Menu.Label>{t('customers.print.pdf')}</Menu.Label>
            {PRINT_KINDS.map((kind) => (
              <Menu.Item key={kind} leftSection={<IconFileTypePdf size={16} />} onClick={() => { void pdf(kind) }} data-testid={`pdf-${kind}`}>{t(`customers.print.${kind}`)}</Menu.Item>
            ))}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
