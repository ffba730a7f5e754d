import { readdirSync, readFileSync } from 'node:fs'
import { getPriority } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { lowerThreadPriority } from '../../core/thread-priority'
import { createTestDb } from '../../testing'
import { BulkWorker } from '../bulk-worker'

/** Every thread of this process with its nice value (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]))
    } catch { /* the thread ended */ }
  }
  return nices
}

const cleanups: (() => void)[] = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

// Thread priorities are per thread only on Linux; elsewhere lowerThreadPriority does nothing by design (it would lower the whole process).
describe.runIf(process.platform === 'linux')('the bulk worker thread\'s priority (Linux)', () => {
  it('the worker thread runs at the lower priority asked for; the main thread and the process keep theirs', async () => {
    const t = createTestDb()
    cleanups.push(() => t.cleanup())
    const before = threadNices()
    const mine = before.get(process.pid)!
    const processNice = getPriority()
    const worker = new BulkWorker(t.sqlite, undefined, 10)
    cleanups.push(() => worker.close())
    await worker.started(30_000)
    expect(worker.builds('customers.search')).toBe(true)
    const after = threadNices()
    // setpriority sets the value (clamped at 19), not an increment over the runner's own.
    const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === Math.max(10, mine))
    expect(lowered.length).toBeGreaterThanOrEqual(1) // the worker's JavaScript thread
    if (mine < 10) expect(lowered).toHaveLength(1) // and not its helpers
    expect(after.get(process.pid)).toBe(mine)
    expect(getPriority()).toBe(processNice)
  })

  it('called on the main thread it changes nothing (it would lower the whole process)', () => {
    const processNice = getPriority()
    const mine = threadNices().get(process.pid)
    expect(lowerThreadPriority(10)).toBeNull()
    expect(getPriority()).toBe(processNice)
    expect(threadNices().get(process.pid)).toBe(mine)
  })
})
