import { useState } from 'react'
import { Badge, Button, FileButton, Grid, Group, Image, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconPhotoUp, IconTrash } from '@tabler/icons-react'
import { EXPENSE_CATEGORIES, type ExpenseCategory, type ExpenseDetail, type ExpenseSaved } from '../../../../../src-preload/contracts/expenses'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useI18n } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { fenToYuan, yuanToFen } from '../../catalogue/lib/money'
import { CustomerPicker } from '../../customers/components/CustomerPicker'
import { readFileInput } from '../../customers/lib/files'
import { todayText } from '../../sales/lib/format'
import { BudgetMeter } from './BudgetMeter'
import { ExpenseStatusBadge } from './ExpenseStatusBadge'

/** A stored receipt image (absent on this device until its bytes arrive). */
function Receipt({ expenseId, receiptRef }: { expenseId: string | null; receiptRef: string | null }) {
  const { t } = useI18n()
  const img = useQuery(() => (expenseId && receiptRef ? api.expenses.receipt({ id: expenseId }) : Promise.resolve(null)), [expenseId, receiptRef])
  if (!receiptRef) return null
  if (!expenseId) return <Badge color="teal" variant="light" data-testid="expense-receipt-ok">{t('expenses.list.receipt')}</Badge>
  if (!img.data) return <Text size="xs" c="dimmed">{t('expenses.detail.noReceipt')}</Text>
  return <Image src={`data:${img.data.mime};base64,${img.data.contentBase64}`} h={160} w="auto" fit="contain" radius="sm" alt="" data-testid="expense-receipt" />
}

/**
 * Record, edit or view a customer expense, with the office budget meter updating as the amount
 * is typed. Testids: expense-form, expense-customer (customer-picker), expense-category,
 * expense-amount, expense-date, expense-description, expense-receipt-upload, expense-save,
 * expense-submit, expense-remove; notification expense-budget-warning after saving over budget.
 */
