import type { EventBus } from '../../core/events'
import { RecomputeOnChange } from '../../core/recompute-on-change'
import type { Mutation } from '../../core/mutation'
import type { LogPort, NotificationsPort, SettingsPort } from '../../platform/ports'
import type { SessionStore } from '../auth/sessions'
import type { ApprovalsRepository } from './approvals.repository'
import { writeFold } from './apply-fold'
import { cacheMatches, loadDecisions, loadInstance } from './derived'
import { foldDecisions } from './fold'
import { approvalText } from './notices'

export interface ApprovalResolverDeps {
  repo: ApprovalsRepository
  mutation: Mutation
  now: () => number
  bus: EventBus
  sessions: SessionStore
  notifications: NotificationsPort
  settings: SettingsPort
  log: LogPort
}

const DAY_MS = 86_400_000
/** Events older than this are not announced on a device that sees them for the first time. */
const NOTIFY_WINDOW_MS = 7 * DAY_MS
const BATCH = 200

/**
 * Keeps every device's instance rows equal to the fold of the decisions it holds (the pool's
 * claim resolver pattern): when sync brings decisions from other devices, instances marked
 * dirty by refreshDerived get their state rewritten, and the document's module hears of an
 * outcome that changed (onDecided, same transaction). A device waits until it holds every
 * decision the row's writer had seen (`basis`), so a half-synced ledger never "corrects" a
 * newer state backwards. Then tells users logged in here what concerns them, once per device:
 * approvers of a step now waiting for them, submitters of an outcome, approvers whose
 * concurrent decision was superseded ("该审批已由X处理").
 */
export class ApprovalResolver extends RecomputeOnChange {
  constructor(private readonly d: ApprovalResolverDeps) {
    super(d, ['approval_instances', 'approval_decisions'], 'approval resolution')
  }

  protected resolve(): void {
    for (const id of this.d.repo.dirtyIds(BATCH)) {
      this.d.mutation({ userId: null }, (w) => {
        const inst = loadInstance(w.db, id)
        const decisions = inst ? loadDecisions(w.db, id) : []
        const held = new Set(decisions.map((x) => x.id))
        if (inst && inst.basis.every((b) => held.has(b))) {
          const f = foldDecisions({ submitterId: inst.submitterId, steps: inst.steps }, decisions)
          if (!cacheMatches(inst, f)) writeFold(w, inst, f)
        }
        this.d.repo.clearDirty(id)
      })
    }
  }

  /** Tells users logged in on this device (once per device and event). */
  notify(): void {
    const since = this.d.now() - NOTIFY_WINDOW_MS
    const text = approvalText(this.d.settings)
    const here = (userId: string) => this.d.sessions.connectionsOf(userId).length > 0
    const show = (key: string, userId: string, title: string, body: string) => {
      this.d.notifications.show({ title, body, tag: `approval:${key}`, userId })
      this.d.repo.markNotified(key, this.d.now())
    }
    for (const r of this.d.repo.unnotifiedTodos(since)) {
      if (here(r.userId)) show(`todo:${r.instanceId}:${r.step}:${r.userId}`, r.userId, text.todoTitle, text.todoBody(r.submitterName, r.title))
    }
    for (const r of this.d.repo.unnotifiedOutcomes(since)) {
      if (!here(r.submitterId)) continue
      if (r.status === 'approved') show(`outcome:${r.id}:${r.status}`, r.submitterId, text.approvedTitle, text.approvedBody(r.title))
      else show(`outcome:${r.id}:${r.status}`, r.submitterId, text.rejectedTitle, text.rejectedBody(r.title))
    }
    for (const r of this.d.repo.unnotifiedSuperseded(since)) {
      if (here(r.approverId)) show(`superseded:${r.decisionId}`, r.approverId, text.supersededTitle, text.supersededBody(r.byName, r.title))
    }
  }
}
