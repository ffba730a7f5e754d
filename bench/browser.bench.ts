/**
 * The Chromium customer-list suite alone (bench/suites/browser.ts), on a data dir you give it:
 *
 *   npm run bench:browser -- --data-dir /tmp/me/large [--rows 10000] [--opens 5] [--renderer-dir out/renderer] [--label text]
 *
 * The data dir is written to (logins, the pool's daily sweep): pass a copy of a cached database
 * (cp -r --reflink=auto bench/.cache/large-… /tmp/me/large), never the cache itself. Appends the
 * result to bench/results/browser-<date>.json and prints it.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CACHE_DIR } from './lib/cache'
import { browserSuite } from './suites/browser'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : dflt }
const dataDir = opt('data-dir', '')
if (!dataDir || !existsSync(dataDir)) throw new Error('usage: browser.bench.ts --data-dir <copy of a generated data dir>')
if (existsSync(CACHE_DIR) && realpathSync(dataDir).startsWith(realpathSync(CACHE_DIR))) throw new Error('--data-dir is inside bench/.cache: pass a copy (the suite writes to it)')
const rendererDir = opt('renderer-dir', '')
const log = (s: string) => process.stderr.write(`${s}\n`)

const startedAt = new Date().toISOString()
const load = loadavg().map((x) => Math.round(x * 10) / 10)
const result = await browserSuite(dataDir, {
  rows: Number(opt('rows', '10000')), opens: Number(opt('opens', '5')), scrollLimitS: Number(opt('limit', '90')), log,
  hostEnv: rendererDir ? { LAIBANG_RENDERER_DIR: rendererDir } : undefined,
})
const run = { label: opt('label', ''), startedAt, dataDir, rendererDir: rendererDir || 'out/renderer', loadAverageAtStart: load, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10), ...result }
mkdirSync(join(root, 'bench/results'), { recursive: true })
const file = join(root, 'bench/results', `browser-${startedAt.slice(0, 10)}.json`)
const day = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown[] }) : { runs: [] as unknown[] }
day.runs.push(run)
writeFileSync(file, JSON.stringify(day, null, 2) + '\n')
console.log(JSON.stringify(run))
