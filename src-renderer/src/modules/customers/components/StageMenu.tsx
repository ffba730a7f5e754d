import type { ReactNode } from 'react'
import { ActionIcon, Menu } from '@mantine/core'
import { IconCheck, IconDots } from '@tabler/icons-react'
import type { StageRow } from '../../../../../src-preload/contracts/followups'
import { useT } from '../../../app/i18n'
import { stageLabel } from '../lib/labels'

/** "Move to stage": the keyboard and menu alternative to dragging. Testids: stage-menu, move-to-<stageKey>. */
export function StageMenu({ stages, current, onMove, extra }: { stages: readonly StageRow[]; current: string; onMove: (stage: StageRow) => void; extra?: ReactNode }) {
  const t = useT()
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" size="sm" aria-label={t('customers.pipeline.moveTo')} title={t('customers.pipeline.moveTo')} data-testid="stage-menu">
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
        <Menu.Label>{t('customers.pipeline.moveTo')}</Menu.Label>
        {[...stages].sort((a, b) => a.sort - b.sort).map((s) => (
          <Menu.Item key={s.key} disabled={s.key === current} leftSection={s.key === current ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
            onClick={() => onMove(s)} data-testid={`move-to-${s.key}`}>
            {stageLabel(t, s)} · {s.probability}%
          </Menu.Item>
        ))}
        {extra}
      </Menu.Dropdown>
    </Menu>
  )
}
