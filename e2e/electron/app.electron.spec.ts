import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DesktopApi } from '../../src-preload/api'

/** The renderer's globals as these checks see them (this file compiles without the DOM lib). */
type RendererGlobals = { api?: DesktopApi; require?: unknown; process?: unknown; location: { href: string }; open(url: string): unknown }

/*
 * The desktop app itself: the built main process (out/main/index.js), the sandboxed preload
 * and the renderer, on a fresh data dir. Needs the Electron binary, which machines installed
 * with ELECTRON_SKIP_BINARY_DOWNLOAD=1 do not have; there the spec reports itself skipped.
 */

const root = fileURLToPath(new URL('../..', import.meta.url))
const mainEntry = join(root, 'out', 'main', 'index.js')

/** Path of the Electron executable, or null when the package was installed without it. */
function electronBinary(): string | null {
  try {
    // The electron package exports the executable's path and throws when it was never downloaded.
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const executablePath = electronBinary()
test.skip(!executablePath, 'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)')

test.describe('desktop app', () => {
  test.describe.configure({ mode: 'serial' })
  let app: ElectronApplication
  let page: Page
  let dataDir: string

  test.beforeAll(async () => {
    expect(existsSync(mainEntry), 'run `electron-vite build` first (npm run pretest:e2e does)').toBe(true)
    // better-sqlite3 for Electron's ABI (.native/); a no-op when it is already there.
    execFileSync(process.execPath, [join(root, 'scripts', 'ensure-native.mjs'), 'electron'], { cwd: root, stdio: 'inherit' })
    dataDir = mkdtempSync(join(tmpdir(), 'laibang-electron-e2e-'))
    app = await electron.launch({
      executablePath: executablePath!,
      args: [mainEntry],
      cwd: root,
      env: { ...process.env, LAIBANG_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
    })
    page = await app.firstWindow()
  })

  test.afterAll(async () => {
    await app?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('opens on the setup screen of a fresh data dir', async () => {
    await expect(page.getByTestId('setup-submit')).toBeVisible()
    const status = await page.evaluate(() => (globalThis as unknown as RendererGlobals).api?.auth.setupStatus({}))
    expect(status).toEqual({ needsSetup: true, companyName: null })
  })

  test('renderer has no Node, only the preload api (isolated, sandboxed, no nodeIntegration)', async () => {
    const exposed = await page.evaluate(() => {
      const g = globalThis as unknown as RendererGlobals
      return {
        require: typeof g.require,
        process: typeof g.process,
        api: typeof g.api,
        runtime: g.api?.runtime,
        ipcRenderer: typeof (g.api as unknown as { ipcRenderer?: unknown } | undefined)?.ipcRenderer,
      }
    })
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', api: 'object', runtime: 'electron', ipcRenderer: 'undefined' })
  })

  test('navigation away from the app and new windows are refused', async () => {
    const before = page.url()
    await page.evaluate(() => { (globalThis as unknown as RendererGlobals).location.href = 'https://example.com/' })
    // Not http(s), so the deny handler does not hand it to the system browser either.
    await page.evaluate(() => { (globalThis as unknown as RendererGlobals).open('file:///etc/hosts') })
    await expect.poll(() => page.url()).toBe(before)
    expect(app.windows()).toHaveLength(1)
  })
})
