import { useState } from 'react'
import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import type { ProductListItem } from '../../../../../src-preload/contracts/catalogue'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'

export interface PickedProduct { id: string; label: string; unit: string | null; listPrice: number; taxRate: number }

const labelOf = (p: Pick<ProductListItem, 'code' | 'name' | 'spec'>) => `${p.code} ${p.name}${p.spec ? ` ${p.spec}` : ''}`

/**
 * Active products found through the catalogue search (code, name, pinyin initials, barcode).
 * Testid product-picker-<index>.
 */
export function ProductPicker({ index, value, label, onPick }: { index: number; value: string | null; label: string; onPick: (p: PickedProduct) => void }) {
  const t = useT()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 200)
  const found = useQuery(() => api.catalogue.list({ filters: { status: 'active', ...(q ? { search: q } : {}) }, limit: 20 }), [q])
  const items = found.data?.items ?? []
  const data = items.map((p) => ({ value: p.id, label: labelOf(p) }))
  // The current product stays selectable while the search shows others.
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label })
  return (
    <Select
      aria-label={t('sales.fields.product')} placeholder={t('sales.editor.pickProduct')} searchable data={data} value={value}
      filter={({ options }) => options} searchValue={search} onSearchChange={setSearch} nothingFoundMessage={t('sales.editor.noProduct')}
      onChange={(id) => {
        const p = items.find((x) => x.id === id)
        if (p) onPick({ id: p.id, label: labelOf(p), unit: p.unit, listPrice: p.listPrice, taxRate: p.taxRate })
      }}
      comboboxProps={{ withinPortal: true }} miw={220} data-testid={`product-picker-${index}`}
    />
  )
}
