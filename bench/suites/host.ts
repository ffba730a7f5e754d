/** Starts the headless host (src-main/host.ts) on a data dir; resolves once it prints its URL. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface RunningHost { url: string; readyMs: number; stop(): Promise<void> }

export interface HostOptions {
  /** Extra environment (e.g. LAIBANG_TRACE_CALLS=1, LAIBANG_RENDERER_DIR). */
  env?: Record<string, string>
  /** Each line the host writes to stderr (e.g. its per-call timing). */
  onStderr?: (line: string) => void
}

export function startHost(dataDir: string, opts: HostOptions = {}): Promise<RunningHost> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/host.ts'], {
    cwd: root, env: { ...process.env, LAIBANG_DATA_DIR: dataDir, LAIBANG_PORT: '0', LAIBANG_PROFILE: 'default', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`host did not start:\n${output}`)) }, 120_000)
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const m = /LAIBANG_URL=(\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve({
          url: m[1]!, readyMs: performance.now() - started,
          stop: () => new Promise<void>((done) => { child.once('exit', () => done()); child.kill('SIGTERM') }),
        })
      }
    })
    let partial = ''
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString()
      if (output.length < 100_000) output += text
      if (!opts.onStderr) return
      const lines = (partial + text).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) opts.onStderr(line)
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`host exited with ${code}:\n${output}`)) })
  })
}
