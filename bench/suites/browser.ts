/// <reference lib="dom" />
/**
 * The customer list in Chromium through the headless host, on a generated database:
 * - interactive: from opening the list (in-app navigation) until its first rows are on screen
 *   AND the list responds: scrolled down by a screen, the next rows are rendered and painted.
 *   Median over several opens (the first open, which loads the route's code, reported apart).
 * - scroll: 10,000 rows of the virtualised list at 8 rows per frame (pages load as it goes),
 *   frame intervals measured with requestAnimationFrame: rows reached, time, long frames
 *   (> 50 ms), frames spent waiting at the end of the loaded rows.
 * With `trace`, the host logs every contract call (LAIBANG_TRACE_CALLS) and the slowest are kept.
 */
import { chromium, type Page } from 'playwright-core'
import { ADMIN } from '../lib/cache'
import { median, percentile, round } from '../lib/timing'
import { startHost } from './host'

export interface BrowserResult {
  hostReadyMs: number
  /** Host ready → the app's page loaded (long when start-up work, e.g. the pool's daily sweep, blocks the host). */
  pageLoadMs: number
  /** First opening of the list after login (route code loaded on demand). */
  listFirstOpenMs: number
  /** Median of later openings (home → list). */
  listInteractiveMs: number
  listRuns: number[]
  scroll: { rowsTarget: number; rowsReached: number; seconds: number; frames: number; p50: number; p95: number; maxMs: number; over50ms: number; over100ms: number; waitingFrames: number; callsDuringScroll: Record<string, number> }
  /** Host-side time per contract method during the whole run (calls, total and max ms in the handler). */
  hostCalls?: Record<string, { calls: number; totalMs: number; maxMs: number; maxBytes: number }>
}

export interface BrowserOptions {
  rows: number
  log: (s: string) => void
  /** Later openings of the list (median reported); default 5. */
  opens?: number
  /** Give up scrolling after this long (s); default 90. */
  scrollLimitS?: number
  /** Extra host environment, e.g. LAIBANG_RENDERER_DIR to compare renderer builds. */
  hostEnv?: Record<string, string>
}

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * In-app navigation (the hash router): a page load would open a new host connection, which
 * starts logged out.
 */
const go = (page: Page, route: string) => page.evaluate((r) => { location.hash = r }, route)

