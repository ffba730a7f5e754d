import { app, shell, type Session, type WebContents } from 'electron'
import { rendererUrl } from './paths'

/** Same policy as the renderer's meta tag; sent as a header too for defence in depth. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

/**
 * True for the app's own renderer: the dev server's origin in development, the built
 * index.html (any hash or query) in production. Everything else is foreign.
 */
export function isAppUrl(url: string): boolean {
  const app = safeUrl(rendererUrl())
  const u = safeUrl(url)
  if (!app || !u) return false
  if (app.protocol === 'file:') return u.protocol === 'file:' && u.pathname === app.pathname
  return u.origin === app.origin
}

/**
 * Applies to every webContents the app ever creates (main window, print windows, anything a
 * bug might open): no new windows, no navigation away, no <webview>. http(s) links open in
 * the user's browser, and only those schemes.
 */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfWeb(url)
      return { action: 'deny' }
    })
    const stayInApp = (event: { preventDefault(): void }, url: string): void => {
      if (!isAppUrl(url)) event.preventDefault()
    }
    contents.on('will-navigate', stayInApp)
    contents.on('will-frame-navigate', (details) => stayInApp(details, details.url))
    contents.on('will-redirect', stayInApp)
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

/** Denies every permission request and check (camera, geolocation, notifications, …). */
export function hardenSession(ses: Session, opts: { csp: boolean }): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  if (opts.csp) {
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
  }
}

/** The IPC sender check: the app's own top-level renderer frame in the given window. */
export function isTrustedSender(event: { sender: WebContents; senderFrame: { url: string; parent: unknown } | null }, mainContents: WebContents | null): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (!mainContents || event.sender !== mainContents) return false
  return isAppUrl(frame.url)
}

function openExternalIfWeb(url: string): void {
  const u = safeUrl(url)
  if (u && (u.protocol === 'https:' || u.protocol === 'http:')) {
    shell.openExternal(u.href).catch(() => { /* no browser configured: nothing more to do */ })
  }
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}
