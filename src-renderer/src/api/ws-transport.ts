import type { ClientMessage, HostMessage } from '../../../src-preload/contracts/wire'
import { ApiError } from './errors'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'no-token'

type Listener = (payload: unknown) => void
interface PendingCall { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> | null }

const TOKEN_KEY = 'laibang.hostToken'
/** A call that cannot be sent within this time fails with errors.network instead of hanging. */
const QUEUE_TIMEOUT_MS = 15_000
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000]

/**
 * Takes the per-start token from `?token=` on first load, keeps it for this tab in
 * sessionStorage and removes it from the address bar (so it is not bookmarked or shared).
 */
export function takeHostToken(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/**
 * The headless host's transport (contracts/wire.ts): one WebSocket, calls matched to results
 * by id, events fanned out by name. Calls made while (re)connecting wait in a queue; the
 * socket reconnects with backoff. A new connection has no session on the host, so a
 * reconnect is announced to listeners as `session.changed { loggedIn: false }`.
 */
export class WsTransport {
  private ws: WebSocket | null = null
  private nextId = 1
  private attempt = 0
  private everOpened = false
  private readonly queue: { id: number; text: string }[] = []
  private readonly pending = new Map<number, PendingCall>()
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly stateListeners = new Set<() => void>()
  private state: ConnectionState

  constructor(private readonly url: string | null) {
    this.state = url ? 'connecting' : 'no-token'
    if (url) this.connect()
  }

  getState(): ConnectionState { return this.state }

  subscribeState(cb: () => void): () => void {
    this.stateListeners.add(cb)
    return () => { this.stateListeners.delete(cb) }
  }

  call(method: string, input: unknown): Promise<unknown> {
    if (!this.url) return Promise.reject(ApiError.network({ reason: 'no-token' }))
    const id = this.nextId++
    const msg: ClientMessage = { t: 'call', id, method, input }
    const text = JSON.stringify(msg)
    return new Promise((resolve, reject) => {
      const entry: PendingCall = { resolve, reject, timer: null }
      this.pending.set(id, entry)
      if (this.ws?.readyState === WebSocket.OPEN) {
        this.ws.send(text)
      } else {
        this.queue.push({ id, text })
        entry.timer = setTimeout(() => this.fail(id), QUEUE_TIMEOUT_MS)
      }
    })
  }

  on(name: string, cb: Listener): () => void {
    let set = this.listeners.get(name)
    if (!set) this.listeners.set(name, (set = new Set()))
    set.add(cb)
    return () => { set.delete(cb) }
  }

  private connect(): void {
    if (!this.url) return
    const ws = new WebSocket(this.url)
    this.ws = ws
    ws.onopen = () => {
      this.attempt = 0
      const reconnected = this.everOpened
      this.everOpened = true
      this.setState('open')
      this.flush()
      if (reconnected) this.emit('session.changed', { loggedIn: false })
    }
    ws.onmessage = (ev: MessageEvent) => { if (typeof ev.data === 'string') this.receive(ev.data) }
    ws.onclose = () => {
      if (this.ws !== ws) return
      this.ws = null
      // Sent calls may or may not have run; the caller is told, never left waiting.
      for (const id of [...this.pending.keys()]) if (!this.queue.some((q) => q.id === id)) this.fail(id)
      this.setState('reconnecting')
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)] ?? 8000
      setTimeout(() => this.connect(), delay)
    }
  }

  private flush(): void {
    while (this.queue.length && this.ws?.readyState === WebSocket.OPEN) {
      const next = this.queue.shift()!
      const entry = this.pending.get(next.id)
      if (!entry) continue
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = null
      this.ws.send(next.text)
    }
  }

  private receive(text: string): void {
    let msg: HostMessage
    try {
      msg = JSON.parse(text) as HostMessage
    } catch {
      return
    }
    if (msg.t === 'result') {
      const entry = this.pending.get(msg.id)
      if (!entry) return
      this.pending.delete(msg.id)
      if (msg.result.ok) entry.resolve(msg.result.value)
      else entry.reject(ApiError.from(msg.result.error))
    } else if (msg.t === 'event') {
      this.emit(msg.name, msg.payload)
    }
  }

  private emit(name: string, payload: unknown): void {
    for (const cb of this.listeners.get(name) ?? []) cb(payload)
  }

  private fail(id: number): void {
    const entry = this.pending.get(id)
    if (!entry) return
    if (entry.timer) clearTimeout(entry.timer)
    this.pending.delete(id)
    const i = this.queue.findIndex((q) => q.id === id)
    if (i >= 0) this.queue.splice(i, 1)
    entry.reject(ApiError.network())
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return
    this.state = s
    for (const cb of this.stateListeners) cb()
  }
}

export function hostSocketUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`
}
