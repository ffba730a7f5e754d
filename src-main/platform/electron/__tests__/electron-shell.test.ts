import { EventEmitter } from 'node:events'
import type { BrowserWindow, WebContents } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, IPC_PREFIX, listMethods, type Result } from '../../../../src-preload/contracts'
import { createTestApp, setupCompany, tempDir, type TestApp } from '../../../testing'
import { JsonFileSettings } from '../../node'

/*
 * The Electron shell without Electron (none can run on CI): `electron` is replaced by a small
 * fake, and the real sender check, navigation guards, IPC bridge, window state and secrets
 * run against it and against the real core (createTestApp).
 */
const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events')
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
  const appEvents = new EventEmitter()
  return {
    handlers,
    appEvents,
    opened: [] as string[],
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    safeStorage: { available: true, backend: 'gnome_libsecret' },
  }
})

vi.mock('electron', () => ({
  app: Object.assign(fake.appEvents, { isPackaged: false, getPath: () => '/tmp', getVersion: () => '0.0.0' }),
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => fake.handlers.set(channel, fn),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  shell: { openExternal: async (url: string) => { fake.opened.push(url) } },
  screen: { getAllDisplays: () => fake.displays },
  safeStorage: {
    isEncryptionAvailable: () => fake.safeStorage.available,
    getSelectedStorageBackend: () => fake.safeStorage.backend,
    encryptString: (s: string) => Buffer.from(`os:${Buffer.from(s).toString('hex')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(3), 'hex').toString(),
  },
}))

const { isAppUrl, isTrustedSender, hardenAllWebContents, hardenSession } = await import('../security')
const { rendererUrl } = await import('../paths')
const { registerIpcHandlers, forwardEvents } = await import('../ipc')
const { loadWindowState, trackWindowState } = await import('../window-state')
const { SafeStorageSecrets } = await import('../secrets')

class FakeContents extends EventEmitter {
  static next = 1
  readonly id = FakeContents.next++
  readonly sent: [string, unknown][] = []
  openHandler: ((d: { url: string }) => { action: string }) | null = null
  send(channel: string, msg: unknown): void { this.sent.push([channel, msg]) }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void { this.openHandler = h }
}
const fakeWindow = (contents = new FakeContents()) =>
  ({ webContents: contents, isDestroyed: () => false } as unknown as BrowserWindow)
const appFrame = (path = '#/login') => ({ url: rendererUrl() + path, parent: null })
const quietLog = { info: () => {}, warn: () => {}, error: () => {} }

describe('security', () => {
  it('trusts only the built renderer page (any hash) or the dev server origin', () => {
    expect(isAppUrl(rendererUrl())).toBe(true)
    expect(isAppUrl(`${rendererUrl()}#/customers?id=1`)).toBe(true)
    expect(isAppUrl('file:///etc/passwd')).toBe(false)
    expect(isAppUrl('https://evil.example/')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('accepts IPC only from the top frame of the main window showing the app', () => {
    const contents = new FakeContents() as unknown as WebContents
    const ok = { sender: contents, senderFrame: appFrame() }
    expect(isTrustedSender(ok, contents)).toBe(true)
    expect(isTrustedSender({ ...ok, senderFrame: null }, contents)).toBe(false)
    expect(isTrustedSender({ ...ok, senderFrame: { url: rendererUrl(), parent: {} } }, contents)).toBe(false)
    expect(isTrustedSender({ ...ok, senderFrame: { url: 'https://evil.example/', parent: null } }, contents)).toBe(false)
    expect(isTrustedSender(ok, new FakeContents() as unknown as WebContents)).toBe(false)
    expect(isTrustedSender(ok, null)).toBe(false)
  })

  it('denies new windows, foreign navigation and webviews; opens only http(s) links outside', () => {
    hardenAllWebContents()
    const contents = new FakeContents()
    fake.appEvents.emit('web-contents-created', {}, contents)
    expect(contents.openHandler?.({ url: 'https://laibang.example/help' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(fake.opened).toEqual(['https://laibang.example/help'])
    let prevented = 0
    const event = { preventDefault: () => { prevented++ } }
    contents.emit('will-navigate', event, 'https://evil.example/')
    contents.emit('will-redirect', event, 'file:///etc/passwd')
    contents.emit('will-attach-webview', event)
    contents.emit('will-navigate', event, `${rendererUrl()}#/home`)
    expect(prevented).toBe(3)
  })

  it('answers every permission request and check with no', async () => {
    const s = { req: null as null | ((...a: unknown[]) => void), chk: null as null | (() => boolean) }
    const ses = {
      setPermissionRequestHandler: (h: (...a: unknown[]) => void) => { s.req = h },
      setPermissionCheckHandler: (h: () => boolean) => { s.chk = h },
      setDevicePermissionHandler: () => {},
      webRequest: { onHeadersReceived: () => {} },
    }
    hardenSession(ses as never, { csp: true })
    expect(s.chk?.()).toBe(false)
    expect(await new Promise((r) => s.req?.(null, 'media', r))).toBe(false)
  })
})

describe('IPC bridge', () => {
  let t: TestApp
  beforeEach(() => { t = createTestApp() })
  afterEach(() => { fake.handlers.clear(); t.close() })

  it('registers one channel per contract method and refuses untrusted senders', async () => {
    const win = fakeWindow()
    const remove = registerIpcHandlers(t.app, () => win)
    expect([...fake.handlers.keys()].sort()).toEqual(listMethods().map((m) => IPC_PREFIX + m.name).sort())
    const call = fake.handlers.get(`${IPC_PREFIX}auth.setupStatus`)!
    expect(await call({ sender: win.webContents, senderFrame: appFrame() }, {})).toEqual({ ok: true, value: { needsSetup: true, companyName: null } })
    expect(await call({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, {}))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    remove()
    expect(fake.handlers.size).toBe(0)
  })

  it('uses the webContents id as the session key and forwards events to the window they target', async () => {
    await setupCompany(t, 'admin-pass-1')
    const win = fakeWindow()
    const contents = win.webContents as unknown as FakeContents
    registerIpcHandlers(t.app, () => win)
    forwardEvents(t.app, () => win)
    const login = fake.handlers.get(`${IPC_PREFIX}auth.login`)!
    const r = (await login({ sender: contents, senderFrame: appFrame() }, { username: 'admin', password: 'admin-pass-1' })) as Result<{ user: { id: string } }>
    if (!r.ok) throw new Error(r.error.code)
    expect(t.app.sessions.userFor(String(contents.id))).toBe(r.value.user.id)
    expect(contents.sent).toContainEqual([EVENT_CHANNEL, { name: 'session.changed', payload: { loggedIn: true } }])

    contents.sent.length = 0
    t.app.bus.emit('data.changed', { tables: ['a'] }, { kind: 'user', userId: r.value.user.id })
    t.app.bus.emit('data.changed', { tables: ['b'] }, { kind: 'user', userId: 'someone-else' })
    t.app.bus.emit('data.changed', { tables: ['c'] }, { kind: 'connection', connectionId: 'other' })
    t.app.bus.emit('data.changed', { tables: ['d'] })
    expect(contents.sent.map(([, m]) => (m as { payload: { tables: string[] } }).payload.tables[0])).toEqual(['a', 'd'])
  })
})

describe('window state', () => {
  it('restores saved bounds, drops bounds that are off every display, and saves on close', () => {
    const dir = tempDir()
    try {
      const settings = new JsonFileSettings(`${dir.dir}/settings.json`)
      expect(loadWindowState(settings)).toEqual({ width: 1280, height: 800, maximized: false })
      settings.set('window.main', { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true })
      expect(loadWindowState(settings)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true })
      settings.set('window.main', { bounds: { x: 4000, y: 50, width: 1000, height: 700 }, maximized: false })
      expect(loadWindowState(settings)).toEqual({ width: 1000, height: 700, maximized: false })

      const win = Object.assign(new EventEmitter(), {
        isDestroyed: () => false, isMinimized: () => false, isFullScreen: () => false, isMaximized: () => false,
        getNormalBounds: () => ({ x: 10, y: 20, width: 1100, height: 720 }),
      })
      trackWindowState(win as unknown as BrowserWindow, settings)
      win.emit('close')
      expect(settings.get('window.main', null)).toEqual({ bounds: { x: 10, y: 20, width: 1100, height: 720 }, maximized: false })
    } finally {
      dir.cleanup()
    }
  })
})

describe('secrets', () => {
  afterEach(() => { fake.safeStorage.available = true; fake.safeStorage.backend = 'gnome_libsecret' })

  it('encrypts with safeStorage and never stores the plain text', () => {
    const dir = tempDir()
    try {
      const settings = new JsonFileSettings(`${dir.dir}/settings.json`)
      const secrets = new SafeStorageSecrets(settings, `${dir.dir}/secret.key`, quietLog)
      expect(secrets.osProtected).toBe(true)
      secrets.set('couch', 'p@ss 密码')
      expect(secrets.get('couch')).toBe('p@ss 密码')
      expect(JSON.stringify(settings.get('secret-os:couch', null))).not.toContain('p@ss')
      secrets.delete('couch')
      expect(secrets.get('couch')).toBeNull()
    } finally {
      dir.cleanup()
    }
  })

  it('falls back to the file key where the OS has no keychain, and says so', () => {
    const dir = tempDir()
    try {
      fake.safeStorage.backend = 'basic_text'
      const settings = new JsonFileSettings(`${dir.dir}/settings.json`)
      const weak = new SafeStorageSecrets(settings, `${dir.dir}/secret.key`, quietLog)
      expect(weak.osProtected).toBe(false)
      weak.set('mail', 'hunter2')
      expect(weak.get('mail')).toBe('hunter2')
      // Once a keychain exists, secrets written under the file key are still readable.
      fake.safeStorage.backend = 'gnome_libsecret'
      expect(new SafeStorageSecrets(settings, `${dir.dir}/secret.key`, quietLog).get('mail')).toBe('hunter2')
    } finally {
      dir.cleanup()
    }
  })
})
