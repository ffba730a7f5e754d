/** Shapes of a benchmark run and its readable summary (bench/results/<date>.md). */
import type { ApiRow } from '../suites/api'
import type { BrowserResult } from '../suites/browser'

export interface Target { name: string; value: string; target: string; pass: boolean }
export interface BenchRun {
  label: string; note: string; startedAt: string; finishedAt: string
  machine: { cpus: number; cpuModel: string; memGb: number; freeMemGbAtStart: number; node: string; sqlite: string; chromium: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; otherProcesses: string[] }
  seed: number; runsPerRound: number
  scales: Record<string, { counts: Record<string, number>; seedMs: number; cached: boolean; fileMb: number; phases: { phase: string; ms: number }[] }>
  api: Record<string, ApiRow[]>
  scaling: { id: string; label: string; small: number; big: number; ratio: number }[]
  coldStart: { scale: string; nodeStartMs: number; importedMs: number; openedMs: number; firstQueryMs: number; appInitMs: number; firstQueryOnlyMs: number; rssMb: number; hostReadyMs: number; samples: Record<string, number>[] } | null
  browser: (BrowserResult & { scale: string }) | null
  external: Record<string, { status: string; seconds?: number; resultFile?: string | null; result?: unknown; tail?: string[]; note?: string }>
  targets: Target[]
  /** Suites that failed (the others still reported). */
  errors: string[]
}

const f = (x: number | undefined | null, d = 3) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(d))

export function summary(run: BenchRun, previous: BenchRun | null): string {
  const m = run.machine
  const out: string[] = []
  out.push(`# LaiBang benchmarks ${run.startedAt.slice(0, 10)}${run.label ? ` — ${run.label}` : ''}`, '')
  out.push(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGb} GB RAM; Node ${m.node}, SQLite ${m.sqlite}, ${m.chromium}.`)
  out.push(`Load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${m.loadAverageAtEnd.join(' / ')} (the machine is shared: figures are the best of 3 rounds' medians, ${run.runsPerRound} calls each).`)
  if (run.note) out.push('', `Note: ${run.note}`)
  out.push('', '## Targets', '', '| | measured | target | |', '|---|---|---|---|')
  for (const t of run.targets) out.push(`| ${t.name} | ${t.value} | ${t.target} | ${t.pass ? 'met' : '**missed**'} |`)
  out.push('', '## Data', '', '| scale | customers | contacts | follow-ups | products | order lines | file | generated in |', '|---|---|---|---|---|---|---|---|')
  for (const [scale, s] of Object.entries(run.scales)) {
    const c = s.counts
    out.push(`| ${scale} | ${c.customers ?? 0} | ${c.contacts ?? 0} | ${c.followups ?? 0} | ${c.products ?? 0} | ${c.orderLines ?? 0} | ${s.fileMb} MB | ${(s.seedMs / 1000).toFixed(0)} s${s.cached ? ' (cached)' : ''} |`)
  }
  for (const [scale, rows] of Object.entries(run.api)) {
    const prev = previous?.api[scale]
    out.push('', `## Contract calls vs raw SQL — ${scale}`, '', `| query | contract ms | raw ms | ratio | matches |${prev ? ' previous run ms |' : ''}`, `|---|---|---|---|---|${prev ? '---|' : ''}`)
    for (const r of rows) {
      const p = prev?.find((x) => x.id === r.id)
      out.push(`| ${r.label} | ${f(r.contract?.ms)} | ${f(r.raw?.ms)} | ${r.ratio ?? '–'} | ${r.matches ?? ''} |${prev ? ` ${f(p?.contract?.ms)} |` : ''}`)
    }
  }
  if (run.scaling.length) {
    out.push('', '## How cost grows (largest / smallest scale, contract median)', '', '| query | small ms | large ms | ratio |', '|---|---|---|---|')
    for (const s of run.scaling) out.push(`| ${s.label} | ${f(s.small)} | ${f(s.big)} | ${s.ratio} |`)
  }
  if (run.coldStart) {
    const c = run.coldStart
    out.push('', `## Cold start (${c.scale}, median of 5 processes, tsx)`, '',
      `Node started ${c.nodeStartMs} ms · modules imported ${c.importedMs} ms · database open + migrations checked + modules initialised ${c.openedMs} ms (app init ${c.appInitMs} ms) · first query answered ${c.firstQueryMs} ms (query ${c.firstQueryOnlyMs} ms) · resident memory ${c.rssMb} MB. Headless host spawn → listening: ${c.hostReadyMs} ms.`)
  }
  if (run.browser) {
    const b = run.browser
    out.push('', `## Chromium (${b.scale}, headless host)`, '',
      `Customer list interactive: first opening ${b.listFirstOpenMs} ms, then median ${b.listInteractiveMs} ms (${b.listRuns.join(', ')}).`,
      `Scrolling ${b.scroll.rowsReached} rows (target ${b.scroll.rowsTarget}) in ${b.scroll.seconds} s: ${b.scroll.frames} frames, p50 ${b.scroll.p50} ms, p95 ${b.scroll.p95} ms, max ${b.scroll.maxMs} ms; ${b.scroll.over50ms} frames over 50 ms, ${b.scroll.over100ms} over 100 ms. Calls the page sent meanwhile: ${JSON.stringify(b.scroll.callsDuringScroll ?? {})}.`)
  }
  const ext = Object.entries(run.external)
  if (ext.length) {
    out.push('', '## Suites of other modules (called as they are)', '')
    for (const [name, e] of ext) out.push(`- ${name}: ${e.status}${e.seconds ? ` in ${e.seconds} s` : ''}${e.resultFile ? `, results in ${e.resultFile}` : ''}${e.note ? ` (${e.note})` : ''}`)
    const sync = run.external.sync?.result as { laibangInitialSync?: { docsPerSec: number; ratioToPlain: number }; liveLatencyMs?: { p50: number; p95: number }; docs?: number } | undefined
    if (sync?.laibangInitialSync) out.push(`- sync: initial sync ${sync.laibangInitialSync.docsPerSec} docs/s (${sync.laibangInitialSync.ratioToPlain}× plain PouchDB), live latency p50 ${sync.liveLatencyMs?.p50} ms / p95 ${sync.liveLatencyMs?.p95} ms`)
  }
  if (run.errors.length) out.push('', '## Failed suites', '', ...run.errors.map((e) => `- ${e.replace(/\n/g, ' ')}`))
  out.push('', 'Reproduce: `npm run bench` (see docs/PERFORMANCE.md).', '')
  return out.join('\n')
}
