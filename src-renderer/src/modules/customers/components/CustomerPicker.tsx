import { useState } from 'react'
import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { api, useQuery } from '../../../api'
import { useT } from '../../../app/i18n'

/** Picks a visible customer by searching the list (name, pinyin initials, phone). Testid customer-picker. */
export function CustomerPicker({ value, onChange, error, label }: { value: string | null; onChange: (id: string | null, name: string | null) => void; error?: string; label: string }) {
  const t = useT()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const found = useQuery(() => api.customers.list({ filters: { scope: 'visible', ...(q ? { search: q } : {}) }, limit: 30 }), [q])
  const data = (found.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
  return (
    <Select
      label={label} withAsterisk searchable clearable data={data} value={value} filter={({ options }) => options}
      searchValue={search} onSearchChange={setSearch} nothingFoundMessage={t('customers.list.noMatch')} error={error}
      onChange={(id, option) => onChange(id, option?.label ?? null)} data-testid="customer-picker"
    />
  )
}
