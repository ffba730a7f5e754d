import { useState, type ReactNode } from 'react'
import { Anchor, Button, Card, Stack, Table, Text } from '@mantine/core'
import { IconArrowLeft, IconFileTypePdf, IconPrinter } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import type { QuoteDetail } from '../../../../../src-preload/contracts/sales'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { customerPath } from '../../customers/lib/paths'
import { printHtml, savePdf } from '../lib/print'
import { editQuotePath, orderPath, QUOTES_PATH, quotePath } from '../lib/paths'
import { DocLoader, PrintMenu, ReasonDialog, useDocRun } from './DocActions'
import { DocLinesTable, DocNumber, HeaderFacts } from './DocView'
import { QuoteStatusBadge } from './StatusBadge'

/**
 * One quote version: facts, lines, totals, versions, and the actions its status allows.
 * Testids: quote-view, quote-submit, quote-sent, quote-accept, quote-decline, quote-revise,
 * quote-edit, quote-create-order, print-menu, print-quote, print-quote-noprices, pdf-quote, quote-versions.
 */
export function QuoteView({ id }: { id: string }) {
  return <DocLoader id={id} load={(i) => api.sales.getQuote({ id: i })}>{(d, reload) => <QuoteBody quote={d} reload={reload} />}</DocLoader>
}

