/**
 * The benchmark suite (issue 6): `npm run bench [-- options]`. Never part of `npm test`.
 *
 *   --scales medium,large   which generated databases (cached in bench/.cache, see lib/cache.ts)
 *   --seed N                generator seed (default 1)
 *   --runs N                calls per round (3 rounds, best round's median; default 30)
 *   --passes N              api suite passes, alternating the scales (default 2; each figure is
 *                           the best pass): this VM's speed drifts up to 2× within minutes even
 *                           idle, and a ratio of two scales measured minutes apart showed the drift
 *   --skip a,b              skip suites: api, cold, browser, sync, catalogue, sales
 *   --label text            name of this run in the day's file (e.g. before / after a fix)
 *   --note text             free text kept with the run (e.g. what else ran on the machine)
 *
 * Writes bench/results/<date>.json (every run of the day, newest last) and <date>.md (the
 * summary of the newest run, with the previous run of the day beside it).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScaleName } from '../src-main/seed'
import { cachedDatabase, workingCopy } from './lib/cache'
import { median, round } from './lib/timing'
import { apiSuite, bestOf } from './suites/api'
import { browserSuite, type BrowserResult } from './suites/browser'
import { startHost } from './suites/host'
import { summary, type BenchRun, type Target } from './lib/report'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : dflt }
const scales = opt('scales', 'medium,large').split(',') as ScaleName[]
const seed = Number(opt('seed', '1'))
const runs = Number(opt('runs', '30'))
const passes = Math.max(1, Number(opt('passes', '2')))
const skip = new Set(opt('skip', '').split(',').filter(Boolean))
const log = (s: string) => process.stderr.write(`${s}\n`)
const sh = (cmd: string) => { try { return execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim() } catch { return '' } }

const started = new Date()
const run: BenchRun = {
  label: opt('label', ''), note: opt('note', ''), startedAt: started.toISOString(), finishedAt: '',
  machine: {
    cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGb: round(totalmem() / 2 ** 30, 1), freeMemGbAtStart: round(freemem() / 2 ** 30, 1),
    node: process.version, sqlite: '', chromium: sh('/usr/bin/chromium --version'), loadAverageAtStart: loadavg().map((x) => round(x, 1)), loadAverageAtEnd: [],
    otherProcesses: sh(`ps -eo pcpu,args --sort=-pcpu | head -6 | tail -5 | cut -c1-120`).split('\n'),
  },
  seed, runsPerRound: runs, scales: {}, api: {}, scaling: [], coldStart: null, browser: null, external: {}, targets: [], errors: [],
}

const apiDirs = new Map<ScaleName, string>()
for (const scale of scales) {
  log(`[${scale}] database`)
  const s = performance.now()
  const db = await cachedDatabase(scale, seed)
  run.scales[scale] = { counts: db.report.counts, seedMs: db.report.ms, cached: db.cached, fileMb: round(Number(sh(`stat -c %s '${db.file}'`)) / 2 ** 20, 0), phases: db.report.phases }
  log(`  ${db.cached ? 'cached' : `generated in ${((performance.now() - s) / 1000).toFixed(0)} s`}: ${JSON.stringify(db.report.counts)}`)
  if (!skip.has('api')) apiDirs.set(scale, workingCopy(db, `api-${scale}`))
}
// Scales alternate pass by pass (medium, large, medium, large): a slow spell of the machine hits
// both, and each figure is the best pass (all round medians are kept in `rounds`).
for (let pass = 1; pass <= passes && !skip.has('api'); pass++) {
  for (const scale of scales) {
    log(`[${scale}] contract calls vs raw SQL (pass ${pass} of ${passes})`)
    const rows = await apiSuite(apiDirs.get(scale)!, { runs, log })
    run.api[scale] = run.api[scale] ? bestOf(run.api[scale]!, rows) : rows
  }
}
run.machine.sqlite = sh(`node -e "console.log(require('better-sqlite3')(':memory:').prepare('select sqlite_version()').pluck().get())"`)

// How cost grows: the same query at the largest scale over the smallest.
const [small, big] = [scales[0]!, scales[scales.length - 1]!]
if (small !== big && run.api[small] && run.api[big]) {
  for (const r of run.api[big]!) {
    const m = run.api[small]!.find((x) => x.id === r.id)
    if (m?.contract && r.contract) run.scaling.push({ id: r.id, label: r.label, small: m.contract.ms, big: r.contract.ms, ratio: round(r.contract.ms / m.contract.ms, 2) })
  }
}

const bigDb = await cachedDatabase(big, seed)
if (!skip.has('cold')) {
  log(`[${big}] cold start (5 processes)`)
  try {
    const dir = workingCopy(bigDb, 'cold')
    const samples: Record<string, number>[] = []
    for (let i = 0; i < 5; i++) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/suites/cold-start.ts'), dir], { cwd: root, encoding: 'utf8' })
      if (out.status !== 0) throw new Error(`cold start failed: ${out.stderr}`)
      samples.push(JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, number>)
    }
    const hostReady: number[] = []
    for (let i = 0; i < 3; i++) { const h = await startHost(dir); hostReady.push(h.readyMs); await h.stop() }
    const med = (k: string) => round(median(samples.map((x) => x[k]!)), 0)
    run.coldStart = {
      scale: big, nodeStartMs: med('nodeStartMs'), importedMs: med('importedMs'), openedMs: med('openedMs'), firstQueryMs: med('firstQueryMs'),
      appInitMs: med('appInitMs'), firstQueryOnlyMs: med('firstQueryOnlyMs'), rssMb: med('rssMb'), hostReadyMs: round(median(hostReady), 0), samples,
    }
    log(`  process start → first query ${run.coldStart.firstQueryMs} ms (app init ${run.coldStart.appInitMs} ms, first query ${run.coldStart.firstQueryOnlyMs} ms), RSS ${run.coldStart.rssMb} MB; host ready ${run.coldStart.hostReadyMs} ms`)
  } catch (err) {
    run.errors.push(`cold start: ${String(err).slice(0, 500)}`)
  }
}

if (!skip.has('browser')) {
  if (!existsSync(join(root, 'out/renderer/index.html'))) { log('building the renderer (electron-vite build)'); execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' }) }
  log(`[${big}] Chromium: customer list`)
  try {
    const result: BrowserResult = await browserSuite(workingCopy(bigDb, 'browser'), { rows: 10_000, log })
    run.browser = { scale: big, ...result }
  } catch (err) {
    run.errors.push(`browser: ${String(err).slice(0, 500)}`)
    log(`  failed: ${String(err).slice(0, 300)}`)
  }
}

// Suites other engineers own: called as they are, their own result files referenced.
const date = started.toISOString().slice(0, 10)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
for (const [name, script, file] of [['sync', 'bench:sync', `sync-${date}.json`], ['catalogue', 'bench:catalogue', `catalogue-${date}.json`], ['sales', 'bench:sales', `sales-${date}.json`]] as const) {
  if (skip.has(name)) continue
  if (!pkg.scripts[script]) { run.external[name] = { status: 'absent', note: `no "${script}" script` }; continue }
  log(`[${name}] npm run ${script}`)
  const s = performance.now()
  const out = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  const resultFile = join(root, 'bench/results', file)
  run.external[name] = {
    status: out.status === 0 ? 'ok' : `exit ${out.status}`, seconds: round((performance.now() - s) / 1000, 0), resultFile: existsSync(resultFile) ? `bench/results/${file}` : null,
    result: existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) as unknown : null, tail: (out.stdout + out.stderr).trim().split('\n').slice(-12),
  }
  log(`  ${run.external[name]!.status}`)
}

// Targets of issue 6 (2 cores).
const targets: Target[] = []
for (const scale of scales) {
  for (const r of run.api[scale] ?? []) {
    if (r.contract && r.raw && (r.group === 'overhead' || r.group === 'search' || r.group === 'list' || r.group === 'page')) {
      const over = r.contract.ms - r.raw.ms
      targets.push({ name: `overhead ${r.label} (${scale})`, value: `${over.toFixed(2)} ms / ${r.ratio}×`, target: '≤ 1 ms or ≤ 1.5× raw', pass: over <= 1 || (r.ratio ?? 99) <= 1.5 })
    }
  }
}
for (const r of run.api[big] ?? []) {
  if (r.contract && (r.group === 'search' || r.group === 'list' || r.group === 'page')) targets.push({ name: `${r.label} (${big})`, value: `${r.contract.ms.toFixed(2)} ms`, target: '≤ 5 ms median', pass: r.contract.ms <= 5 })
  if (r.contract && r.group === 'sales' && r.id !== 'sales.productMonthlyFacts') targets.push({ name: `${r.label} (${big})`, value: `${r.contract.ms.toFixed(1)} ms`, target: '≤ 150 ms median', pass: r.contract.ms <= 150 })
}
for (const s of run.scaling) {
  if (/^(search|list)\./.test(s.id)) targets.push({ name: `${s.label}: ${big} / ${small}`, value: `${s.ratio}×`, target: '≤ 1.5×', pass: s.ratio <= 1.5 })
}
if (run.coldStart) {
  // Judged on what the modules do (open, migrations check, init, first query); node start-up and
  // tsx compiling the TypeScript sources are reported beside it (the packaged app loads a bundle).
  const c = run.coldStart
  targets.push({ name: `cold start: open + migrations + init + first query (${big})`, value: `${c.appInitMs + c.firstQueryOnlyMs} ms (process start → first query ${c.firstQueryMs} ms incl. tsx; host ready ${c.hostReadyMs} ms)`, target: '< 2000 ms', pass: c.appInitMs + c.firstQueryOnlyMs < 2000 })
}
if (run.browser) {
  targets.push({ name: `Chromium: customer list interactive (${big})`, value: `${run.browser.listInteractiveMs} ms (first ${run.browser.listFirstOpenMs} ms)`, target: '< 1500 ms', pass: run.browser.listInteractiveMs < 1500 })
  targets.push({ name: `Chromium: scroll ${run.browser.scroll.rowsReached} rows, frames > 50 ms`, value: String(run.browser.scroll.over50ms), target: '0', pass: run.browser.scroll.over50ms === 0 })
}
run.targets = targets
run.finishedAt = new Date().toISOString()
run.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 1))

mkdirSync(join(root, 'bench/results'), { recursive: true })
const jsonFile = join(root, 'bench/results', `${date}.json`)
const day = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { runs: BenchRun[] }) : { runs: [] as BenchRun[] }
day.runs.push(run)
writeFileSync(jsonFile, JSON.stringify(day, null, 2) + '\n')
writeFileSync(join(root, 'bench/results', `${date}.md`), summary(run, day.runs.length > 1 ? day.runs[day.runs.length - 2]! : null))
log(`written bench/results/${date}.json and ${date}.md: ${targets.filter((x) => x.pass).length}/${targets.length} targets met`)
