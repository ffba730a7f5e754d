import { listMethods, type Api, type EventName, type EventPayload } from '../../../src-preload/contracts'
import { toApiError } from './errors'
import { hostSocketUrl, takeHostToken, WsTransport, type ConnectionState } from './ws-transport'

type Call = (method: string, input: unknown) => Promise<unknown>
type Subscribe = (name: string, cb: (payload: unknown) => void) => () => void
type MethodFn = (input: unknown) => Promise<unknown>

export type Runtime = 'electron' | 'browser'

interface Transport { runtime: Runtime; call: Call; on: Subscribe; ws: WsTransport | null }

/**
 * The shape of the preload's `window.api` (src-preload/api.ts, which the web tsconfig cannot
 * include): the contract methods plus a typed event subscription.
 */
type DesktopApi = Api & {
  events: { on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void }
  runtime: 'electron'
}

/** The preload's `window.api`, if this page runs inside the desktop app. */
function desktopApi(): DesktopApi | undefined {
  return (window as Window & { api?: DesktopApi }).api
}

function electronTransport(desktop: DesktopApi): Transport {
  const methods = desktop as unknown as Record<string, Record<string, MethodFn>>
  return {
    runtime: 'electron',
    call: (method, input) => {
      const [domain = '', action = ''] = method.split('.')
      const fn = methods[domain]?.[action]
      return fn ? fn(input) : Promise.reject(new Error(`window.api has no ${method}`))
    },
    on: (name, cb) => desktop.events.on(name as EventName, cb),
    ws: null,
  }
}

function browserTransport(): Transport {
  const token = takeHostToken()
  const ws = new WsTransport(token ? hostSocketUrl(token) : null)
  return { runtime: 'browser', call: (m, i) => ws.call(m, i), on: (n, cb) => ws.on(n, cb), ws }
}

/**
 * Builds the typed Api by walking the contracts (never a hand-written method list). Every
 * method rejects with an ApiError, whichever transport carried the call.
 */
function buildApi(call: Call): Api {
  const api: Record<string, Record<string, MethodFn>> = {}
  for (const { name, domain, action } of listMethods()) {
    const methods = (api[domain] ??= {})
    methods[action] = (input: unknown) => call(name, input ?? {}).catch((err: unknown) => { throw toApiError(err) })
  }
  return api as unknown as Api
}

const desktop = desktopApi()
const transport: Transport = desktop ? electronTransport(desktop) : browserTransport()

/** The one API client of the renderer: `api.auth.login({ username, password })`. */
export const api: Api = buildApi(transport.call)
export const runtime: Runtime = transport.runtime

/** Subscribes to a main → renderer event (contracts/events.ts); returns the unsubscribe function. */
export function onEvent<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void {
  return transport.on(name, (payload) => cb(payload as EventPayload<E>))
}

/** Connection to the headless host; always 'open' in the desktop app. */
export function getConnectionState(): ConnectionState {
  return transport.ws?.getState() ?? 'open'
}

export function subscribeConnectionState(cb: () => void): () => void {
  return transport.ws?.subscribeState(cb) ?? (() => {})
}
