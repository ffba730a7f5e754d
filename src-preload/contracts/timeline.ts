import { z } from 'zod'
import { cursor, id, method, timestamp, type Page } from './define'

/**
 * One entry of the activity timeline. `kind` names the source (followup, opportunity,
 * transfer, edit, and later quote, order, mail, receipt); `summaryKey` + `params` are
 * translated by the renderer.
 */
export interface TimelineEntry {
  id: string; at: number; kind: string; summaryKey: string; params: Record<string, string | number | null>
  actorId: string | null; actorName: string | null; customerId: string | null; customerName: string | null
  recordId: string | null; body: string | null
}

export const timeline = {
  customer: method<Page<TimelineEntry>>()(z.object({ customerId: id, cursor, limit: z.number().int().min(1).max(200).default(50) }).strict()),
  /** A salesperson's activity across customers ("what did my people do this week"). */
  user: method<Page<TimelineEntry>>()(z.object({ userId: id, from: timestamp, to: timestamp, cursor, limit: z.number().int().min(1).max(200).default(100) }).strict()),
}
