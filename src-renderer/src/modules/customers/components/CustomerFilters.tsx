import { Badge, Button, Group, MultiSelect, Popover, SegmentedControl, Stack, TagsInput, TextInput } from '@mantine/core'
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react'
import { CUSTOMER_STATUSES, type CustomerStatus, type LevelRow } from '../../../../../src-preload/contracts/customers'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { activeFilterCount, type ListFilters } from '../lib/filters'
import { statusLabel } from '../lib/labels'
import { staffOptions, type StaffMember } from '../lib/staff'

export interface CustomerFiltersProps {
  search: string
  onSearch: (v: string) => void
  filters: ListFilters
  onChange: (f: ListFilters) => void
  levels: readonly LevelRow[]
  staff: readonly StaffMember[]
  categories: readonly string[]
}

/**
 * Search box and filters of the customer list. Testids: customer-search, customer-scope,
 * filter-level, filter-status, filter-owner, filter-more, filter-category, filter-province,
 * filter-city, filter-tags, filter-reset.
 */
export function CustomerFilters({ search, onSearch, filters, onChange, levels, staff, categories }: CustomerFiltersProps) {
  const t = useT()
  const session = useSession()
  const set = <K extends keyof ListFilters>(k: K, v: ListFilters[K]) => onChange({ ...filters, [k]: v })
  const more = activeFilterCount({ category: filters.category, province: filters.province, city: filters.city, tags: filters.tags })
  const any = activeFilterCount(filters) > 0 || search !== ''

  return (
    <Group gap="sm" wrap="wrap" align="flex-end">
      <TextInput
        placeholder={t('customers.list.searchPlaceholder')} leftSection={<IconSearch size={16} />} w={260} maw="100%"
        value={search} onChange={(e) => onSearch(e.currentTarget.value)} aria-label={t('common.search')} data-testid="customer-search"
      />
      <SegmentedControl
        value={filters.scope ?? 'visible'} onChange={(v) => set('scope', v as 'mine' | 'visible')} data-testid="customer-scope"
        data={[{ value: 'visible', label: t('customers.list.scopeVisible') }, { value: 'mine', label: t('customers.list.scopeMine') }]}
      />
      <MultiSelect
        placeholder={t('customers.fields.level')} aria-label={t('customers.fields.level')} w={140} clearable
        data={[...levels].sort((a, b) => a.sort - b.sort).map((l) => ({ value: l.code, label: l.name }))}
        value={filters.level ?? []} onChange={(v) => set('level', v)} data-testid="filter-level"
      />
      <MultiSelect
        placeholder={t('customers.fields.status')} aria-label={t('customers.fields.status')} w={140} clearable
        data={CUSTOMER_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
        value={filters.status ?? []} onChange={(v) => set('status', v as CustomerStatus[])} data-testid="filter-status"
      />
      {staff.length > 1 && (
        <MultiSelect
          placeholder={t('customers.fields.owner')} aria-label={t('customers.fields.owner')} w={160} clearable searchable
          data={staffOptions(staff, session.user.id, t('customers.common.me'))}
          value={filters.ownerId ?? []} onChange={(v) => set('ownerId', v)} data-testid="filter-owner"
        />
      )}
      <Popover width={320} position="bottom-end" shadow="md" withinPortal>
        <Popover.Target>
          <Button variant="default" leftSection={<IconFilter size={16} />} rightSection={more > 0 ? <Badge size="xs" circle>{more}</Badge> : null} data-testid="filter-more">
            {t('customers.list.moreFilters')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="sm">
            <TagsInput label={t('customers.fields.category')} data={[...categories]} value={filters.category ?? []} onChange={(v) => set('category', v)} data-testid="filter-category" />
            <Group grow>
              <TextInput label={t('customers.fields.province')} value={filters.province ?? ''} onChange={(e) => set('province', e.currentTarget.value)} data-testid="filter-province" />
              <TextInput label={t('customers.fields.city')} value={filters.city ?? ''} onChange={(e) => set('city', e.currentTarget.value)} data-testid="filter-city" />
            </Group>
            <TagsInput label={t('customers.fields.tags')} value={filters.tags ?? []} onChange={(v) => set('tags', v)} data-testid="filter-tags" />
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {any && (
        <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={() => { onSearch(''); onChange({ scope: filters.scope }) }} data-testid="filter-reset">
          {t('customers.list.resetFilters')}
        </Button>
      )}
    </Group>
  )
}
