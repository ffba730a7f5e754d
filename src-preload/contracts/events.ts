import { z } from 'zod'

/**
 * Events main pushes to the renderer over one typed channel. Each has a payload schema so
 * both ends agree; later modules add their events here.
 */
export const events = {
  'session.changed': z.object({ loggedIn: z.boolean() }),
  'sync.status': z.object({
    state: z.enum(['disabled', 'offline', 'syncing', 'idle', 'error', 'paused']),
    pending: z.number().int(),
    lastSyncAt: z.number().nullable(),
    progress: z.number().min(0).max(1).nullable().optional(),
    progressDocs: z.object({ received: z.number().int(), total: z.number().int() }).optional(),
    messageKey: z.string().optional(),
    /** Open conflict-inbox entries and rejected outbox rows (the header's badge). */
    conflicts: z.number().int().optional(),
    rejected: z.number().int().optional(),
  }),
  'reminder.due': z.object({ id: z.string(), title: z.string(), body: z.string().optional(), dueAt: z.number(), late: z.boolean() }),
  'data.changed': z.object({ tables: z.array(z.string()) }),
  /** A desktop notification; in browser mode the page shows it itself. */
  'notification.show': z.object({ title: z.string(), body: z.string().optional(), tag: z.string().optional() }),
}
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>
export const EVENT_CHANNEL = 'laibang:event'
