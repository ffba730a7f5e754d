import { useState } from 'react'
import { Anchor, Button, Card, Stack, Text } from '@mantine/core'
import { IconArrowLeft, IconFileTypePdf, IconPrinter } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import type { OrderDetail } from '../../../../../src-preload/contracts/sales'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { customerPath } from '../../customers/lib/paths'
import { printHtml, savePdf } from '../lib/print'
import { editOrderPath, ORDERS_PATH, quotePath } from '../lib/paths'
import { DocLoader, PrintMenu, ReasonDialog, useDocRun } from './DocActions'
import { DocLinesTable, DocNumber, HeaderFacts } from './DocView'
import { OrderStatusBadge } from './StatusBadge'

/**
 * One sales order: facts, lines (with cost and margin for roles that see costs), actions.
 * Testids: order-view, order-edit, order-submit, order-reverse, order-cancel, reverse-reason,
 * reverse-ok, print-order, pdf-order.
 */
export function OrderView({ id }: { id: string }) {
  return <DocLoader id={id} load={(i) => api.sales.getOrder({ id: i })}>{(d, reload) => <OrderBody order={d} reload={reload} />}</DocLoader>
}

function OrderBody({ order: d, reload }: { order: OrderDetail; reload: () => void }) {
  const { t, fmt, locale } = useI18n()
  const navigate = useNavigate()
  const notify = useNotify()
  const { busy, run } = useDocRun(reload)
  const [reversing, setReversing] = useState<'reverse' | 'cancel' | null>(null)
  const lang = locale === 'en' ? 'en' : 'zh-CN'
  const withCost = d.costTotal !== undefined
  return (
    <Stack data-testid="order-view">
      <PageHeader title={`${t('sales.nav.orders')} ${d.number}`} actions={<>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to={ORDERS_PATH}>{t('sales.detail.back')}</Button>
        <PrintMenu loading={busy === 'print'} items={[
          { testId: 'print-order', label: t('sales.detail.print'), icon: <IconPrinter size={16} />, onClick: () => { void run('print', async () => printHtml((await api.sales.printOrderHtml({ id: d.id, lang })).html), () => {}) } },
          { testId: 'pdf-order', label: t('sales.detail.pdf'), icon: <IconFileTypePdf size={16} />, onClick: () => {
            void run('print', () => savePdf(() => api.sales.exportOrderPdf({ id: d.id, lang }), () => api.sales.printOrderHtml({ id: d.id, lang })), (ok) => { if (!ok) notify.success('sales.detail.pdfUnavailable') })
          } },
        ]} />
        {d.can.edit && <Button variant="default" onClick={() => navigate(editOrderPath(d.id))} data-testid="order-edit">{t('sales.detail.edit')}</Button>}
        {d.can.submit && <Button loading={busy === 'submit'} onClick={() => { void run('submit', () => api.sales.submitOrder({ id: d.id })) }} data-testid="order-submit">{t('sales.detail.submit')}</Button>}
        {d.can.cancel && <Button color="gray" variant="light" onClick={() => setReversing('cancel')} data-testid="order-cancel">{t('sales.detail.cancel')}</Button>}
        {d.can.reverse && <Button color="red" variant="light" onClick={() => setReversing('reverse')} data-testid="order-reverse">{t('sales.detail.reverse')}</Button>}
      </>} />
      <HeaderFacts facts={[
        [t('sales.fields.number'), <DocNumber key="n" number={d.number} provisional={d.numberStatus === 'provisional'} />],
        [t('sales.fields.status'), <OrderStatusBadge key="s" status={d.status} />],
        [t('sales.fields.customer'), <Anchor key="c" component={Link} to={customerPath(d.customerId)} size="sm">{d.customerName}</Anchor>],
        [t('sales.fields.contact'), d.contactName && <span key="ct" data-testid="doc-contact-name">{d.contactName}</span>],
        [t('sales.fields.opportunity'), d.opportunityName && <span key="op" data-testid="doc-opportunity-name">{d.opportunityName}</span>],
        [t('sales.fields.orderDate'), d.orderDate],
        [t('sales.fields.deliveryDate'), d.deliveryDate],
        [t('sales.fields.salesperson'), <span key="sp" data-testid="doc-salesperson-name">{d.ownerName}</span>],
        [t('sales.fields.paymentTerms'), d.paymentTerms],
        [t('sales.fields.quote'), d.quoteId ? <Anchor key="q" component={Link} to={quotePath(d.quoteId)} size="sm" data-testid="order-quote-link">{d.quoteNumber}</Anchor> : null],
        ...(d.approvedAt ? [[t('sales.detail.approvedAt'), fmt.dateTime(d.approvedAt)]] as [string, string][] : []),
        ...(d.reversalReason ? [[t('sales.fields.reason'), `${d.reversalReason}${d.reversedByName ? ` · ${d.reversedByName}` : ''}`]] as [string, string][] : []),
        ...(withCost ? [[t('sales.fields.margin'), d.margin == null ? '—' : fmt.money(d.margin)]] as [string, string][] : []),
      ]} />
      <DocLinesTable lines={d.lines} totals={{ subtotal: d.subtotal, tax: d.tax, total: d.total }} withCost={withCost} />
      {d.notes && <Card withBorder><Text size="xs" c="dimmed">{t('sales.fields.notes')}</Text><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.notes}</Text></Card>}
      <ReasonDialog opened={reversing !== null} onClose={() => setReversing(null)} testId="reverse" required color="red" loading={busy === 'reverse'}
        title={t(reversing === 'cancel' ? 'sales.detail.cancelTitle' : 'sales.detail.reverseTitle')}
        hint={t(reversing === 'cancel' ? 'sales.detail.cancelHint' : 'sales.detail.reverseHint')} label={t('sales.fields.reason')}
        confirmLabel={t(reversing === 'cancel' ? 'sales.detail.cancel' : 'sales.detail.reverse')}
        onConfirm={(reason) => {
          void run('reverse', () => api.sales.reverseOrder({ id: d.id, reason }), () => {
            notify.success(reversing === 'cancel' ? 'sales.detail.cancelled' : 'sales.detail.reversed')
            setReversing(null)
            reload()
          })
        }} />
    </Stack>
  )
}
