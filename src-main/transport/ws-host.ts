import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientMessage, HostMessage } from '../../src-preload/contracts/wire'
import type { MainApp } from '../app'
import type { EventTarget } from '../core/events'

export interface HostOptions {
  app: MainApp; rendererDir: string; port?: number; token?: string
  /** Per-call timing (method, ms in the handler, ms until sent, answer size), e.g. for benchmarks. */
  trace?: (line: string) => void
}
export interface RunningHost { url: string; token: string; port: number; server: Server; close(): Promise<void> }

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
}
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
const MAX_MESSAGE = 1024 * 1024

/**
 * The headless host's transport: static renderer files plus the contracts over one WebSocket,
 * on 127.0.0.1 only. A per-start token (given in the printed URL) and the page's own origin are
 * required to open the socket; after that the normal login applies. No business logic here.
 */
export function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  let origin = ''
  const server = createServer((req, res) => { void serveStatic(opts.rendererDir, req, res) })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })
  const sockets = new Map<string, WebSocket>()
  let seq = 0

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin)
    const given = Buffer.from(url.searchParams.get('token') ?? '')
    const ok = url.pathname === '/api' && given.length === token.length && timingSafeEqual(given, Buffer.from(token)) && req.headers.origin === origin
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connectionId = `ws-${++seq}`
      sockets.set(connectionId, ws)
      ws.on('message', (data) => { void onMessage(connectionId, ws, data.toString()) })
      ws.on('close', () => { sockets.delete(connectionId); opts.app.sessions.clear(connectionId) })
    })
  })

  async function onMessage(connectionId: string, ws: WebSocket, text: string): Promise<void> {
    let msg: ClientMessage
    try {
      msg = JSON.parse(text) as ClientMessage
    } catch {
      return
    }
    if (msg?.t !== 'call' || typeof msg.id !== 'number' || typeof msg.method !== 'string') return
    const started = opts.trace ? performance.now() : 0
    const result = await opts.app.registry.call(msg.method, msg.input, { connectionId, transport: 'ws' })
    const ran = opts.trace ? performance.now() : 0
    const bytes = send(ws, { t: 'result', id: msg.id, result })
    if (opts.trace) opts.trace(`call ${msg.method} #${msg.id} at=${Date.now()} run=${(ran - started).toFixed(1)}ms send=${(performance.now() - ran).toFixed(1)}ms bytes=${bytes}`)
  }

  const unsubscribe = opts.app.bus.subscribe((name, payload, target) => {
    for (const [connectionId, ws] of sockets) if (matches(target, connectionId)) send(ws, { t: 'event', name, payload })
  })
  const matches = (target: EventTarget, connectionId: string): boolean =>
    target.kind === 'all' ||
    (target.kind === 'connection' && target.connectionId === connectionId) ||
    (target.kind === 'user' && opts.app.sessions.userFor(connectionId) === target.userId)

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const addr = server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      origin = `http://127.0.0.1:${port}`
      resolve({
        url: `${origin}/?token=${token}`, token, port, server,
        close: () => new Promise<void>((done) => {
          unsubscribe()
          for (const ws of sockets.values()) ws.terminate()
          wss.close()
          server.close(() => done())
          // A browser connection still busy (a request in progress) would otherwise hold close()
          // open until Node's timeouts (60 s for headers): an e2e host once did not stop in time.
          server.closeAllConnections()
        }),
      })
    })
  })
}

/** Returns the size of the text sent (0 when the socket is gone). */
function send(ws: WebSocket, msg: HostMessage): number {
  if (ws.readyState !== ws.OPEN) return 0
  const text = JSON.stringify(msg)
  ws.send(text)
  return text.length
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end()
    return
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(normalize(root) + sep) && file !== normalize(root)) {
    res.writeHead(403, headers).end()
    return
  }
  try {
    const body = await readFile(file)
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body)
  } catch {
    // Client-side routes use the hash, so anything unknown is a real 404.
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
  }
}
