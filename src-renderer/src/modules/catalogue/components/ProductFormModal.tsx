import { useState } from 'react'
import { Button, Fieldset, FileButton, Grid, Group, Image, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { IconPhotoUp, IconTrash } from '@tabler/icons-react'
import { createProductInput, type CategoryTree, type ProductDetail } from '../../../../../src-preload/contracts/catalogue'
import { api, toApiError, useQuery } from '../../../api'
import { useI18n, type MessageKey } from '../../../app/i18n'
import { useConfirm } from '../../../shared/confirm'
import { useNotify } from '../../../shared/notify'
import { readFileInput } from '../../customers/lib/files'
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from '../lib/money'
import { buildTree, categoryOptions } from '../lib/tree'

type Field = 'code' | 'name' | 'spec' | 'unit' | 'barcode' | 'listPrice' | 'floorPrice' | 'standardCost' | 'taxRate' | 'notes'

/** Shows a stored image (fetched as base64; absent on this device until its bytes arrive). */
export function ProductImage({ imageRef, h = 120 }: { imageRef: string | null; h?: number }) {
  const { t } = useI18n()
  const img = useQuery(() => (imageRef ? api.catalogue.image({ imageRef }) : Promise.resolve(null)), [imageRef])
  if (!img.data) return <Text size="xs" c="dimmed">{t('catalogue.list.noImage')}</Text>
  return <Image src={`data:${img.data.mime};base64,${img.data.contentBase64}`} h={h} w="auto" fit="contain" radius="sm" alt="" data-testid="product-image" />
}

/**
 * Create or edit a product. Prices are typed in yuan and sent in fen; floor price and
 * standard cost fields only for callers who may see them (main enforces it anyway).
 * Testids: product-form, product-<field>, product-category, product-status, product-image-upload,
 * product-save, product-delete.
 */
export function ProductFormModal({ product, tree, defaultCategoryId, showCost, onClose, onSaved }: {
  product: ProductDetail | null; tree: CategoryTree | undefined; defaultCategoryId?: string; showCost: boolean
  onClose: () => void; onSaved: (p: ProductDetail | null) => void
}) {
  const { t } = useI18n()
  const notify = useNotify()
  const confirm = useConfirm()
  const [v, setV] = useState<Record<Field, string>>({
    code: product?.code ?? '', name: product?.name ?? '', spec: product?.spec ?? '', unit: product?.unit ?? '', barcode: product?.barcode ?? '',
    listPrice: product ? fenToYuan(product.listPrice) : '', floorPrice: fenToYuan(product?.floorPrice), standardCost: fenToYuan(product?.standardCost),
    taxRate: bpToPercent(product?.taxRate ?? 1300), notes: product?.notes ?? '',
  })
  const [categoryId, setCategoryId] = useState<string | null>(product ? product.categoryId : defaultCategoryId ?? null)
  const [status, setStatus] = useState<'active' | 'inactive'>(product?.status ?? 'active')
  const [imageRef, setImageRef] = useState<string | null>(product?.imageRef ?? null)
  const [errors, setErrors] = useState<Partial<Record<Field, MessageKey>>>({})
  const [busy, setBusy] = useState(false)
  // Roles without catalogue.edit open a product read-only.
  const readOnly = product !== null && !product.canEdit
  const set = (f: Field) => (e: { currentTarget: { value: string } }) => { const value = e.currentTarget.value; setV((x) => ({ ...x, [f]: value })); setErrors((x) => ({ ...x, [f]: undefined })) }
  const field = (f: Field) => ({ value: v[f], onChange: set(f), error: errors[f] ? t(errors[f]) : undefined, 'data-testid': `product-${f}` })

  const upload = async (file: File | null) => {
    if (!file) return
    try {
      const r = await api.catalogue.uploadImage(await readFileInput(file))
      setImageRef(r.imageRef)
    } catch (e) { notify.error(e) }
  }

  const submit = async () => {
    const errs: Partial<Record<Field, MessageKey>> = {}
    const price = (f: 'listPrice' | 'floorPrice' | 'standardCost') => { const x = yuanToFen(v[f]); if (x === undefined) errs[f] = 'catalogue.form.invalidPrice'; return x }
    const listPrice = price('listPrice')
    const floorPrice = showCost ? price('floorPrice') : undefined
    const standardCost = showCost ? price('standardCost') : undefined
    const taxRate = percentToBp(v.taxRate)
    if (taxRate === undefined) errs.taxRate = 'validation.invalid'
    const input = {
      code: v.code, name: v.name, spec: v.spec, unit: v.unit, barcode: v.barcode, notes: v.notes, categoryId, status, imageRef,
      listPrice: listPrice ?? 0, taxRate, ...(showCost ? { floorPrice, standardCost } : {}),
    }
    const parsed = createProductInput.safeParse(input)
    if (!parsed.success) for (const i of parsed.error.issues) { const f = i.path[0] as Field; errs[f] ??= i.code === 'too_small' ? 'validation.required' : 'validation.invalid' }
    if (listPrice === null) errs.listPrice = 'validation.required'
    setErrors(errs)
    if (Object.keys(errs).length || !parsed.success) return
    setBusy(true)
    try {
      const saved = product ? await api.catalogue.update({ id: product.id, ...parsed.data }) : await api.catalogue.create(parsed.data)
      notify.success(product ? 'catalogue.form.saved' : 'catalogue.form.created')
      onSaved(saved)
    } catch (err) {
      const e = toApiError(err)
      if (e.messageKey === 'errors.productCodeTaken') setErrors({ code: 'errors.productCodeTaken' })
      notify.error(e)
    } finally { setBusy(false) }
  }

  const remove = () => {
    if (!product) return
    confirm({
      title: t('catalogue.form.removeTitle'), message: t('catalogue.form.removeConfirm', { name: product.name }), confirmLabel: t('common.delete'), danger: true,
      onConfirm: () => { api.catalogue.remove({ id: product.id }).then(() => { notify.success('catalogue.form.removed'); onSaved(null) }, notify.error) },
    })
  }

  const yuan = <Text size="xs" c="dimmed">{t('catalogue.hints.yuan')}</Text>
  return (
    <Modal opened onClose={onClose} size="lg" title={t(product ? 'catalogue.form.editTitle' : 'catalogue.form.createTitle')} data-testid="product-form">
      <form onSubmit={(e) => { e.preventDefault(); if (!readOnly) void submit() }}>
        <Fieldset variant="unstyled" disabled={readOnly}>
        <Stack gap="sm">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 5 }}><TextInput label={t('catalogue.fields.code')} withAsterisk data-autofocus {...field('code')} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}><TextInput label={t('catalogue.fields.name')} withAsterisk {...field('name')} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}><TextInput label={t('catalogue.fields.spec')} {...field('spec')} /></Grid.Col>
            <Grid.Col span={{ base: 6, sm: 2 }}><TextInput label={t('catalogue.fields.unit')} {...field('unit')} /></Grid.Col>
            <Grid.Col span={{ base: 6, sm: 5 }}><TextInput label={t('catalogue.fields.barcode')} {...field('barcode')} /></Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <Select label={t('catalogue.fields.category')} searchable clearable placeholder={t('catalogue.form.noCategory')} value={categoryId} onChange={setCategoryId}
                data={categoryOptions(buildTree(tree?.nodes ?? []))} data-testid="product-category" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <Select label={t('catalogue.fields.status')} value={status} onChange={(x) => setStatus((x as 'active' | 'inactive') ?? 'active')} allowDeselect={false}
                data={(['active', 'inactive'] as const).map((s) => ({ value: s, label: t(`catalogue.status.${s}`) }))} data-testid="product-status" />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}><TextInput label={t('catalogue.fields.listPrice')} withAsterisk inputMode="decimal" rightSection={yuan} {...field('listPrice')} /></Grid.Col>
            {showCost && <Grid.Col span={{ base: 6, sm: 4 }}><TextInput label={t('catalogue.fields.floorPrice')} description={t('catalogue.hints.floorPrice')} inputMode="decimal" rightSection={yuan} {...field('floorPrice')} /></Grid.Col>}
            {showCost && <Grid.Col span={{ base: 6, sm: 4 }}><TextInput label={t('catalogue.fields.standardCost')} inputMode="decimal" rightSection={yuan} {...field('standardCost')} /></Grid.Col>}
            <Grid.Col span={{ base: 6, sm: 4 }}><TextInput label={t('catalogue.fields.taxRate')} inputMode="decimal" rightSection={<Text size="xs" c="dimmed">%</Text>} {...field('taxRate')} /></Grid.Col>
          </Grid>
          {!showCost && <Text size="xs" c="dimmed">{t('catalogue.hints.costHidden')}</Text>}
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('catalogue.fields.image')}</Text>
            <Group align="center">
              <ProductImage imageRef={imageRef} h={80} />
              {!readOnly && <FileButton onChange={(f) => { void upload(f) }} accept="image/png,image/jpeg,image/webp">
                {(props) => <Button {...props} variant="default" size="xs" leftSection={<IconPhotoUp size={14} />} data-testid="product-image-upload">{t('catalogue.form.upload')}</Button>}
              </FileButton>}
              {imageRef && !readOnly && <Button variant="subtle" color="gray" size="xs" onClick={() => setImageRef(null)}>{t('catalogue.form.removeImage')}</Button>}
              <Text size="xs" c="dimmed">{t('catalogue.form.imageHint')}</Text>
            </Group>
          </Stack>
          <Textarea label={t('catalogue.fields.notes')} autosize minRows={2} maxRows={6} {...field('notes')} />
          <Group justify="space-between">
            {product && !readOnly ? <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={remove} data-testid="product-delete">{t('common.delete')}</Button> : <span />}
            <Group>
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              {!readOnly && <Button type="submit" loading={busy} data-testid="product-save">{t('common.save')}</Button>}
            </Group>
          </Group>
        </Stack>
        </Fieldset>
      </form>
    </Modal>
  )
}
