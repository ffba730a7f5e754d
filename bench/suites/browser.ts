/// <reference lib="dom" />
/**
 * The customer list in Chromium through the headless host, on a generated database:
 * time from opening the list until its first rows are on screen and the page answers the next
 * animation frame (interactive), and a scroll through 10,000 rows of the virtualised list
 * (pages load as it goes) measuring frame intervals with requestAnimationFrame.
 */
import { chromium, type Page } from 'playwright-core'
import { ADMIN } from '../lib/cache'
import { median, percentile, round } from '../lib/timing'
import { startHost } from './host'

export interface BrowserResult {
  hostReadyMs: number
  /** First opening of the list after login (route code loaded on demand). */
  listFirstOpenMs: number
  /** Median of later openings (home → list). */
  listInteractiveMs: number
  listRuns: number[]
  scroll: { rowsTarget: number; rowsReached: number; seconds: number; frames: number; p50: number; p95: number; maxMs: number; over50ms: number; over100ms: number; callsDuringScroll: Record<string, number> }
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
  // Interactive: the main thread is free to paint the next frame after the rows.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  return Date.now() - started
}

export async function browserSuite(dataDir: string, opts: { rows: number; log: (s: string) => void }): Promise<BrowserResult> {
  const host = await startHost(dataDir)
  opts.log(`    host ready in ${Math.round(host.readyMs)} ms at ${host.url}`)
  const browser = await chromium.launch({ executablePath: process.env.LAIBANG_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    // A loaded shared machine stretches everything; the figures say how long it took.
    page.setDefaultTimeout(180_000)
    page.setDefaultNavigationTimeout(180_000)
    await page.goto(host.url)
    await page.getByTestId('login-username').fill(ADMIN.username)
    await page.getByTestId('login-password').fill(ADMIN.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('navbar').waitFor({ timeout: 60_000 })
    const first = await openList(page)
    const runs: number[] = []
    for (let i = 0; i < 5; i++) {
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
    const scroll = await page.evaluate<{ rowsReached: number; seconds: number; deltas: number[] }>(`new Promise((resolve) => {
      const target = ${opts.rows}, rowHeight = 52
      const el = document.querySelector('[data-testid="customer-table"]')
      const deltas = []
      const started = performance.now()
      let last = started
      const step = (now) => {
        deltas.push(now - last)
        last = now
        el.scrollTop += rowHeight * 8
        const reached = Math.floor(el.scrollTop / rowHeight)
        if (reached >= target || now - started > 90000) resolve({ rowsReached: reached, seconds: (now - started) / 1000, deltas: deltas.slice(1) })
        else requestAnimationFrame(step)
      }
      requestAnimationFrame(step)
    })`)
    const calls = await page.evaluate<Record<string, number>>('window.__lbCalls')
    const d = scroll.deltas
    const result: BrowserResult = {
      hostReadyMs: Math.round(host.readyMs), listFirstOpenMs: first, listInteractiveMs: median(runs), listRuns: runs,
      scroll: {
        rowsTarget: opts.rows, rowsReached: scroll.rowsReached, seconds: round(scroll.seconds, 1), frames: d.length, p50: round(percentile(d, 0.5), 1), p95: round(percentile(d, 0.95), 1),
        maxMs: round(Math.max(...d), 1), over50ms: d.filter((x) => x > 50).length, over100ms: d.filter((x) => x > 100).length, callsDuringScroll: calls,
      },
    }
    opts.log(`    scroll ${result.scroll.rowsReached} rows in ${result.scroll.seconds} s: ${result.scroll.frames} frames, p50 ${result.scroll.p50} ms, p95 ${result.scroll.p95} ms, max ${result.scroll.maxMs} ms, ${result.scroll.over50ms} frames > 50 ms; calls sent: ${JSON.stringify(calls)}`)
    return result
  } finally {
    await browser.close()
    await host.stop()
  }
}
