import type { FileOutput } from '../../../../../src-preload/contracts/define'
import { toApiError } from '../../../api'
import { downloadFile, printHtml } from '../../customers/lib/files'

/**
 * "Save as PDF": main renders it through the printing port (Electron, or the host's system
 * Chromium); where no renderer exists (errors.printUnavailable) the browser's print dialog
 * opens instead, where the user can choose "save as PDF". Returns false in that case.
 */
export async function savePdf(pdf: () => Promise<FileOutput>, html: () => Promise<{ html: string }>): Promise<boolean> {
  try {
    downloadFile(await pdf())
    return true
  } catch (err) {
    if (toApiError(err).messageKey !== 'errors.printUnavailable') throw err
    printHtml((await html()).html)
    return false
  }
}

export { printHtml }
