/*
 * 销售单 (SA-1): the list, one order (?id=), or the editor (?new=1 / ?edit=<id>). Orders made
 * from a quote are created on the quote's page (one click). Testids: see OrderList, OrderView, DocEditor.
 */
import { Stack } from '@mantine/core'
import { useSearchParams } from 'react-router'
import type { LineInput, OrderDetail } from '../../../../../src-preload/contracts/sales'
import { api } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { DocLoader, useDocSave } from '../components/DocActions'
import { DocEditor, type DocHead } from '../components/DocEditor'
import { OrderList } from '../components/OrderList'
import { OrderView } from '../components/OrderView'
import { todayText } from '../lib/format'
import { fromDocLine } from '../lib/lines'
import { orderPath } from '../lib/paths'

export default function OrdersPage() {
  const [params] = useSearchParams()
  const id = params.get('id')
  const edit = params.get('edit')
  if (params.get('new')) return <OrderEditorPage key="new" />
  if (edit) return <DocLoader key={edit} id={edit} load={(i) => api.sales.getOrder({ id: i })}>{(d) => <OrderEditorPage existing={d} />}</DocLoader>
  return id ? <OrderView key={id} id={id} /> : <OrderList />
}

function OrderEditorPage({ existing }: { existing?: OrderDetail }) {
  const { t } = useI18n()
  const { busy, save } = useDocSave(orderPath)
  const head: DocHead = {
    customerId: existing?.customerId ?? null, customerName: existing?.customerName ?? null, date: existing?.orderDate ?? todayText(), date2: existing?.deliveryDate ?? '',
    priceIncludesTax: existing?.priceIncludesTax ?? true, text1: existing?.paymentTerms ?? '', text2: existing?.notes ?? '',
    contactId: existing?.contactId ?? null, opportunityId: existing?.opportunityId ?? null, salespersonId: existing?.ownerId ?? null,
  }
  const onSave = (h: DocHead, lines: LineInput[], submit: boolean) => {
    const fields = {
      customerId: h.customerId!, orderDate: h.date, deliveryDate: h.date2 || null, priceIncludesTax: h.priceIncludesTax,
      paymentTerms: h.text1.slice(0, 200), notes: h.text2, lines, contactId: h.contactId, opportunityId: h.opportunityId,
      ...(h.salespersonId ? { salespersonId: h.salespersonId } : {}),
    }
    void save(() => (existing ? api.sales.updateOrder({ id: existing.id, ...fields }) : api.sales.createOrder(fields)), submit ? (id) => api.sales.submitOrder({ id }) : null)
  }
  return (
    <Stack>
      <PageHeader title={existing ? t('sales.editor.editOrder', { number: existing.number }) : t('sales.editor.newOrder')} />
      <DocEditor head={head} lines={existing?.lines.map(fromDocLine) ?? []} customerFixed={!!existing} excludeId={existing?.id} busy={busy}
        labels={{ date: t('sales.fields.orderDate'), date2: t('sales.fields.deliveryDate'), text1: t('sales.fields.paymentTerms'), text2: t('sales.fields.notes') }}
        parties={{ opportunity: false, salesperson: true }} onSave={onSave} />
    </Stack>
  )
}
