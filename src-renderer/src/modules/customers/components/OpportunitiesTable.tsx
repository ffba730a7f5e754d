import { ActionIcon, Badge, Group, Menu, Table, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconTrash } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { OpportunityRow, StageRow } from '../../../../../src-preload/contracts/followups'
import { useI18n } from '../../../app/i18n'
import { STAGE_KIND_COLORS, stageName } from '../lib/labels'
import { customerPath } from '../lib/paths'
import { StageMenu } from './StageMenu'
import { WinRate } from './WinRate'

/**
 * Opportunities as a table (customer tab and the pipeline's list view). Testids:
 * opportunities-table, opportunity-row-<id>, opportunity-edit, opportunity-remove, stage-menu.
 */
export function OpportunitiesTable({ items, stages, showCustomer, onEdit, onMove, onRemove }: {
  items: readonly OpportunityRow[]; stages: readonly StageRow[]; showCustomer?: boolean
  onEdit?: (o: OpportunityRow) => void; onMove?: (o: OpportunityRow, s: StageRow) => void; onRemove?: (o: OpportunityRow) => void
}) {
  const { t, fmt } = useI18n()
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="opportunities-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.opportunity.name')}</Table.Th>
            {showCustomer && <Table.Th>{t('customers.opportunity.customer')}</Table.Th>}
            <Table.Th>{t('customers.opportunity.stage')}</Table.Th>
            <Table.Th ta="right">{t('customers.opportunity.amount')}</Table.Th>
            <Table.Th>{t('customers.winRate.title')}</Table.Th>
            <Table.Th>{t('customers.opportunity.closeDate')}</Table.Th>
            <Table.Th>{t('customers.fields.owner')}</Table.Th>
            <Table.Th ta="right">{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.id} data-testid={`opportunity-row-${o.id}`}>
              <Table.Td>
                <Text size="sm" fw={600}>{o.name}</Text>
                {o.lossReason && <Text size="xs" c="dimmed">{t('customers.timelineUi.lossReason', { reason: o.lossReason })}</Text>}
              </Table.Td>
              {showCustomer && <Table.Td><Text component={Link} to={customerPath(o.customerId)} size="sm" c="indigo">{o.customerName}</Text></Table.Td>}
              <Table.Td><Badge variant="light" color={STAGE_KIND_COLORS[o.stageKind]}>{stageName(t, o.stageName)}</Badge></Table.Td>
              <Table.Td ta="right"><Text size="sm" ff="monospace">{fmt.money(o.amount)}</Text></Table.Td>
              <Table.Td><WinRate opp={o} /></Table.Td>
              <Table.Td><Text size="sm">{o.expectedCloseDate ?? '—'}</Text></Table.Td>
              <Table.Td><Text size="sm">{o.ownerName ?? ''}</Text></Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {onEdit && (
                    <Tooltip label={t('common.edit')}>
                      <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => onEdit(o)} data-testid="opportunity-edit"><IconPencil size={16} /></ActionIcon>
                    </Tooltip>
                  )}
                  {onMove && (
                    <StageMenu stages={stages} current={o.stage} onMove={(s) => onMove(o, s)}
                      extra={onRemove && <><Menu.Divider /><Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onRemove(o)} data-testid="opportunity-remove">{t('common.delete')}</Menu.Item></>} />
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
