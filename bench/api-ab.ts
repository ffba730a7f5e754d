/**
 * Before/after comparison of the contract-call suite (suites/api.ts) on one generated database,
 * without the rest of `npm run bench`:
 *
 *   node --import tsx bench/api-ab.ts --data <data dir> [--before <tree>] [--rounds 3] [--runs 30] [--only regex]
 *
 * `--data` is a data dir holding profiles/default/laibang.sqlite: a COPY of a cached database
 * (bench/.cache is never written). `--before` is another checkout of the repository (e.g. a
 * `git worktree` of HEAD with node_modules linked): the two trees run alternately, one process
 * each, `--rounds` times, so both see the same machine load; each figure is the median over
 * the rounds. Without `--before` the current tree runs alone. Both trees run THIS tree's
 * suites/api.ts (copied over by the caller), so raw baselines are the same on both sides.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, round } from './lib/timing'
import { apiSuite, type ApiRow } from './suites/api'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : dflt }
const data = opt('data', '')
const runs = Number(opt('runs', '30'))
const only = opt('only', '^(overhead|search|list|page)\\.')

if (args.includes('--child')) {
  const rows = await apiSuite(data, { runs, log: () => {}, only: new RegExp(only) })
  process.stdout.write(`${JSON.stringify(rows)}\n`)
} else {
  if (!data) throw new Error('--data <dir> is required')
  const here = fileURLToPath(new URL('..', import.meta.url))
  const before = opt('before', '')
  const rounds = Number(opt('rounds', '3'))
  const trees = before ? [['before', before], ['after', here]] as const : [['after', here]] as const
  const results = new Map<string, ApiRow[][]>(trees.map(([name]) => [name, []]))
  for (let r = 0; r < rounds; r++) {
    for (const [name, tree] of r % 2 ? [...trees].reverse() : trees) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', join(tree, 'bench/api-ab.ts'), '--child', '--data', data, '--runs', String(runs), '--only', only],
        { cwd: tree, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
      if (out.status !== 0) throw new Error(`${name} failed: ${out.stderr}`)
      results.get(name)!.push(JSON.parse(out.stdout.trim().split('\n').pop()!) as ApiRow[])
      process.stderr.write(`round ${r + 1} ${name} done\n`)
    }
  }
  const med = (name: string, id: string, pick: (x: ApiRow) => number | undefined) => {
    const xs = results.get(name)!.map((rows) => rows.find((x) => x.id === id)).map((x) => (x ? pick(x) : undefined)).filter((x): x is number => x !== undefined)
    return xs.length ? round(median(xs), 3) : null
  }
  const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(3))
  const ids = results.get('after')![0]!.map((x) => [x.id, x.label] as const)
  process.stdout.write(`| query | ${before ? 'before ms (cpu) | ' : ''}after ms (cpu) | raw ms | overhead ms | ratio | matches |\n|---|${before ? '---|' : ''}---|---|---|---|---|\n`)
  for (const [id, label] of ids) {
    const a = med('after', id, (x) => x.contract?.ms)
    const raw = med('after', id, (x) => x.raw?.ms)
    const cell = (name: string) => `${fmt(med(name, id, (x) => x.contract?.ms))} (${fmt(med(name, id, (x) => x.contract?.cpu))})`
    process.stdout.write(`| ${label} | ${before ? `${cell('before')} | ` : ''}${cell('after')} | ${fmt(raw)} | ${a !== null && raw !== null ? (a - raw).toFixed(3) : '–'} | ${a !== null && raw ? (a / raw).toFixed(2) : '–'} | ${results.get('after')![0]!.find((x) => x.id === id)?.matches ?? ''} |\n`)
  }
}
