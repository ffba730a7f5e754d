import { events, type EventName, type EventPayload } from '../../src-preload/contracts/events'

export type EventTarget = { kind: 'all' } | { kind: 'user'; userId: string } | { kind: 'connection'; connectionId: string }
type Listener = <E extends EventName>(name: E, payload: EventPayload<E>, target: EventTarget) => void

/** One typed bus for main → renderer pushes; transports subscribe and forward. */
export class EventBus {
  private listeners = new Set<Listener>()
  subscribe(l: Listener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  emit<E extends EventName>(name: E, payload: EventPayload<E>, target: EventTarget = { kind: 'all' }): void {
    const parsed = events[name].parse(payload) as EventPayload<E>
    for (const l of this.listeners) l(name, parsed, target)
  }
}
