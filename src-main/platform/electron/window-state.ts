import { screen, type BrowserWindow, type Rectangle } from 'electron'
import type { SettingsPort } from '../ports'

const KEY = 'window.main'
const DEFAULT_SIZE = { width: 1280, height: 800 }
const MIN_VISIBLE = 100

export interface WindowState { bounds: Rectangle | null; maximized: boolean }

/**
 * The last bounds and maximized flag of the main window, if they are still usable: a
 * window saved on a monitor that is now unplugged would open off-screen, so bounds that do
 * not overlap any display's work area by at least MIN_VISIBLE pixels each way are dropped.
 */
export function loadWindowState(settings: SettingsPort): { x?: number; y?: number; width: number; height: number; maximized: boolean } {
  const saved = settings.get<Partial<WindowState> | null>(KEY, null)
  const b = saved?.bounds
  const maximized = saved?.maximized === true
  if (!b || !isRect(b)) return { ...DEFAULT_SIZE, maximized }
  const width = Math.max(b.width, 640)
  const height = Math.max(b.height, 480)
  if (!isOnSomeDisplay({ ...b, width, height })) return { width, height, maximized }
  return { x: b.x, y: b.y, width, height, maximized }
}

/** Saves bounds on move/resize (debounced) and on close; the normal bounds survive maximizing. */
export function trackWindowState(win: BrowserWindow, settings: SettingsPort): void {
  let timer: NodeJS.Timeout | null = null
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return
    settings.set(KEY, { bounds: win.getNormalBounds(), maximized: win.isMaximized() } satisfies WindowState)
  }
  const later = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  win.on('resize', later)
  win.on('move', later)
  win.on('maximize', save)
  win.on('unmaximize', save)
  win.on('close', () => {
    if (timer) clearTimeout(timer)
    save()
  })
}

/** Brings a window to the front, restoring it when minimized. */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

function isRect(v: unknown): v is Rectangle {
  const r = v as Rectangle
  return typeof v === 'object' && v !== null && [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n))
}

function isOnSomeDisplay(b: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const overlapX = Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x)
    const overlapY = Math.min(b.y + b.height, a.y + a.height) - Math.max(b.y, a.y)
    return overlapX >= MIN_VISIBLE && overlapY >= MIN_VISIBLE
  })
}
