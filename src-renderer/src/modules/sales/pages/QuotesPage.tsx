/*
 * 客户报价 (SA-3): the list, one quote (?id=), or the editor (?new=1[&customerId=] / ?edit=<id>).
 * Testids: see QuoteList, QuoteView and DocEditor.
 */
import { Stack } from '@mantine/core'
import { useSearchParams } from 'react-router'
import type { LineInput, QuoteDetail } from '../../../../../src-preload/contracts/sales'
import { api, useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { LoadingState } from '../../../shared/states'
import { DocLoader, useDocSave } from '../components/DocActions'
import { DocEditor, type DocHead } from '../components/DocEditor'
import { QuoteList } from '../components/QuoteList'
import { QuoteView } from '../components/QuoteView'
import { todayText } from '../lib/format'
import { fromDocLine } from '../lib/lines'
import { quotePath } from '../lib/paths'

export default function QuotesPage() {
  const [params] = useSearchParams()
  const id = params.get('id')
  const edit = params.get('edit')
  if (params.get('new')) return <QuoteEditorPage key="new" customerId={params.get('customerId')} />
  if (edit) return <DocLoader key={edit} id={edit} load={(i) => api.sales.getQuote({ id: i })}>{(d) => <QuoteEditorPage existing={d} customerId={d.customerId} />}</DocLoader>
  return id ? <QuoteView key={id} id={id} /> : <QuoteList />
}

function QuoteEditorPage({ existing, customerId }: { existing?: QuoteDetail; customerId: string | null }) {
  const { t } = useI18n()
  const { busy, save } = useDocSave(quotePath)
  const customer = useQuery(() => (customerId && !existing ? api.customers.get({ id: customerId }) : Promise.resolve(null)), [customerId])
  if (customerId && !existing && !customer.data && !customer.error) return <LoadingState />
  const head: DocHead = {
    customerId, customerName: existing?.customerName ?? customer.data?.name ?? null,
    date: existing?.quoteDate ?? todayText(), date2: existing?.validUntil ?? '', priceIncludesTax: existing?.priceIncludesTax ?? true,
    text1: existing?.terms ?? '', text2: existing?.notes ?? '',
    contactId: existing?.contactId ?? null, opportunityId: existing?.opportunityId ?? null, salespersonId: null,
  }
  const onSave = (h: DocHead, lines: LineInput[], submit: boolean) => {
    const fields = {
      customerId: h.customerId!, quoteDate: h.date, validUntil: h.date2 || null, priceIncludesTax: h.priceIncludesTax,
      terms: h.text1, notes: h.text2, lines, contactId: h.contactId, opportunityId: h.opportunityId,
    }
    void save(() => (existing ? api.sales.updateQuote({ id: existing.id, ...fields }) : api.sales.createQuote(fields)), submit ? (id) => api.sales.submitQuote({ id }) : null)
  }
  return (
    <Stack>
      <PageHeader title={existing ? t('sales.editor.editQuote', { number: existing.number }) : t('sales.editor.newQuote')} />
      <DocEditor head={head} lines={existing?.lines.map(fromDocLine) ?? []} customerFixed={!!existing} excludeId={existing?.id} busy={busy}
        labels={{ date: t('sales.fields.quoteDate'), date2: t('sales.fields.validUntil'), text1: t('sales.fields.terms'), text2: t('sales.fields.notes') }}
        parties={{ opportunity: true, salesperson: false }} onSave={onSave} />
    </Stack>
  )
}
