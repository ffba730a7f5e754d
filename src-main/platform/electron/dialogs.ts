import { dialog, type BrowserWindow } from 'electron'
import type { DialogsPort, FileFilter } from '../ports'

/** Native file and confirm dialogs, modal to the main window when it exists. */
export class ElectronDialogs implements DialogsPort {
  constructor(private readonly parent: () => BrowserWindow | null) {}

  async chooseOpenFile(opts: { title?: string; filters?: FileFilter[] }): Promise<string | null> {
    const options = { properties: ['openFile' as const], ...(opts.title ? { title: opts.title } : {}), ...(opts.filters ? { filters: opts.filters } : {}) }
    const win = this.parent()
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  }

  async chooseSaveFile(opts: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<string | null> {
    const options = { ...(opts.title ? { title: opts.title } : {}), ...(opts.defaultName ? { defaultPath: opts.defaultName } : {}), ...(opts.filters ? { filters: opts.filters } : {}) }
    const win = this.parent()
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  }

  async confirm(opts: { title: string; message: string }): Promise<boolean> {
    // Button labels come from the OS (no i18n here): the caller's title and message carry the meaning.
    const options = { type: 'question' as const, title: opts.title, message: opts.message, buttons: ['OK', 'Cancel'], defaultId: 0, cancelId: 1, noLink: true }
    const win = this.parent()
    const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
    return r.response === 0
  }
}