export function ExpenseFormModal({ expense, onClose, onSaved }: { expense: ExpenseDetail | null; onClose: () => void; onSaved: () => void }) {
  const { t, fmt } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const { permissions } = useSession()
  const readOnly = expense !== null && !expense.can.edit
  const [customer, setCustomer] = useState<{ id: string | null; name: string | null }>({ id: expense?.customerId ?? null, name: expense?.customerName ?? null })
  const [orderId, setOrderId] = useState<string | null>(expense?.orderId ?? null)
  const [category, setCategory] = useState<ExpenseCategory>(expense?.category ?? 'travel')
  const [amount, setAmount] = useState(expense ? fenToYuan(expense.amount) : '')
  const [date, setDate] = useState(expense?.expenseDate ?? todayText())
  const [description, setDescription] = useState(expense?.description ?? '')
  const [receiptRef, setReceiptRef] = useState<string | null>(expense?.receiptRef ?? null)
  const [amountError, setAmountError] = useState(false)
  const [busy, setBusy] = useState(false)

  const fen = yuanToFen(amount)
  const month = /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : null
  const [meterAmount] = useDebouncedValue(typeof fen === 'number' ? fen : 0, 250)
  const meter = useQuery(() => (month ? api.expenses.budgetStatus({ month, amount: meterAmount, ...(expense ? { excludeId: expense.id } : {}) }) : Promise.resolve(undefined)), [month, meterAmount, expense?.id ?? ''])
  const orders = useQuery(() => (customer.id && permissions.includes('orders.view') ? api.sales.listOrders({ filters: { customerId: customer.id }, limit: 50 }) : Promise.resolve(null)), [customer.id])
  const orderOptions = (orders.data?.items ?? []).filter((o) => o.status !== 'cancelled').map((o) => ({ value: o.id, label: `${o.number} · ${fmt.money(o.total)}` }))
  if (expense?.orderId && expense.orderNumber && !orderOptions.some((o) => o.value === expense.orderId)) orderOptions.push({ value: expense.orderId, label: expense.orderNumber })

  const upload = async (file: File | null) => {
    if (!file) return
    try {
      const r = await api.expenses.uploadReceipt(await readFileInput(file))
      setReceiptRef(r.receiptRef)
    } catch (e) { notify.error(e) }
  }

  const save = async (submit: boolean) => {
    if (typeof fen !== 'number' || fen <= 0) { setAmountError(true); return }
    if (!customer.id) return
    setBusy(true)
    try {
      const fields = { customerId: customer.id, orderId, category, amount: fen, expenseDate: date, description: description.slice(0, 500), receiptRef, submit }
      const r: ExpenseSaved = expense ? await api.expenses.update({ id: expense.id, ...fields }) : await api.expenses.create(fields)
      notify.success(submit ? (r.expense.status === 'approved' ? 'expenses.form.approvedAtOnce' : 'expenses.form.submitted') : 'expenses.form.saved')
      if (r.budget?.exceeds && r.budget.budget !== null) {
        notifications.show({
          color: 'yellow', title: t('expenses.meter.title', { office: r.budget.officeName, month: r.budget.month }), autoClose: 10_000, 'data-testid': 'expense-budget-warning',
          message: t('expenses.meter.warning', { office: r.budget.officeName, over: fmt.money(r.budget.projected - r.budget.budget) }),
        })
      }
      onSaved()
    } catch (e) {
      notify.error(e)
    } finally {
      setBusy(false)
    }
  }

  const remove = () => expense && confirm({
    title: t('expenses.detail.remove'), message: t('expenses.detail.removeConfirm'), confirmLabel: t('expenses.detail.remove'), danger: true,
    onConfirm: () => { void api.expenses.remove({ id: expense.id }).then(() => { notify.success('expenses.detail.removed'); onSaved() }, (e: unknown) => notify.error(e)) },
  })

  return (
    <Modal opened onClose={onClose} size="lg" title={expense ? (readOnly ? t('expenses.detail.title') : t('expenses.form.titleEdit')) : t('expenses.form.titleNew')}>
      <Stack data-testid="expense-form">
        {expense && <Group gap="xs"><ExpenseStatusBadge status={expense.status} /><Text size="sm" c="dimmed">{expense.ownerName}{expense.officeName ? ` · ${expense.officeName}` : ''}</Text></Group>}
        <Grid>
          <Grid.Col span={{ base: 12, sm: 7 }}>
            {readOnly ? <TextInput label={t('expenses.fields.customer')} value={customer.name ?? ''} readOnly />
              : <CustomerPicker label={t('expenses.fields.customer')} value={customer.id} onChange={(id, name) => { setCustomer({ id, name }); setOrderId(null) }} />}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select label={t('expenses.fields.order')} placeholder={t('expenses.form.noOrder')} clearable data={orderOptions} value={orderId} onChange={setOrderId} disabled={readOnly || !customer.id} data-testid="expense-order" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select label={t('expenses.fields.category')} withAsterisk allowDeselect={false} data={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`expenses.category.${c}`) }))}
              value={category} onChange={(v) => v && setCategory(v as ExpenseCategory)} disabled={readOnly} data-testid="expense-category" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4 }}>
            <TextInput label={t('expenses.fields.amount')} withAsterisk inputMode="decimal" value={amount} readOnly={readOnly}
              onChange={(e) => { setAmount(e.currentTarget.value); setAmountError(false) }} error={amountError ? t('expenses.form.invalidAmount') : undefined} data-testid="expense-amount" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4 }}>
            <TextInput type="date" label={t('expenses.fields.date')} withAsterisk value={date} readOnly={readOnly} onChange={(e) => setDate(e.currentTarget.value)} data-testid="expense-date" />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea label={t('expenses.fields.description')} autosize minRows={2} maxLength={500} value={description} readOnly={readOnly} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="expense-description" />
          </Grid.Col>
          <Grid.Col span={12}>
            <Text size="sm" fw={500} mb={4}>{t('expenses.fields.receipt')}</Text>
            <Group align="flex-end">
              <Receipt expenseId={expense && receiptRef === expense.receiptRef ? expense.id : null} receiptRef={receiptRef} />
              {!readOnly && (
                <FileButton onChange={(f) => { void upload(f) }} accept="image/png,image/jpeg,image/webp">
                  {(props) => <Button {...props} variant="default" leftSection={<IconPhotoUp size={16} />} data-testid="expense-receipt-upload">{receiptRef ? t('expenses.form.replace') : t('expenses.form.upload')}</Button>}
                </FileButton>
              )}
              {!readOnly && receiptRef && <Button variant="subtle" color="gray" leftSection={<IconTrash size={16} />} onClick={() => setReceiptRef(null)}>{t('expenses.form.removeReceipt')}</Button>}
            </Group>
          </Grid.Col>
        </Grid>
        {!readOnly && <BudgetMeter status={meter.data} />}
        <Group justify="space-between">
          <Group>{expense?.can.remove && <Button variant="subtle" color="red" onClick={remove} data-testid="expense-remove">{t('expenses.detail.remove')}</Button>}</Group>
          <Group>
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            {!readOnly && <Button variant="default" loading={busy} disabled={!customer.id} onClick={() => { void save(false) }} data-testid="expense-save">{t('expenses.form.saveDraft')}</Button>}
            {!readOnly && <Button loading={busy} disabled={!customer.id} onClick={() => { void save(true) }} data-testid="expense-submit">{t('expenses.form.saveSubmit')}</Button>}
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
