/** Starts the headless host (src-main/host.ts) on a data dir; resolves once it prints its URL. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface RunningHost { url: string; readyMs: number; stop(): Promise<void> }

export function startHost(dataDir: string): Promise<RunningHost> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/host.ts'], {
    cwd: root, env: { ...process.env, LAIBANG_DATA_DIR: dataDir, LAIBANG_PORT: '0', LAIBANG_PROFILE: 'default' }, stdio: ['ignore', 'pipe', 'pipe'],
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
    child.stderr.on('data', (d: Buffer) => { output += d.toString() })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`host exited with ${code}:\n${output}`)) })
  })
}
