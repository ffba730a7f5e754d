import { useState, type ReactNode } from 'react'
import type { OpportunityRow, StageRow } from '../../../../../src-preload/contracts/followups'
import { api } from '../../../api'
import { useT } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { stageLabel } from '../lib/labels'
import { LossReasonModal } from './LossReasonModal'

/**
 * Moves an opportunity to a stage (drag, menu or keyboard); a lost stage first asks for the
 * loss reason. Render `modal` somewhere in the page.
 */
export function useMoveStage(onMoved: (o: OpportunityRow) => void): { move: (opp: OpportunityRow, stage: StageRow) => void; modal: ReactNode } {
  const t = useT()
  const notify = useNotify()
  const [lost, setLost] = useState<{ opp: OpportunityRow; stage: StageRow } | null>(null)

  const run = async (opp: OpportunityRow, stage: StageRow, lossReason?: string) => {
    try {
      const o = await api.opportunities.moveStage({ id: opp.id, stage: stage.key, ...(lossReason ? { lossReason } : {}) })
      notify.success('customers.pipeline.moved', { name: o.name, stage: stageLabel(t, stage) })
      onMoved(o)
    } catch (e) {
      notify.error(e)
    }
  }

  const move = (opp: OpportunityRow, stage: StageRow) => {
    if (stage.key === opp.stage) return
    if (stage.kind === 'lost') setLost({ opp, stage })
    else void run(opp, stage)
  }

  const modal = lost
    ? <LossReasonModal name={lost.opp.name} onCancel={() => setLost(null)} onSubmit={(reason) => { const l = lost; setLost(null); void run(l.opp, l.stage, reason) }} />
    : null
  return { move, modal }
}
