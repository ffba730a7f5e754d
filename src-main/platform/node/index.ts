import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ClockPort, DesktopNotification, DialogsPort, LogPort, NotificationsPort, Platform, PrintingPort, SecretsPort, SettingsPort } from '../ports'

/** Settings as a JSON file, written atomically (temp file + rename) so a crash never truncates it. */
export class JsonFileSettings implements SettingsPort {
  private data: Record<string, unknown>
  constructor(private readonly file: string) {
    this.data = existsSync(file) ? safeParse(readFileSync(file, 'utf8')) : {}
  }
  get<T>(key: string, fallback: T): T { return key in this.data ? (this.data[key] as T) : fallback }
  set(key: string, value: unknown): void { this.data[key] = value; this.flush() }
  delete(key: string): void { delete this.data[key]; this.flush() }
  private flush(): void {
    mkdirSync(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 })
    renameSync(tmp, this.file)
  }
}

function safeParse(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s)
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * Secrets for plain Node (headless host, tests): AES-256-GCM with a random key in a 0600 file in
 * the data directory. Weaker than the OS keychain (anyone who can read the data dir can read
 * the key), which is why `osProtected` is false and the UI says so.
 */
export class FileKeySecrets implements SecretsPort {
  readonly osProtected = false
  private readonly key: Buffer
  constructor(private readonly settings: SettingsPort, keyFile: string) {
    if (existsSync(keyFile)) this.key = readFileSync(keyFile)
    else {
      mkdirSync(dirname(keyFile), { recursive: true })
      this.key = randomBytes(32)
      writeFileSync(keyFile, this.key, { mode: 0o600 })
    }
  }
  set(key: string, plain: string): void {
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', this.key, iv)
    const enc = Buffer.concat([c.update(plain, 'utf8'), c.final()])
    this.settings.set(`secret:${key}`, Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64'))
  }
  get(key: string): string | null {
    const blob = this.settings.get<string | null>(`secret:${key}`, null)
    if (!blob) return null
    const buf = Buffer.from(blob, 'base64')
    const d = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, 12))
    d.setAuthTag(buf.subarray(12, 28))
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8')
  }
  delete(key: string): void { this.settings.delete(`secret:${key}`) }
}

/** Headless notifications: kept for tests and forwarded to the renderer by the host as events. */
export class MemoryNotifications implements NotificationsPort {
  readonly shown: (DesktopNotification & { at: number })[] = []
  constructor(private readonly onShow?: (n: DesktopNotification) => void) {}
  show(n: DesktopNotification): void {
    this.shown.push({ ...n, at: Date.now() })
    this.onShow?.(n)
  }
}

/** No native dialogs without Electron: the browser's own file input and download are used instead. */
export class HeadlessDialogs implements DialogsPort {
  async chooseOpenFile(): Promise<string | null> { return null }
  async chooseSaveFile(): Promise<string | null> { return null }
  async confirm(): Promise<boolean> { return false }
}

/** Without Electron, PDFs are produced by the browser (print to PDF); main has no renderer. */
export class HeadlessPrinting implements PrintingPort {
  constructor(private readonly htmlToPdfImpl?: (html: string, opts?: { landscape?: boolean }) => Promise<Uint8Array>) {}
  async htmlToPdf(html: string, opts?: { landscape?: boolean }): Promise<Uint8Array> {
    if (!this.htmlToPdfImpl) throw new Error('PDF rendering is not available in this runtime')
    return this.htmlToPdfImpl(html, opts)
  }
  async print(): Promise<boolean> { return false }
}

export class SystemClock implements ClockPort {
  now(): number { return Date.now() }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const t = setTimeout(fn, Math.min(ms, 2_147_483_647))
    t.unref?.()
    return { cancel: () => clearTimeout(t) }
  }
}

/** A clock tests move by hand. */
export class ManualClock implements ClockPort {
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = []
  constructor(private t: number = Date.UTC(2026, 10, 27, 1, 0, 0)) {}
  now(): number { return this.t }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.t + ms, fn, cancelled: false }
    this.timers.push(timer)
    return { cancel: () => { timer.cancelled = true } }
  }
  advance(ms: number): void {
    this.t += ms
    const due = this.timers.filter((x) => !x.cancelled && x.at <= this.t)
    this.timers = this.timers.filter((x) => !due.includes(x))
    for (const d of due) d.fn()
  }
}

export class ConsoleLog implements LogPort {
  constructor(private readonly quiet = false) {}
  info(msg: string, data?: unknown): void { if (!this.quiet) console.log(`[laibang] ${msg}`, data ?? '') }
  warn(msg: string, data?: unknown): void { console.warn(`[laibang] ${msg}`, data ?? '') }
  error(msg: string, err?: unknown): void { console.error(`[laibang] ${msg}`, err ?? '') }
}

export interface NodePlatformOptions {
  dataDir: string; clock?: ClockPort; quiet?: boolean; onNotify?: (n: DesktopNotification) => void
  /** HTML → PDF renderer (e.g. chromiumPdfRenderer()); without one, htmlToPdf throws and the browser prints. */
  htmlToPdf?: (html: string, opts?: { landscape?: boolean }) => Promise<Uint8Array>
}

export function createNodePlatform(opts: NodePlatformOptions): Platform & { notifications: MemoryNotifications } {
  const settings = new JsonFileSettings(join(opts.dataDir, 'settings.json'))
  return {
    runtime: 'node',
    dataDir: opts.dataDir,
    notifications: new MemoryNotifications(opts.onNotify),
    settings,
    secrets: new FileKeySecrets(settings, join(opts.dataDir, 'secret.key')),
    dialogs: new HeadlessDialogs(),
    printing: new HeadlessPrinting(opts.htmlToPdf),
    clock: opts.clock ?? new SystemClock(),
    log: new ConsoleLog(opts.quiet),
  }
}