function QuoteBody({ quote: d, reload }: { quote: QuoteDetail; reload: () => void }) {
  const { t, fmt, locale } = useI18n()
  const navigate = useNavigate()
  const notify = useNotify()
  const confirm = useConfirm()
  const { busy, run } = useDocRun(reload)
  const [declining, setDeclining] = useState(false)
  const lang = locale === 'en' ? 'en' : 'zh-CN'
  const c = d.can
  return (
    <Stack data-testid="quote-view">
      <PageHeader
        title={`${t('sales.nav.quotes')} ${d.number}${d.version > 1 ? ` v${d.version}` : ''}`}
        actions={<>
          <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to={QUOTES_PATH}>{t('sales.detail.back')}</Button>
          <PrintMenu loading={busy === 'print'} items={[
            { testId: 'print-quote', label: t('sales.detail.print'), icon: <IconPrinter size={16} />, onClick: () => { void run('print', async () => printHtml((await api.sales.printQuoteHtml({ id: d.id, lang })).html), () => {}) } },
            { testId: 'print-quote-noprices', label: t('sales.detail.printNoPrices'), icon: <IconPrinter size={16} />, onClick: () => { void run('print', async () => printHtml((await api.sales.printQuoteHtml({ id: d.id, lang, hidePrices: true })).html), () => {}) } },
            { testId: 'pdf-quote', label: t('sales.detail.pdf'), icon: <IconFileTypePdf size={16} />, onClick: () => {
              void run('print', () => savePdf(() => api.sales.exportQuotePdf({ id: d.id, lang }), () => api.sales.printQuoteHtml({ id: d.id, lang })), (ok) => { if (!ok) notify.success('sales.detail.pdfUnavailable') })
            } },
          ]} />
          {c.edit && <Button variant="default" onClick={() => navigate(editQuotePath(d.id))} data-testid="quote-edit">{t('sales.detail.edit')}</Button>}
          {c.submit && <Button loading={busy === 'submit'} onClick={() => { void run('submit', () => api.sales.submitQuote({ id: d.id })) }} data-testid="quote-submit">{t('sales.detail.submit')}</Button>}
          {c.markSent && <Button loading={busy === 'sent'} onClick={() => { void run('sent', () => api.sales.markQuoteSent({ id: d.id })) }} data-testid="quote-sent">{t('sales.detail.markSent')}</Button>}
          {c.accept && <Button color="teal" loading={busy === 'accept'} onClick={() => { void run('accept', () => api.sales.acceptQuote({ id: d.id })) }} data-testid="quote-accept">{t('sales.detail.accept')}</Button>}
          {c.decline && <Button color="orange" variant="light" onClick={() => setDeclining(true)} data-testid="quote-decline">{t('sales.detail.decline')}</Button>}
          {c.revise && <Button variant="light" loading={busy === 'revise'} data-testid="quote-revise" onClick={() => confirm({
            title: t('sales.detail.reviseTitle'), message: t('sales.detail.reviseConfirm'), confirmLabel: t('sales.detail.revise'),
            onConfirm: () => { void run('revise', () => api.sales.reviseQuote({ id: d.id }), (out) => { void navigate(editQuotePath((out as QuoteDetail).id)) }) },
          })}>{t('sales.detail.revise')}</Button>}
          {c.createOrder && <Button color="teal" loading={busy === 'order'} data-testid="quote-create-order" onClick={() => {
            void run('order', () => api.sales.createOrderFromQuote({ quoteId: d.id }), (out) => {
              const o = out as { id: string; number: string }
              notify.success('sales.detail.orderCreated', { number: o.number })
              void navigate(orderPath(o.id))
            })
          }}>{t('sales.detail.createOrder')}</Button>}
        </>}
      />
      <HeaderFacts facts={[
        [t('sales.fields.number'), <DocNumber key="n" number={d.number} provisional={d.numberStatus === 'provisional'} />],
        [t('sales.fields.status'), <QuoteStatusBadge key="s" status={d.status} />],
        [t('sales.fields.customer'), <Anchor key="c" component={Link} to={customerPath(d.customerId)} size="sm">{d.customerName}</Anchor>],
        [t('sales.fields.contact'), d.contactName && <span key="ct" data-testid="doc-contact-name">{d.contactName}</span>],
        [t('sales.fields.opportunity'), d.opportunityName && <span key="op" data-testid="doc-opportunity-name">{d.opportunityName}</span>],
        [t('sales.fields.quoteDate'), d.quoteDate],
        [t('sales.fields.validUntil'), d.validUntil],
        [t('sales.fields.salesperson'), <span key="sp" data-testid="doc-salesperson-name">{d.ownerName}</span>],
        [t('sales.fields.version'), `v${d.version}`],
        ...(d.declineReason ? [[t('sales.detail.declineReasonLabel'), d.declineReason]] as [string, string][] : []),
        ...(d.orderId ? [[t('sales.nav.orders'), <Anchor key="o" component={Link} to={orderPath(d.orderId)} size="sm">{t('sales.nav.orders')}</Anchor>]] as [string, ReactNode][] : []),
      ]} />
      <DocLinesTable lines={d.lines} totals={{ subtotal: d.subtotal, tax: d.tax, total: d.total }} />
      {(d.terms || d.notes) && (
        <Card withBorder>
          {d.terms && <><Text size="xs" c="dimmed">{t('sales.fields.terms')}</Text><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.terms}</Text></>}
          {d.notes && <><Text size="xs" c="dimmed" mt="xs">{t('sales.fields.notes')}</Text><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.notes}</Text></>}
        </Card>
      )}
      {d.versions.length > 1 && (
        <Card withBorder>
          <Text fw={600} mb="xs">{t('sales.detail.versions')}</Text>
          <Table data-testid="quote-versions">
            <Table.Tbody>
              {d.versions.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{v.id === d.id ? <b>v{v.version}</b> : <Anchor component={Link} to={quotePath(v.id)} size="sm">v{v.version}</Anchor>}</Table.Td>
                  <Table.Td><QuoteStatusBadge status={v.status} /></Table.Td>
                  <Table.Td ta="right">{fmt.money(v.total)}</Table.Td>
                  <Table.Td>{fmt.dateTime(v.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <ReasonDialog opened={declining} onClose={() => setDeclining(false)} testId="decline" required={false} color="orange" loading={busy === 'decline'}
        title={t('sales.detail.declineTitle')} label={t('sales.detail.declineReason')} confirmLabel={t('sales.detail.decline')}
        onConfirm={(reason) => {
          void run('decline', () => api.sales.declineQuote({ id: d.id, ...(reason ? { reason } : {}) }), () => { setDeclining(false); reload() })
        }} />
    </Stack>
  )
}
