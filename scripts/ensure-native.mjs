#!/usr/bin/env node
/**
 * Makes sure a better-sqlite3 binary exists for the runtime about to start.
 *
 *   node scripts/ensure-native.mjs node       # node_modules build loads in this Node (tests, serve)
 *   node scripts/ensure-native.mjs electron   # .native/electron-<v>/better_sqlite3.node exists (start, dev)
 *   add --force to rebuild anyway
 *
 * Node and Electron need different native ABIs. node_modules keeps the Node build; the
 * Electron build lives beside it in .native/ and the Electron entry passes it to
 * better-sqlite3 as `nativeBinding`. So `npm test` and `npm start` work on the same checkout
 * in either order without rebuilding each time. Why and how: docs/NATIVE-MODULES.md.
 *
 * Offline or behind a mirror, for the Electron build:
 *   LAIBANG_ELECTRON_HEADERS_URL  base URL of Electron headers (default https://electronjs.org/headers)
 *   LAIBANG_ELECTRON_NODEDIR      a local, unpacked Electron headers folder (no download at all)
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const pkgDir = join(root, 'node_modules', 'better-sqlite3')
const bin = (pkg, file) => join(root, 'node_modules', pkg, file)
const log = (msg) => console.log(`[ensure-native] ${msg}`)
const fail = (lines) => {
  console.error(['', ...lines.map((l) => `[ensure-native] ${l}`), ''].join('\n'))
  process.exit(1)
}

const runtime = process.argv[2]
const force = process.argv.includes('--force')
if (runtime !== 'node' && runtime !== 'electron') {
  console.error('usage: node scripts/ensure-native.mjs <node|electron> [--force]')
  process.exit(2)
}
if (!existsSync(join(pkgDir, 'package.json'))) fail(['better-sqlite3 is not installed: run `npm install` first.'])

if (runtime === 'node') ensureNode()
else ensureElectron()

// ---------------------------------------------------------------------------------------------
// Node: the build in node_modules must load in this Node.

function ensureNode() {
  const first = probeNode()
  if (first.ok && !force) return
  if (!first.ok && !isAbiProblem(first.output)) {
    fail(['better-sqlite3 fails to load for a reason a rebuild will not fix:', ...tail(first.output, 10)])
  }
  log(force ? 'rebuilding better-sqlite3 for Node (--force)' : `better-sqlite3 in node_modules was built for another runtime; rebuilding for Node ${process.version}`)
  const r = runNpm(['rebuild', 'better-sqlite3'])
  const after = probeNode()
  if (!after.ok) {
    fail([
      `could not rebuild better-sqlite3 for Node ${process.version} (ABI ${process.versions.modules}).`,
      ...tail(r.output, 15),
      'A rebuild needs either a prebuilt binary from GitHub or a C++ toolchain (python3, make, g++ / MSVC).',
    ])
  }
  log(`better-sqlite3 rebuilt for Node ${process.version}`)
}

function probeNode() {
  const code = "const D = require('better-sqlite3'); new D(':memory:').close()"
  return run(process.execPath, ['-e', code], { cwd: root, timeoutMs: 60_000 })
}

function isAbiProblem(output) {
  return /NODE_MODULE_VERSION|Could not locate the bindings file|compiled against a different|invalid ELF header|not a valid Win32 application|wrong ELF class|Module did not self-register|ERR_DLOPEN_FAILED/i.test(output)
}

// ---------------------------------------------------------------------------------------------
// Electron: a separate copy in .native/electron-<version>/, built from a temp copy of the package.

function ensureElectron() {
  const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json'))?.version
  if (!electronVersion) fail(['electron is not installed: run `npm install` first.'])
  const sqliteVersion = readJson(join(pkgDir, 'package.json')).version
  const outDir = join(root, '.native', `electron-${electronVersion}`)
  const outFile = join(outDir, 'better_sqlite3.node')
  const stampFile = join(outDir, 'stamp.json')
  const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch }

  const stamp = readJson(stampFile)
  if (!force && existsSync(outFile) && stamp && Object.entries(wanted).every(([k, v]) => stamp[k] === v)) {
    verifyInElectron(outFile, electronVersion)
    return
  }

  log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})`)
  const work = mkdtempSync(join(tmpdir(), 'laibang-native-'))
  try {
    const pkgCopy = join(work, 'better-sqlite3')
    // The node_modules build stays untouched: only sources are copied.
    cpSync(pkgDir, pkgCopy, { recursive: true, filter: (src) => !isUnder(src, join(pkgDir, 'build')) })
    const attempts = [prebuilt(pkgCopy, electronVersion), compile(pkgCopy, electronVersion)]
    const built = join(pkgCopy, 'build', 'Release', 'better_sqlite3.node')
    let reasons = []
    for (const attempt of attempts) {
      const r = attempt.run()
      if (r.ok && existsSync(built)) { reasons = []; break }
      reasons.push(`${attempt.name}:`, ...why(r.output).map((l) => `    ${l}`))
      rmSync(join(pkgCopy, 'build'), { recursive: true, force: true })
    }
    if (!existsSync(built)) {
      fail([
        `could not get better-sqlite3 for Electron ${electronVersion}.`,
        ...reasons,
        'This needs network access to GitHub releases (prebuilt binary) or to Electron headers plus a C++ toolchain.',
        'Behind a mirror: set LAIBANG_ELECTRON_HEADERS_URL; fully offline: set LAIBANG_ELECTRON_NODEDIR to unpacked headers.',
        '`npm test` and `npm run serve` do not need this (they use the Node build in node_modules).',
      ])
    }
    mkdirSync(outDir, { recursive: true })
    cpSync(built, outFile)
    writeFileSync(stampFile, JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2) + '\n')
    log(`wrote ${relative(root, outFile)}`)
    verifyInElectron(outFile, electronVersion)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** A prebuilt binary from better-sqlite3's GitHub releases: fast, no compiler. */
