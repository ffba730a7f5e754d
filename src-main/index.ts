import { app, BrowserWindow, dialog, session } from 'electron'
import { createMainApp } from './app'
import { createElectronPlatform } from './platform/electron'
import { endSessionWithWindow, forwardEvents, registerIpcHandlers } from './platform/electron/ipc'
import { createMainWindow } from './platform/electron/main-window'
import { appVersion, devNativeBinding, devRendererUrl, migrationsDir, resolveDataDir } from './platform/electron/paths'
import { PRINT_PARTITION } from './platform/electron/printing'
import { hardenAllWebContents, hardenSession } from './platform/electron/security'
import { focusWindow } from './platform/electron/window-state'
import { bulkWorkerEntry } from './sync/bulk-worker'
// electron-vite builds the sync's bulk worker as its own entry and gives its path.
import bulkWorkerPath from './sync/bulk.worker?modulePath'

/*
 * The thin Electron entry: single instance, data dir, window, and the IPC bridge to the same
 * core the headless host and the tests use (app.ts). No business logic lives here.
 */

// Chromium's profile and the single-instance lock live in the data dir, so one app runs per
// data dir and test runs on temp dirs never see each other. Must happen before `ready`.
const dataDir = resolveDataDir()
app.setPath('userData', dataDir)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  hardenAllWebContents()
  start().catch(fail)
}

async function start(): Promise<void> {
  let win: BrowserWindow | null = null
  const mainWindow = (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null)

  app.on('second-instance', () => focusWindow(mainWindow()))
  await app.whenReady()

  hardenSession(session.defaultSession, { csp: devRendererUrl() === null })
  hardenSession(session.fromPartition(PRINT_PARTITION), { csp: true })

  const platform = createElectronPlatform({ dataDir, mainWindow })
  bulkWorkerEntry.path = bulkWorkerPath
  const core = createMainApp({ platform, migrationsDir: migrationsDir(), nativeBinding: devNativeBinding(), version: appVersion() })
  app.once('will-quit', () => core.close())
  registerIpcHandlers(core, mainWindow)
  forwardEvents(core, mainWindow)

  const openWindow = (): void => {
    win = createMainWindow(platform.settings, platform.log)
    endSessionWithWindow(core, win)
  }
  openWindow()

  app.on('activate', () => { if (!mainWindow()) openWindow() })
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit() })
}

function fail(err: unknown): void {
  console.error('[laibang] failed to start', err)
  // Before the UI exists there is no i18n; both languages keep the message readable.
  dialog.showErrorBox('LaiBang 莱邦', `启动失败 / Failed to start:\n${err instanceof Error ? err.message : String(err)}`)
  app.exit(1)
}
