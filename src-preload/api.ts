import type { Api, EventName, EventPayload } from './contracts'

/**
 * The shape of `window.api` in the desktop app: the contract methods (derived from the
 * contracts, never written per method), a typed event subscription and the runtime tag.
 * Type-only, so the renderer may import it without pulling in Electron.
 */
export interface EventsApi {
  /** Subscribes to one main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void
}

export type DesktopApi = Api & { events: EventsApi; runtime: 'electron' }
