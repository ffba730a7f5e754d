import type { DesktopApi } from './api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser (headless host transport). */
    api?: DesktopApi
  }
}
