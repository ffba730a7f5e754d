import { useState } from 'react'
import { Anchor, Button, Card, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconArrowLeft, IconChevronDown, IconFileTypePdf, IconPrinter } from '@tabler/icons-react'
import { Link, useNavigate } from 'react-router'
import type { OrderDetail } from '../../../../../src-preload/contracts/sales'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { PageHeader } from '../../../shared/PageHeader'
import { ErrorState, LoadingState } from '../../../shared/states'
import { customerPath } from '../../customers/lib/paths'
import { printHtml, savePdf } from '../lib/print'
import { editOrderPath, ORDERS_PATH, quotePath } from '../lib/paths'
import { DocLinesTable, DocNumber, HeaderFacts } from './DocView'
import { OrderStatusBadge } from './StatusBadge'

/**
 * One sales order: facts, lines (with cost and margin for roles that see costs), actions.
 * Testids: order-view, order-edit, order-submit, order-reverse, order-cancel, reverse-reason,
 * reverse-ok, print-order, pdf-order.
 */
export function OrderView({ id }: { id: string }) {
  const q = useQuery(() => api.sales.getOrder({ id }), [id])
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />
  if (!q.data) return <LoadingState />
  return <OrderBody order={q.data} reload={q.reload} />
}

function OrderBody({ order: d, reload }: { order: OrderDetail; reload: () => void }) {
  const { t, fmt, locale } = useI18n()
  const navigate = useNavigate()
  const notify = useNotify()
  const [busy, setBusy] = useState<string | null>(null)
  const [reversing, setReversing] = useState<'reverse' | 'cancel' | null>(null)
  const [reason, setReason] = useState('')
  const lang = locale === 'en' ? 'en' : 'zh-CN'
  const run = async (key: string, fn: () => Promise<unknown>, done?: (out: unknown) => void) => {
    setBusy(key)
    try {
      const out = await fn()
      if (done) done(out)
      else reload() // the status badge shows the change; a toast would cover the action buttons
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(null)
    }
  }
  const withCost = d.costTotal !== undefined
  return (
    <Stack data-testid="order-view">
      <PageHeader title={`${t('sales.nav.orders')} ${d.number}`} actions={<>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} component={Link} to={ORDERS_PATH}>{t('sales.detail.back')}</Button>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconPrinter size={16} />} rightSection={<IconChevronDown size={14} />} loading={busy === 'print'} data-testid="print-menu">{t('sales.detail.print')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPrinter size={16} />} data-testid="print-order" onClick={() => { void run('print', async () => printHtml((await api.sales.printOrderHtml({ id: d.id, lang })).html), () => {}) }}>{t('sales.detail.print')}</Menu.Item>
            <Menu.Item leftSection={<IconFileTypePdf size={16} />} data-testid="pdf-order" onClick={() => {
              void run('print', () => savePdf(() => api.sales.exportOrderPdf({ id: d.id, lang }), () => api.sales.printOrderHtml({ id: d.id, lang })), (ok) => { if (!ok) notify.success('sales.detail.pdfUnavailable') })
            }}>{t('sales.detail.pdf')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {d.can.edit && <Button variant="default" onClick={() => navigate(editOrderPath(d.id))} data-testid="order-edit">{t('sales.detail.edit')}</Button>}
        {d.can.submit && <Button loading={busy === 'submit'} onClick={() => { void run('submit', () => api.sales.submitOrder({ id: d.id })) }} data-testid="order-submit">{t('sales.detail.submit')}</Button>}
        {d.can.cancel && <Button color="gray" variant="light" onClick={() => { setReason(''); setReversing('cancel') }} data-testid="order-cancel">{t('sales.detail.cancel')}</Button>}
        {d.can.reverse && <Button color="red" variant="light" onClick={() => { setReason(''); setReversing('reverse') }} data-testid="order-reverse">{t('sales.detail.reverse')}</Button>}
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
      <Modal opened={reversing !== null} onClose={() => setReversing(null)} title={t(reversing === 'cancel' ? 'sales.detail.cancelTitle' : 'sales.detail.reverseTitle')}>
        <Stack>
          <Text size="sm">{t(reversing === 'cancel' ? 'sales.detail.cancelHint' : 'sales.detail.reverseHint')}</Text>
          <Textarea label={t('sales.fields.reason')} withAsterisk value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} data-testid="reverse-reason"
            error={reason.trim() === '' ? t('sales.detail.reasonRequired') : undefined} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReversing(null)}>{t('common.cancel')}</Button>
            <Button color="red" disabled={reason.trim() === ''} loading={busy === 'reverse'} data-testid="reverse-ok" onClick={() => {
              void run('reverse', () => api.sales.reverseOrder({ id: d.id, reason: reason.trim() }), () => {
                notify.success(reversing === 'cancel' ? 'sales.detail.cancelled' : 'sales.detail.reversed')
                setReversing(null)
                reload()
              })
            }}>{t(reversing === 'cancel' ? 'sales.detail.cancel' : 'sales.detail.reverse')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
