import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core'
import type { FieldRow } from '../../../../../src-preload/contracts/customers'

export type CustomValues = Record<string, string | number | null>

/** Inputs for the administrator's custom fields (text, number, date, option). Testids custom-<key>. */
export function CustomFieldInputs({ fields, values, onChange, errors }: {
  fields: readonly FieldRow[]; values: CustomValues; onChange: (next: CustomValues) => void; errors: Record<string, string | undefined>
}) {
  const set = (key: string, v: string | number | null) => onChange({ ...values, [key]: v })
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
      {[...fields].sort((a, b) => a.sort - b.sort).map((f) => {
        const v = values[f.key] ?? null
        const common = { label: f.label, error: errors[f.key], 'data-testid': `custom-${f.key}` }
        switch (f.type) {
          case 'number':
            return <NumberInput key={f.key} {...common} value={typeof v === 'number' ? v : ''} onChange={(n) => set(f.key, typeof n === 'number' ? n : null)} />
          case 'date':
            return <TextInput key={f.key} {...common} type="date" value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.key, e.currentTarget.value || null)} />
          case 'option':
            return <Select key={f.key} {...common} clearable data={f.options} value={typeof v === 'string' ? v : null} onChange={(o) => set(f.key, o)} />
          default:
            return <TextInput key={f.key} {...common} value={typeof v === 'string' ? v : v === null ? '' : String(v)} onChange={(e) => set(f.key, e.currentTarget.value || null)} />
        }
      })}
    </SimpleGrid>
  )
}
