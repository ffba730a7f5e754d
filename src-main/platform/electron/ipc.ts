import { ipcMain, type BrowserWindow } from 'electron'
import { EVENT_CHANNEL, IPC_PREFIX, listMethods, type Result } from '../../../src-preload/contracts'
import type { MainApp } from '../../app'
import type { EventTarget } from '../../core/events'
import { isTrustedSender } from './security'

type MainWindow = () => BrowserWindow | null

const forbiddenSender: Result<never> = { ok: false, error: { code: 'FORBIDDEN_SENDER', messageKey: 'errors.forbiddenSender' } }

/**
 * One `ipcMain.handle` per contract method (the allow-list is the contract itself). Each
 * call must come from the app's own page in the main window; the registry then checks the
 * session, parses the input and runs the handler. Returns a function that removes them.
 */
export function registerIpcHandlers(core: Pick<MainApp, 'registry'>, mainWindow: MainWindow): () => void {
  const channels = listMethods().map(({ name }) => {
    const channel = IPC_PREFIX + name
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, mainWindow()?.webContents ?? null)) return forbiddenSender
      return core.registry.call(name, input, { connectionId: String(event.sender.id), transport: 'ipc' })
    })
    return channel
  })
  return () => { for (const c of channels) ipcMain.removeHandler(c) }
}

/** Forwards bus events to the main window on the single event channel, honouring their target. */
export function forwardEvents(core: Pick<MainApp, 'bus' | 'sessions'>, mainWindow: MainWindow): () => void {
  return core.bus.subscribe((name, payload, target) => {
    const win = mainWindow()
    if (!win || win.isDestroyed()) return
    if (!reaches(target, String(win.webContents.id), core.sessions)) return
    win.webContents.send(EVENT_CHANNEL, { name, payload })
  })
}

/** Ends the window's session when its page goes away, so a new window starts logged out. */
export function endSessionWithWindow(core: Pick<MainApp, 'sessions'>, win: BrowserWindow): void {
  const connectionId = String(win.webContents.id)
  win.webContents.once('destroyed', () => core.sessions.clear(connectionId))
}

function reaches(target: EventTarget, connectionId: string, sessions: MainApp['sessions']): boolean {
  switch (target.kind) {
    case 'all': return true
    case 'user': return sessions.userFor(connectionId) === target.userId
    case 'connection': return target.connectionId === connectionId
  }
}
