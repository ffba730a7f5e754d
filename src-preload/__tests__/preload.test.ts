import { describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, IPC_PREFIX, listMethods } from '../contracts'
import type { DesktopApi } from '../api'

/* The preload against a fake `electron`: what it exposes and how it talks to main. */
const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  reply: { ok: true, value: 'v' } as unknown,
  listeners: new Set<(e: unknown, msg: unknown) => void>(),
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => { fake.invoked.push([channel, input]); return fake.reply },
    on: (channel: string, l: (e: unknown, msg: unknown) => void) => { if (channel === EVENT_CHANNEL) fake.listeners.add(l) },
    removeListener: (_channel: string, l: (e: unknown, msg: unknown) => void) => { fake.listeners.delete(l) },
  },
}))

await import('../index')
const api = fake.exposed.get('api') as DesktopApi

describe('preload', () => {
  it('exposes only `api`: one function per contract method, events and the runtime tag', () => {
    expect([...fake.exposed.keys()]).toEqual(['api'])
    const methods = listMethods()
    for (const m of methods) expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[m.domain]?.[m.action]).toBe('function')
    expect(Object.keys(api).sort()).toEqual([...new Set(methods.map((m) => m.domain)), 'events', 'runtime'].sort())
    expect(api.runtime).toBe('electron')
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer')
  })

  it('calls main on the method’s own channel, returns the value and throws the error shape', async () => {
    fake.reply = { ok: true, value: { needsSetup: true, companyName: null } }
    await expect(api.auth.setupStatus({})).resolves.toEqual({ needsSetup: true, companyName: null })
    expect(fake.invoked.at(-1)).toEqual([`${IPC_PREFIX}auth.setupStatus`, {}])
    const error = { code: 'INVALID_CREDENTIALS', messageKey: 'errors.invalidCredentials' }
    fake.reply = { ok: false, error }
    await expect(api.auth.login({ username: 'a', password: 'b' })).rejects.toEqual(error)
  })

  it('delivers events by name on the single event channel until unsubscribed', () => {
    const seen: unknown[] = []
    const off = api.events.on('session.changed', (p) => seen.push(p))
    for (const l of fake.listeners) {
      l({}, { name: 'session.changed', payload: { loggedIn: true } })
      l({}, { name: 'data.changed', payload: { tables: [] } })
    }
    expect(seen).toEqual([{ loggedIn: true }])
    off()
    expect(fake.listeners.size).toBe(0)
  })
})
