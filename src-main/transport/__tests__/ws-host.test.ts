import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import WebSocket from 'ws'
import { startHost, type RunningHost } from '../ws-host'
import { createTestApp, type TestApp } from '../../testing'
import type { HostMessage } from '../../../src-preload/contracts/wire'

let t: TestApp | undefined
let host: RunningHost | undefined
afterEach(async () => { await host?.close(); t?.close(); host = undefined; t = undefined })

async function start() {
  t = createTestApp()
  const renderer = join(t.dir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>LaiBang</title>')
  host = await startHost({ app: t.app, rendererDir: renderer })
  return host
}

function open(h: RunningHost, opts: { token?: string; origin?: string } = {}): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api?token=${opts.token ?? h.token}`, { origin: opts.origin ?? `http://127.0.0.1:${h.port}` })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

function client(ws: WebSocket) {
  let id = 0
  const events: { name: string; payload: unknown }[] = []
  const pending = new Map<number, (v: unknown) => void>()
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as HostMessage
    if (m.t === 'result') pending.get(m.id)?.(m.result)
    else events.push({ name: m.name, payload: m.payload })
  })
  return {
    events,
    call: (method: string, input: unknown) => new Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>((resolve) => {
      const n = ++id
      pending.set(n, resolve as (v: unknown) => void)
      ws.send(JSON.stringify({ t: 'call', id: n, method, input }))
    }),
  }
}

describe('headless host', () => {
  it('binds to 127.0.0.1 and serves the renderer with a strict CSP', async () => {
    const h = await start()
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/)
    const res = await fetch(`http://127.0.0.1:${h.port}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect((await fetch(`http://127.0.0.1:${h.port}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(200)
  })

  it('stops while a browser connection is in the middle of a request', async () => {
    const h = await start()
    // Headers sent but not finished: the connection is busy, so server.close() alone waits for
    // it (Node's headers timeout is 60 s) — the e2e host once failed to stop this way.
    const socket = connect(h.port, '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    await new Promise((r) => setTimeout(r, 50))
    const outcome = await Promise.race([h.close().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000))])
    host = undefined
    socket.destroy()
    expect(outcome).toBe('stopped')
  })

  it('refuses a WebSocket without the per-start token or from another origin', async () => {
    const h = await start()
    await expect(open(h, { token: 'wrong' })).rejects.toThrow(/403/)
    await expect(open(h, { origin: 'http://evil.example' })).rejects.toThrow(/403/)
  })

  it('runs contract calls with the normal login, and pushes events to the connection', async () => {
    const h = await start()
    const ws = await open(h)
    const c = client(ws)
    expect(await c.call('admin.listUsers', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const setup = await c.call('auth.setup', { companyName: '莱邦', adminUsername: 'admin', adminDisplayName: '管理员', password: 'admin-pass-1' })
    expect(setup.ok).toBe(true)
    expect(await c.call('admin.listUsers', {})).toMatchObject({ ok: true })
    expect(await c.call('admin.listUsers', { search: 42 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(c.events.some((e) => e.name === 'session.changed')).toBe(true)
    expect(c.events.some((e) => e.name === 'data.changed')).toBe(true)
    ws.close()
  })
})
