import Store from 'electron-store'
import type { SettingsPort } from '../ports'

/**
 * Settings in `<dataDir>/settings.json` through electron-store (atomic writes). Keys are
 * stored literally (no dot-path nesting) so they mean the same as in the Node
 * implementation, which reads and writes the same file.
 */
export class ElectronStoreSettings implements SettingsPort {
  private readonly store: Store<Record<string, unknown>>
  constructor(dataDir: string) {
    this.store = new Store<Record<string, unknown>>({
      name: 'settings',
      cwd: dataDir,
      accessPropertiesByDotNotation: false,
      // A hand-damaged file should not stop the app from starting; settings fall back to defaults.
      clearInvalidConfig: true,
      configFileMode: 0o600,
    })
  }
  get<T>(key: string, fallback: T): T {
    return this.store.has(key) ? (this.store.get(key) as T) : fallback
  }
  set(key: string, value: unknown): void { this.store.set(key, value) }
  delete(key: string): void { this.store.delete(key) }
}
