import { app } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/*
 * Where things are, resolved from the bundled main file (out/main/index.js) rather than
 * app.getAppPath(): Electron started as `electron out/main/index.js` (Playwright) reports
 * out/main as the app path, while `electron .` reports the project root.
 */
const mainDir = dirname(fileURLToPath(import.meta.url))
const outDir = resolve(mainDir, '..')
/** Project root in development; the inside of app.asar when packaged. */
const appRoot = resolve(outDir, '..')

/**
 * LAIBANG_DATA_DIR wins (tests, portable installs); otherwise Electron's per-user folder,
 * named after the product whatever way Electron was started.
 */
export function resolveDataDir(): string {
  const fromEnv = process.env['LAIBANG_DATA_DIR']
  return fromEnv ? resolve(fromEnv) : join(app.getPath('appData'), 'LaiBang')
}

export const preloadPath = (): string => join(outDir, 'preload', 'index.cjs')
export const rendererFile = (): string => join(outDir, 'renderer', 'index.html')

/** The dev server URL electron-vite passes in development; unset for built files. */
export function devRendererUrl(): string | null {
  const url = process.env['ELECTRON_RENDERER_URL']
  return !app.isPackaged && url ? url : null
}

/** What the main window loads; also the origin the IPC sender check and navigation guard trust. */
export function rendererUrl(): string {
  return devRendererUrl() ?? pathToFileURL(rendererFile()).href
}

/** Migrations ship as an extraResource when packaged; in a checkout they are in drizzle/. */
export function migrationsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'drizzle') : join(appRoot, 'drizzle')
}

/**
 * In a checkout, node_modules holds the better-sqlite3 build for Node (tests, headless host);
 * scripts/ensure-native.mjs puts an Electron build beside it. Packaged apps use the default
 * binding, which electron-builder rebuilt for Electron. See docs/NATIVE-MODULES.md.
 */
export function devNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const file = join(appRoot, '.native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}

/**
 * The app's version from its package.json. app.getVersion() reports Electron's own version
 * when started as `electron out/main/index.js`, because no package.json sits beside that file.
 */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : app.getVersion()
  } catch {
    return app.getVersion()
  }
}
