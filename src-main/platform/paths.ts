import { homedir } from 'node:os'
import { join } from 'node:path'

/** Same folder Electron's app.getPath('userData') gives for productName "LaiBang". */
export function defaultDataDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'LaiBang')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'LaiBang')
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'LaiBang')
}
