import { Select, Text, type SelectProps } from '@mantine/core'
import type { DepartmentRow } from '../../../../../src-preload/contracts/admin'
import { flattenDepartments } from '../../../shared/org'

interface Props extends Omit<SelectProps, 'data' | 'renderOption'> {
  departments: readonly DepartmentRow[]
  /** Departments that may not be chosen (e.g. a department and its descendants as its own parent). */
  exclude?: ReadonlySet<string>
}

/** A department picker that shows the tree by indenting sub-departments. */
export function DepartmentSelect({ departments, exclude, ...props }: Props) {
  const flat = flattenDepartments(departments).filter((d) => !exclude?.has(d.row.id))
  const depth = new Map(flat.map((d) => [d.row.id, d.depth]))
  return (
    <Select
      searchable
      clearable
      {...props}
      data={flat.map((d) => ({ value: d.row.id, label: d.row.name }))}
      renderOption={({ option }) => <Text size="sm" pl={(depth.get(option.value) ?? 0) * 16}>{option.label}</Text>}
    />
  )
}
