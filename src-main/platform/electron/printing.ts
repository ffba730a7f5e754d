import { BrowserWindow } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PrintingPort } from '../ports'

/** In-memory session of the print windows, apart from the app's own. */
export const PRINT_PARTITION = 'laibang-print'

/**
 * Prints and renders PDFs from self-contained HTML in a hidden, sandboxed window with
 * JavaScript off. The HTML goes through a temp file because long data: URLs are truncated.
 */
export class ElectronPrinting implements PrintingPort {
  async htmlToPdf(html: string, opts?: { landscape?: boolean }): Promise<Uint8Array> {
    return withHiddenPage(html, async (win) => {
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, landscape: opts?.landscape ?? false })
      return new Uint8Array(pdf)
    })
  }

  async print(html: string): Promise<boolean> {
    return withHiddenPage(html, (win) => new Promise<boolean>((done) => {
      win.webContents.print({ printBackground: true }, (success) => done(success))
    }))
  }
}

async function withHiddenPage<T>(html: string, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'laibang-print-'))
  const file = join(dir, 'document.html')
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, partition: PRINT_PARTITION },
  })
  try {
    await writeFile(file, html, 'utf8')
    await win.loadFile(file)
    return await use(win)
  } finally {
    win.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