async function openList(page: Page): Promise<number> {
  const started = Date.now()
  await go(page, '/customers/list')
  await page.locator('[data-testid^="customer-row-"]').first().waitFor({ state: 'visible', timeout: 60_000 })
  // Responds: one screen further down, the rows there are rendered and a frame painted after them.
  await page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('[data-testid="customer-table"]')
    const target = Math.ceil(el.clientHeight / 52) + 4
    el.scrollTop = 40 + 52 * target
    const check = () => el.querySelector('[aria-rowindex="' + (target + 2) + '"]') ? requestAnimationFrame(() => resolve(true)) : requestAnimationFrame(check)
    requestAnimationFrame(check)
  })`)
  return Date.now() - started
}

export async function browserSuite(dataDir: string, opts: BrowserOptions): Promise<BrowserResult> {
  const hostCalls: NonNullable<BrowserResult['hostCalls']> = {}
  const host = await startHost(dataDir, {
    env: { LAIBANG_TRACE_CALLS: '1', ...opts.hostEnv },
    onStderr: (line) => {
      const m = /^call (\S+) #\d+ at=\d+ run=([\d.]+)ms send=[\d.]+ms bytes=(\d+)/.exec(line)
      if (!m) return
      const c = (hostCalls[m[1]!] ??= { calls: 0, totalMs: 0, maxMs: 0, maxBytes: 0 })
      c.calls++
      c.totalMs = round(c.totalMs + Number(m[2]), 1)
      c.maxMs = Math.max(c.maxMs, Number(m[2]))
      c.maxBytes = Math.max(c.maxBytes, Number(m[3]))
    },
  })
  opts.log(`    host ready in ${Math.round(host.readyMs)} ms at ${host.url}`)
  const browser = await chromium.launch({ executablePath: process.env.LAIBANG_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    // A loaded shared machine stretches everything; the figures say how long it took.
    page.setDefaultTimeout(180_000)
    page.setDefaultNavigationTimeout(180_000)
    const loadStarted = Date.now()
    await page.goto(host.url)
    const pageLoadMs = Date.now() - loadStarted
    opts.log(`    page loaded in ${pageLoadMs} ms`)
    await page.getByTestId('login-username').fill(ADMIN.username)
    await page.getByTestId('login-password').fill(ADMIN.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('navbar').waitFor({ timeout: 60_000 })
    const first = await openList(page)
    const runs: number[] = []
    for (let i = 0; i < (opts.opens ?? 5); i++) {
      await go(page, '/')
      await page.getByTestId('dashboard-greeting').waitFor()
      runs.push(await openList(page))
    }
    opts.log(`    list interactive: first ${first} ms, then median ${median(runs)} ms (${runs.join(', ')})`)

    // Scroll: 8 rows per frame (~480 rows/s at 60 Hz); where the loaded rows end, the list
    // asks for the next page and the scroll waits for it. Frame intervals are recorded throughout.
    // Which contract calls the page sends while scrolling (the host answers them one by one).
    await page.evaluate(`(() => {
      window.__lbCalls = {}
      const send = WebSocket.prototype.send
      WebSocket.prototype.send = function (d) {
        const m = typeof d === 'string' ? /"method":"([^"]+)"/.exec(d) : null
        if (m) window.__lbCalls[m[1]] = (window.__lbCalls[m[1]] || 0) + 1
        return send.call(this, d)
      }
    })()`)
    // Passed as source text: tsx would otherwise wrap the function with helpers the page lacks.
    await page.evaluate(`document.querySelector('[data-testid="customer-table"]').scrollTop = 0`)
    const scroll = await page.evaluate<{ rowsReached: number; seconds: number; deltas: number[]; waiting: number }>(`new Promise((resolve) => {
      const target = ${opts.rows}, rowHeight = 52, limitMs = ${(opts.scrollLimitS ?? 90) * 1000}
      const el = document.querySelector('[data-testid="customer-table"]')
      const deltas = []
      const started = performance.now()
      let last = started, waiting = 0
      const step = (now) => {
        deltas.push(now - last)
        last = now
        const before = el.scrollTop
        el.scrollTop += rowHeight * 8
        // At the end of the loaded rows: the frame waited for the next page.
        if (el.scrollTop === before) waiting++
        const reached = Math.floor(el.scrollTop / rowHeight)
        if (reached >= target || now - started > limitMs) resolve({ rowsReached: reached, seconds: (now - started) / 1000, deltas: deltas.slice(1), waiting })
        else requestAnimationFrame(step)
      }
      requestAnimationFrame(step)
    })`)
    const calls = await page.evaluate<Record<string, number>>('window.__lbCalls')
    const d = scroll.deltas
    const result: BrowserResult = {
      hostReadyMs: Math.round(host.readyMs), pageLoadMs, listFirstOpenMs: first, listInteractiveMs: median(runs), listRuns: runs,
      scroll: {
        rowsTarget: opts.rows, rowsReached: scroll.rowsReached, seconds: round(scroll.seconds, 1), frames: d.length, p50: round(percentile(d, 0.5), 1), p95: round(percentile(d, 0.95), 1),
        maxMs: round(Math.max(...d), 1), over50ms: d.filter((x) => x > 50).length, over100ms: d.filter((x) => x > 100).length, waitingFrames: scroll.waiting, callsDuringScroll: calls,
      },
      hostCalls,
    }
    opts.log(`    scroll ${result.scroll.rowsReached} rows in ${result.scroll.seconds} s: ${result.scroll.frames} frames, p50 ${result.scroll.p50} ms, p95 ${result.scroll.p95} ms, max ${result.scroll.maxMs} ms, ${result.scroll.over50ms} frames > 50 ms, ${result.scroll.waitingFrames} frames waiting for a page; calls sent: ${JSON.stringify(calls)}`)
    const slow = Object.entries(hostCalls).sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, 6)
    opts.log(`    host time by method: ${slow.map(([m, c]) => `${m} ${c.calls}× ${c.totalMs} ms (max ${round(c.maxMs, 0)} ms, ${c.maxBytes} B)`).join('; ')}`)
    return result
  } finally {
    await browser.close()
    await host.stop()
  }
}
