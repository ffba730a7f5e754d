/**
 * Everything that needs Electron sits behind these ports. Modules and sync receive a
 * `Platform` and never import `electron`; Node/test implementations live in ./node.
 */
export interface DesktopNotification {
  title: string
  body?: string
  tag?: string
  /** Whose notification it is: in browser mode only that user's pages show it. */
  userId?: string
}

export interface NotificationsPort {
  show(n: DesktopNotification): void
}

export interface SettingsPort {
  get<T>(key: string, fallback: T): T
  set(key: string, value: unknown): void
  delete(key: string): void
}

/** Secrets at rest (sync credentials, mail passwords): OS keychain via safeStorage in Electron. */
export interface SecretsPort {
  /** True when secrets are protected by the OS (safeStorage); false for the file-key fallback. */
  readonly osProtected: boolean
  set(key: string, plain: string): void
  get(key: string): string | null
  delete(key: string): void
}

export interface FileFilter { name: string; extensions: string[] }
export interface DialogsPort {
  /** Asks the user for a file to open; null when cancelled or when no dialog exists (headless). */
  chooseOpenFile(opts: { title?: string; filters?: FileFilter[] }): Promise<string | null>
  chooseSaveFile(opts: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<string | null>
  confirm(opts: { title: string; message: string }): Promise<boolean>
}

export interface PrintingPort {
  /** Renders a self-contained HTML document to PDF bytes (A4 unless told otherwise). */
  htmlToPdf(html: string, opts?: { landscape?: boolean }): Promise<Uint8Array>
  /** Sends HTML to the system print dialog; false when printing is not available (headless). */
  print(html: string): Promise<boolean>
}

export interface ClockPort {
  now(): number
  setTimeout(fn: () => void, ms: number): { cancel(): void }
}

export interface LogPort {
  info(msg: string, data?: unknown): void
  warn(msg: string, data?: unknown): void
  error(msg: string, err?: unknown): void
}

export interface Platform {
  runtime: 'electron' | 'node'
  dataDir: string
  notifications: NotificationsPort
  settings: SettingsPort
  secrets: SecretsPort
  dialogs: DialogsPort
  printing: PrintingPort
  clock: ClockPort
  log: LogPort
}
