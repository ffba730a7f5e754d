/**
 * Headless host (`npm run serve`): the same main-process modules under plain Node, serving the
 * built renderer and the contracts on 127.0.0.1. Used by end-to-end tests and by anyone who
 * wants LaiBang in a browser on this machine. No business logic of its own.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createMainApp } from './app'
import { defaultDataDir } from './platform/paths'
import { createNodePlatform } from './platform/node'
import { chromiumPdfRenderer } from './platform/node/chromium-pdf'
import { startHost } from './transport/ws-host'

const root = fileURLToPath(new URL('..', import.meta.url))
// LAIBANG_RENDERER_DIR: another build of the renderer (e.g. comparing two builds in one benchmark run).
const rendererDir = process.env.LAIBANG_RENDERER_DIR || `${root}out/renderer`
if (!existsSync(`${rendererDir}/index.html`)) {
  console.error('The renderer is not built: run `npm run build` (or `npm run serve`, which builds first).')
  process.exit(1)
}
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }
const dataDir = process.env.LAIBANG_DATA_DIR || defaultDataDir()
const port = Number(process.env.LAIBANG_PORT ?? 0)

// Desktop notifications have no OS counterpart here: the page shows them.
// PDFs go through a system Chromium when there is one (LAIBANG_CHROMIUM overrides the path).
// Only the addressed user's pages show it; reminders already arrive as 'reminder.due'.
const platform = createNodePlatform({
  dataDir,
  htmlToPdf: chromiumPdfRenderer() ?? undefined,
  onNotify: ({ userId, ...n }) => {
    if (userId && !n.tag?.startsWith('reminder:')) app.bus.emit('notification.show', n, { kind: 'user', userId })
  },
})
const app = createMainApp({ platform, migrationsDir: `${root}drizzle`, version, profile: process.env.LAIBANG_PROFILE || 'default' })
// LAIBANG_TRACE_CALLS=1: one stderr line per contract call (benchmarks read where time goes).
const trace = process.env.LAIBANG_TRACE_CALLS === '1' ? (line: string) => { process.stderr.write(`${line}\n`) } : undefined
const host = await startHost({ app, rendererDir, port, trace })

console.log(`LaiBang ${version} (browser mode)`)
console.log(`  data:  ${dataDir}`)
console.log(`  open:  ${host.url}`)
console.log(`LAIBANG_URL=${host.url}`)

const stop = () => { void host.close().then(() => { app.close(); process.exit(0) }) }
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
