import type { HybridClock } from '../core/hlc'
import type { Couch } from './couch'
import type { AgentTopology } from './topology'

/** Named points where tests kill the agent (a throw that stops it like a killed process). */
export type AgentFaultPoint =
  | 'claims.afterDecision' | 'claims.afterPlacement'
  | 'numbers.afterReserve' | 'numbers.afterWrite'
  | 'relocate.afterCopy'
  | 'batch.beforeCheckpoint'

export interface AgentCtx {
  couch: Couch
  topology: AgentTopology
  clock: HybridClock
  now: () => number
  /** One line per decision. */
  log: (line: string) => void
  fault?: (point: AgentFaultPoint) => void | Promise<void>
}

/** Thrown by a fault hook: the agent stops at once, writing nothing more (a kill). */
export class AgentKilled extends Error {
  constructor(readonly point: string) { super(`agent killed at ${point}`) }
}
