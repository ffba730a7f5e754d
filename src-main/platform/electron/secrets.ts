import { safeStorage } from 'electron'
import { existsSync } from 'node:fs'
import { FileKeySecrets } from '../node'
import type { LogPort, SecretsPort, SettingsPort } from '../ports'

const OS_PREFIX = 'secret-os:'

/**
 * Secrets encrypted with safeStorage (DPAPI, Keychain, libsecret/kwallet), stored as base64
 * in the settings file. Where the OS offers no keychain (Linux without a secret service,
 * where Chromium would fall back to a hard-coded key) the file-key scheme of the Node
 * platform is used and `osProtected` is false, so the UI can say so.
 * Must be constructed after `app.whenReady()`.
 */
export class SafeStorageSecrets implements SecretsPort {
  readonly osProtected: boolean
  private fileKeySecrets: FileKeySecrets | null = null

  constructor(private readonly settings: SettingsPort, private readonly keyFile: string, log: LogPort) {
    this.osProtected = safeStorage.isEncryptionAvailable() && !weakLinuxBackend()
    if (!this.osProtected) log.warn('OS secret storage unavailable; using the data-directory key file')
  }

  set(key: string, plain: string): void {
    if (!this.osProtected) return this.fileKey().set(key, plain)
    this.settings.set(OS_PREFIX + key, safeStorage.encryptString(plain).toString('base64'))
    this.legacy()?.delete(key)
  }

  get(key: string): string | null {
    const blob = this.osProtected ? this.settings.get<string | null>(OS_PREFIX + key, null) : null
    if (blob) return safeStorage.decryptString(Buffer.from(blob, 'base64'))
    // Written by the headless host (or before a keychain existed) on the same data dir.
    return this.osProtected ? (this.legacy()?.get(key) ?? null) : this.fileKey().get(key)
  }

  delete(key: string): void {
    this.settings.delete(OS_PREFIX + key)
    this.legacy()?.delete(key)
  }

  /** The file-key store, creating its key on first use. */
  private fileKey(): FileKeySecrets {
    this.fileKeySecrets ??= new FileKeySecrets(this.settings, this.keyFile)
    return this.fileKeySecrets
  }

  /** The file-key store only if its key already exists: OS mode never creates a key file. */
  private legacy(): FileKeySecrets | null {
    return this.fileKeySecrets ?? (existsSync(this.keyFile) ? this.fileKey() : null)
  }
}

function weakLinuxBackend(): boolean {
  return process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
}
