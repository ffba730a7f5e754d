import type { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { ConsoleLog, SystemClock } from '../node'
import type { Platform } from '../ports'
import { ElectronDialogs } from './dialogs'
import { ElectronNotifications } from './notifications'
import { ElectronPrinting } from './printing'
import { SafeStorageSecrets } from './secrets'
import { ElectronStoreSettings } from './settings'
import { focusWindow } from './window-state'

export interface ElectronPlatformOptions {
  dataDir: string
  /** The main window, when there is one: parent of dialogs, target of notification clicks. */
  mainWindow: () => BrowserWindow | null
}

/** The Electron implementations of the ports. Call after `app.whenReady()` (safeStorage needs it). */
export function createElectronPlatform(opts: ElectronPlatformOptions): Platform {
  const log = new ConsoleLog()
  const settings = new ElectronStoreSettings(opts.dataDir)
  const focusMain = (): void => focusWindow(opts.mainWindow())
  return {
    runtime: 'electron',
    dataDir: opts.dataDir,
    notifications: new ElectronNotifications(focusMain),
    settings,
    secrets: new SafeStorageSecrets(settings, join(opts.dataDir, 'secret.key'), log),
    dialogs: new ElectronDialogs(opts.mainWindow),
    printing: new ElectronPrinting(),
    clock: new SystemClock(),
    log,
  }
}
