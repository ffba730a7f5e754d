import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/**
 * Lowers the calling thread's scheduling priority (a background worker's), so that on a busy
 * machine the main thread — replication, IPC, the user's saves — runs first and the worker takes
 * what is left of the CPUs. Linux only: there `nice` belongs to each thread and
 * setpriority(PRIO_PROCESS, tid) changes just that thread (found through /proc/thread-self).
 * Elsewhere os.setPriority would lower the whole process, so nothing is done. Returns the thread's
 * id when it was lowered, else null.
 */
export function lowerThreadPriority(nice = 10): number | null {
  if (process.platform !== 'linux') return null
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return null
    // Only ever lower (a larger nice): a thread started at a lower priority than asked keeps it.
    if (getPriority(tid) < nice) setPriority(tid, nice)
    return tid
  } catch {
    return null
  }
}
