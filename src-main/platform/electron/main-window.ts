import { BrowserWindow } from 'electron'
import type { LogPort, SettingsPort } from '../ports'
import { preloadPath, rendererUrl } from './paths'
import { loadWindowState, trackWindowState } from './window-state'

/**
 * The one app window: isolated, sandboxed, no Node, with only the preload's `window.api`.
 * Shown when its first paint is ready, at the size and place the user left it.
 */
export function createMainWindow(settings: SettingsPort, log: LogPort): BrowserWindow {
  const { maximized, ...bounds } = loadWindowState(settings)
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'LaiBang',
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      preload: preloadPath(),
    },
  })
  win.once('ready-to-show', () => {
    if (maximized) win.maximize()
    win.show()
  })
  trackWindowState(win, settings)
  win.loadURL(rendererUrl()).catch((err: unknown) => log.error('renderer failed to load', err))
  return win
}
