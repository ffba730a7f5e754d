import type { FileOutput } from '../../../../../src-preload/contracts/define'

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

/** Saves a file main produced (export, template, PDF) through the browser's download. */
export function downloadFile(file: FileOutput): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.contentBase64)], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The download has started once click() returns; revoke a little later for slow engines.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A picked file as the contract's fileInput (base64 without the data: prefix). */
export async function readFileInput(file: File): Promise<{ fileName: string; contentBase64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let bin = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return { fileName: file.name, contentBase64: btoa(bin) }
}

/**
 * Prints self-contained HTML (main's print templates) through a hidden iframe: the browser's
 * own print dialog, where the user can also choose "save as PDF".
 */
export function printHtml(html: string): void {
  const frame = document.createElement('iframe')
  frame.setAttribute('aria-hidden', 'true')
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden'
  frame.srcdoc = html
  frame.onload = () => {
    const win = frame.contentWindow
    if (!win) return
    win.onafterprint = () => setTimeout(() => frame.remove(), 0)
    win.focus()
    win.print()
    // Engines that print synchronously never fire afterprint for a hidden frame.
    setTimeout(() => frame.remove(), 60_000)
  }
  document.body.appendChild(frame)
}
