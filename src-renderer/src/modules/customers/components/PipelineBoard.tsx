import { useState, type DragEvent, type KeyboardEvent } from 'react'
import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { OpportunityRow, PipelineColumn, StageRow } from '../../../../../src-preload/contracts/followups'
import { useI18n } from '../../../app/i18n'
import { STAGE_KIND_COLORS, stageLabel } from '../lib/labels'
import { customerPath } from '../lib/paths'
import { StageMenu } from './StageMenu'
import { WinRate } from './WinRate'
import classes from './PipelineBoard.module.css'

const DRAG_TYPE = 'application/x-laibang-opportunity'

/**
 * 商机看板: one column per stage with count, total and weighted amount (main sums them); drag
 * a card onto another column (while dragging, won/lost drop zones also show at the bottom of the
 * window, since those columns are often scrolled out of view), or use its menu, or Shift+←/→.
 * Testids: pipeline-board, pipeline-column-<stageKey>, column-total-<stageKey>,
 * column-weighted-<stageKey>, opportunity-card-<id>, stage-menu, move-to-<stageKey>,
 * pipeline-drop-bar, pipeline-drop-<stageKey> (won/lost zones while dragging).
 */
export function PipelineBoard({ columns, onMove, onOpen }: { columns: readonly PipelineColumn[]; onMove: (o: OpportunityRow, s: StageRow) => void; onOpen: (o: OpportunityRow) => void }) {
  const { t, fmt } = useI18n()
  const [over, setOver] = useState<string | null>(null)
  const [dragging, setDragging] = useState<string | null>(null)
  const stages = columns.map((c) => c.stage)
  const find = (id: string) => columns.flatMap((c) => c.items).find((o) => o.id === id)

  /** Drop-target props: a column, or a won/lost zone of the bar shown while dragging. */
  const dropTarget = (stage: StageRow) => ({
    'data-over': over === stage.key || undefined,
    onDragOver: (e: DragEvent) => { if (e.dataTransfer.types.includes(DRAG_TYPE)) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; setOver(stage.key) } },
    onDragLeave: (e: DragEvent) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null) },
    onDrop: (e: DragEvent) => {
      e.preventDefault()
      setOver(null)
      setDragging(null)
      const o = find(e.dataTransfer.getData(DRAG_TYPE))
      if (o) onMove(o, stage)
    },
  })

  const keyMove = (e: KeyboardEvent, o: OpportunityRow) => {
    if (e.key === 'Enter') { onOpen(o); return }
    if (!e.shiftKey || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return
    e.preventDefault()
    const i = stages.findIndex((s) => s.key === o.stage)
    const next = stages[i + (e.key === 'ArrowRight' ? 1 : -1)]
    if (next) onMove(o, next)
  }

  return (
    <div className={classes.board} data-testid="pipeline-board">
      {columns.map((col) => (
        <div key={col.stage.key} className={classes.column} data-testid={`pipeline-column-${col.stage.key}`} {...dropTarget(col.stage)}>
          <div className={classes.columnHeader}>
            <Group justify="space-between" wrap="nowrap">
              <Group gap={6} wrap="nowrap">
                <Badge variant="light" color={STAGE_KIND_COLORS[col.stage.kind]}>{stageLabel(t, col.stage)}</Badge>
                <Text size="xs" c="dimmed">{col.stage.probability}%</Text>
              </Group>
              <Badge variant="outline" color="gray" size="sm">{col.count}</Badge>
            </Group>
            <Group justify="space-between" mt={6} gap={4}>
              <Text size="xs" c="dimmed">{t('customers.pipeline.total')}</Text>
              <Text size="sm" fw={600} data-testid={`column-total-${col.stage.key}`}>{fmt.money(col.totalAmount)}</Text>
            </Group>
            <Group justify="space-between" gap={4}>
              <Text size="xs" c="dimmed">{t('customers.pipeline.weighted')}</Text>
              <Text size="sm" c="indigo" data-testid={`column-weighted-${col.stage.key}`}>{fmt.money(col.weightedAmount)}</Text>
            </Group>
          </div>
          <div className={classes.cards}>
            {col.items.map((o) => (
              <Card
                key={o.id} withBorder padding="xs" radius="sm" className={classes.card} draggable tabIndex={0}
                data-dragging={dragging === o.id || undefined} data-testid={`opportunity-card-${o.id}`} aria-label={o.name}
                onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, o.id); e.dataTransfer.effectAllowed = 'move'; setDragging(o.id) }}
                onDragEnd={() => { setDragging(null); setOver(null) }}
                onKeyDown={(e) => keyMove(e, o)} onDoubleClick={() => onOpen(o)}
              >
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap={4}>
                    <Text size="sm" fw={600} lineClamp={2}>{o.name}</Text>
                    <StageMenu stages={stages} current={o.stage} onMove={(s) => onMove(o, s)} />
                  </Group>
                  <Anchor component={Link} to={customerPath(o.customerId)} size="xs" truncate draggable={false}>{o.customerName}</Anchor>
                  <Group justify="space-between" gap={4}>
                    <Text size="sm" ff="monospace">{fmt.money(o.amount)}</Text>
                    <WinRate opp={o} />
                  </Group>
                  <Group justify="space-between" gap={4}>
                    <Text size="xs" c="dimmed">{o.expectedCloseDate ?? '—'}</Text>
                    <Text size="xs" c="dimmed" truncate>{o.ownerName ?? ''}</Text>
                  </Group>
                </Stack>
              </Card>
            ))}
            {col.count > col.items.length && <Text size="xs" c="dimmed" ta="center">{t('customers.pipeline.more', { shown: col.items.length, count: col.count })}</Text>}
            {col.items.length === 0 && <Text size="xs" c="dimmed" ta="center" py="md">{t('customers.pipeline.dropHere')}</Text>}
          </div>
        </div>
      ))}
      {dragging && (
        <div className={classes.dropBar} data-testid="pipeline-drop-bar">
          {stages.filter((s) => s.kind !== 'open').map((s) => (
            <div key={s.key} className={classes.dropZone} data-kind={s.kind} data-testid={`pipeline-drop-${s.key}`} {...dropTarget(s)}>
              {t('customers.pipeline.dropTo', { stage: stageLabel(t, s) })}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
