import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * The sync's bulk worker as the packaged app runs it: one JavaScript file for the thread, its
 * packages required from node_modules at run time (electron-vite bundles `bulk.worker.ts` as its
 * own chunk and externalises dependencies the same way). Without it a benchmark's worker runs the
 * TypeScript sources through tsx, which costs ~0.5 s of CPU more at every thread start (measured:
 * ready after ~700 ms of CPU under tsx, ~240 ms bundled) — a cost the app does not have.
 * Returns the file to set as `bulkWorkerEntry.path`.
 */
export async function bundleBulkWorker(): Promise<string> {
  const dir = fileURLToPath(new URL('../../node_modules/.cache/laibang-bench/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const outfile = `${dir}bulk.worker.cjs`
  await build({
    entryPoints: [fileURLToPath(new URL('../../src-main/sync/bulk.worker.ts', import.meta.url))],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile, logLevel: 'error',
  })
  return outfile
}