function prebuilt(cwd, electronVersion) {
  return {
    name: 'prebuilt binary (prebuild-install)',
    run: () => run(process.execPath, [bin('prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--verbose'], { cwd, timeoutMs: 120_000 }),
  }
}

/** Compiling against Electron's headers, like Electron's docs describe for node-gyp. */
function compile(cwd, electronVersion) {
  const nodedir = process.env.LAIBANG_ELECTRON_NODEDIR
  const distUrl = process.env.LAIBANG_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers'
  const args = [bin('node-gyp', 'bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, nodedir ? `--nodedir=${nodedir}` : `--dist-url=${distUrl}`]
  return { name: `compile from source (node-gyp, ${nodedir ? `nodedir ${nodedir}` : distUrl})`, run: () => run(process.execPath, args, { cwd, timeoutMs: 20 * 60_000 }) }
}

/** Loads the binary in Electron-as-Node when the Electron binary is installed; otherwise says so. */
function verifyInElectron(file, electronVersion) {
  const electronExe = electronBinary()
  if (!electronExe) {
    log(`.native/electron-${electronVersion} is ready (not load-tested: the Electron binary is not installed)`)
    return
  }
  const code = `const D = require(${JSON.stringify(pkgDir)}); new D(':memory:', { nativeBinding: ${JSON.stringify(file)} }).close()`
  const r = run(electronExe, ['-e', code], { cwd: root, timeoutMs: 60_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
  if (!r.ok) fail([`the Electron build at ${relative(root, file)} does not load in Electron ${electronVersion}; run with --force.`, ...tail(r.output, 10)])
}

function electronBinary() {
  try {
    const pathTxt = join(root, 'node_modules', 'electron', 'path.txt')
    if (!existsSync(pathTxt)) return null
    const exe = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim())
    return existsSync(exe) ? exe : null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------

function run(cmd, args, { cwd, timeoutMs, env = process.env, shell = false }) {
  const r = spawnSync(cmd, args, { cwd, env, shell, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 })
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`
  return { ok: r.status === 0 && !r.error, output }
}

/** npm itself: the one running this script when started from an npm script, else the one on PATH. */
function runNpm(args) {
  const npmCli = process.env.npm_execpath
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], { cwd: root, timeoutMs: 20 * 60_000 })
  return run('npm', args, { cwd: root, timeoutMs: 20 * 60_000, shell: process.platform === 'win32' })
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function isUnder(path, dir) {
  return path === dir || path.startsWith(dir + sep)
}

/** The lines of a failed tool's output that say why (the request and its error), not boilerplate. */
function why(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  const telling = lines.filter((l) => /GET |ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|certificate|error|warn|not found/i.test(l) && !/ERR! (System|command|cwd|node -v|node-gyp -v|not ok)|ERR! stack\s+at /.test(l))
  return telling.length ? telling.slice(0, 6) : lines.slice(-8)
}

function tail(text, n) {
  return text.trim().split(/\r?\n/).filter(Boolean).slice(-n)
}
