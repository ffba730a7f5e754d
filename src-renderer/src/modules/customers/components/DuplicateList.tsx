import { Anchor, Badge, Group, List, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { DuplicateMatch } from '../../../../../src-preload/contracts/customers'
import { useT } from '../../../app/i18n'
import { customerPath } from '../lib/paths'

/** Likely duplicates: name (a link when the caller may open it), why, and whose it is. */
export function DuplicateList({ matches }: { matches: readonly DuplicateMatch[] }) {
  const t = useT()
  return (
    <List spacing={4} size="sm" data-testid="duplicate-list">
      {matches.map((m) => (
        <List.Item key={`${m.customerId}-${m.reason}`}>
          <Group gap={6} wrap="wrap">
            {m.canOpen
              ? <Anchor component={Link} to={customerPath(m.customerId)} size="sm" fw={600}>{m.name}</Anchor>
              : <Text size="sm" fw={600} span>{m.name}</Text>}
            <Badge size="xs" variant="light" color="orange">{t(`customers.duplicates.reason.${m.reason}`)}</Badge>
            <Text size="xs" c="dimmed" span>
              {m.inPool ? t('customers.duplicates.inPool') : t('customers.duplicates.owner', { name: m.ownerName ?? t('common.unknown') })}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  )
}

/** The matches a CONFLICT errors.duplicateCustomer carries in details.matches. */
export function matchesOf(details: Record<string, unknown>): DuplicateMatch[] {
  const m = details.matches
  return Array.isArray(m) ? (m as DuplicateMatch[]) : []
}
